package io.voltrace.cli.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.Scratch;
import io.voltrace.ingest.registry.Registry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A fleet reconnecting at once after an ingest restart: N registered devices open their MQTT 5 connections to an
 * ingest in a child JVM at the same moment and log in with their own secrets; a device refused as busy retries after
 * a random pause, as Paho's automatic reconnect does. Then the connections are held idle and the child's heap is
 * read after a full GC (jcmd). The load runs in this process with raw CONNECT packets on one event loop, so it does
 * not need a thread per device; the ingest is a separate process so each side stays within its open-file limit.
 */
@Command(name = "reconnect", mixinStandardHelpOptions = true,
        description = {"N devices reconnect at once to an ingest in a child process; reports how long until all are "
                + "connected and the ingest's heap with the connections held idle. Ends with one JSON line "
                + "{\"devices\": n, \"allConnectedSeconds\": x, \"busyRetries\": n, \"heapIdleMiB\": x, "
                + "\"heapHeldMiB\": x, ...}.",
                "Exit status 3 when not every device was connected within --target-seconds."},
        footer = {"  ./voltrace bench reconnect                      # 10,000 devices, target 30 s",
                "  ./voltrace bench reconnect --devices 500 --hold-seconds 2"},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:all devices connected within the target", "1:failed while running",
                "2:bad input (wrong options)", "3:not all devices connected within the target"})
public final class ReconnectBenchCommand implements Callable<Integer> {
    private static final char[] SECRET = "bench-reconnect-secret-0123456789abcdef".toCharArray();
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    @Option(names = "--devices", defaultValue = "10000", description = "devices reconnecting at once (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--target-seconds", defaultValue = "30", description = "all must be connected within this (default ${DEFAULT-VALUE})")
    int targetSeconds;

    @Option(names = "--hold-seconds", defaultValue = "10", description = "how long the idle connections are held before the heap is read (default ${DEFAULT-VALUE})")
    int holdSeconds;

    @Option(names = "--data", paramLabel = "DIR", description = "where the child ingest keeps its stores (default: a temporary folder)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (devices < 1 || targetSeconds < 1 || holdSeconds < 0) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--devices and --target-seconds must be at least 1, --hold-seconds at least 0");
        }
        return Scratch.inFolder(dataDir, "voltrace-bench-reconnect-", this::run);
    }

    private int run(Path data) throws Exception {
        Path ingestData = data.resolve("ingest");
        Files.createDirectories(ingestData);
        long provisionStart = System.nanoTime();
        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(ingestData)) {
            java.util.stream.IntStream.range(0, devices).parallel()
                    .forEach(d -> registry.registerDevice(deviceId(d), SECRET));
        }
        System.err.printf("bench reconnect: %d devices provisioned in %.1f s%n", devices,
                (System.nanoTime() - provisionStart) / 1e9);
        int mqttPort = Scratch.freePort();
        ChildIngest ingest = new ChildIngest(ingestData, mqttPort, Scratch.freePort(),
                io.voltrace.ingest.store.Durability.DEFAULT);
        ingest.start();
        Vertx vertx = Vertx.vertx();
        try {
            double heapIdle = heapAfterGcMiB(ingest.pid());
            Storm storm = new Storm(vertx, mqttPort);
            long start = System.nanoTime();
            for (int d = 0; d < devices; d++) {
                storm.connect(deviceId(d));
            }
            long deadline = start + Math.max(targetSeconds * 4L, 120L) * 1_000_000_000L; // stops by itself
            while (storm.connected.get() < devices && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int connected = storm.connected.get();
            double allSeconds = (System.nanoTime() - start) / 1e9;
            boolean met = connected == devices && allSeconds <= targetSeconds;
            System.err.printf("bench reconnect: %d of %d connected after %.1f s (%d busy retries); holding %d s%n",
                    connected, devices, allSeconds, storm.retries.get(), holdSeconds);
            Thread.sleep(holdSeconds * 1000L);
            int stillOpen = storm.open.size();
            double heapHeld = heapAfterGcMiB(ingest.pid());
            long rss = ProcStats.rssBytes(ingest.pid());
            System.out.println(String.format(Locale.ROOT, "{\"bench\": \"reconnect\", \"devices\": %d, "
                            + "\"connected\": %d, \"allConnectedSeconds\": %.2f, \"targetSeconds\": %d, \"met\": %b, "
                            + "\"busyRetries\": %d, \"otherRefusals\": %d, \"heldOpen\": %d, \"heapIdleMiB\": %.1f, "
                            + "\"heapHeldMiB\": %.1f, \"heapPerConnectionKiB\": %.2f, \"ingestRssMiB\": %.1f}",
                    devices, connected, allSeconds, targetSeconds, met, storm.retries.get(), storm.otherRefusals.get(),
                    stillOpen, heapIdle, heapHeld, (heapHeld - heapIdle) * 1024 / Math.max(1, stillOpen),
                    rss / 1048576.0));
            storm.closeAll();
            return met ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
            ingest.stop();
        }
    }

    private static String deviceId(int d) {
        return String.format("storm-%05d", d);
    }

    /** The child's used heap after a full collection, from {@code jcmd GC.heap_info}; -1 when jcmd is missing. */
    private static double heapAfterGcMiB(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        run(jcmd.toString(), Long.toString(pid), "GC.run");
        String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        return m.find() ? Long.parseLong(m.group(2)) / 1024.0 : -1;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** The devices' side: raw MQTT 5 CONNECTs on one event loop, a retry after a random pause when refused. */
    private static final class Storm {
        final Vertx vertx;
        final List<NetClient> clients = new ArrayList<>();
        final int port;
        final AtomicInteger connected = new AtomicInteger();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong otherRefusals = new AtomicLong();
        final java.util.Set<NetSocket> open = ConcurrentHashMap.newKeySet();
        final SplittableRandom random = new SplittableRandom(16);

        Storm(Vertx vertx, int port) {
            this.vertx = vertx;
            this.port = port;
            for (int i = 1; i <= SOURCES; i++) {
                clients.add(vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000)
                        .setLocalAddress("127.0.0." + i)));
            }
        }

        /**
         * A fleet comes from many addresses; the devices are spread over {@link #SOURCES} loopback addresses, which
         * also keeps each address's ephemeral ports far from running out.
         */
        static final int SOURCES = 40;

        void connect(String device) {
            NetClient client = clients.get(Math.floorMod(device.hashCode(), SOURCES));
            client.connect(port, "127.0.0.1").onComplete(result -> {
                if (result.failed()) {
                    retryLater(device);
                    return;
                }
                NetSocket socket = result.result();
                Buffer received = Buffer.buffer();
                boolean[] answered = {false};
                socket.handler(bytes -> {
                    if (answered[0]) {
                        return;
                    }
                    received.appendBuffer(bytes);
                    if (received.length() < 4) {
                        return;
                    }
                    answered[0] = true;
                    int reason = received.getByte(3) & 0xFF;
                    if (received.getByte(0) == 0x20 && reason == 0) {
                        connected.incrementAndGet();
                        open.add(socket);
                        socket.closeHandler(v -> open.remove(socket));
                    } else {
                        if (reason == 0x89 || reason == 0x9F) {
                            retries.incrementAndGet();
                        } else {
                            otherRefusals.incrementAndGet();
                        }
                        socket.close();
                        retryLater(device);
                    }
                });
                socket.closeHandler(v -> {
                    if (!answered[0]) {
                        answered[0] = true;
                        retryLater(device);
                    }
                });
                socket.write(Buffer.buffer(connectPacket(device)));
            });
        }

        void retryLater(String device) {
            long pause;
            synchronized (random) {
                pause = 200 + random.nextInt(800);
            }
            vertx.setTimer(pause, t -> connect(device));
        }

        void closeAll() {
            List<NetSocket> all = new ArrayList<>(open);
            all.forEach(NetSocket::close);
        }

        /** An MQTT 5 CONNECT with clean start, keep-alive 0 (idle connections are held without pings). */
        static byte[] connectPacket(String device) {
            ByteArrayOutputStream v = new ByteArrayOutputStream();
            string(v, "MQTT");
            v.write(5);
            v.write(0xC2); // user name, password, clean start
            v.write(0);
            v.write(0);
            v.write(0); // no properties
            string(v, device);
            string(v, device);
            string(v, new String(SECRET));
            byte[] body = v.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x10);
            int length = body.length;
            do {
                int b = length & 0x7F;
                length >>>= 7;
                out.write(length > 0 ? b | 0x80 : b);
            } while (length > 0);
            out.writeBytes(body);
            return out.toByteArray();
        }

        static void string(ByteArrayOutputStream out, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b.length >> 8);
            out.write(b.length);
            out.writeBytes(b);
        }
    }
}
