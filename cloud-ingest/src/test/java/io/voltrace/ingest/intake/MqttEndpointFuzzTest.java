package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.validation.TelemetryValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * Over 100,000 random, mutated and out-of-order MQTT packets at the endpoint, over thousands of connections, some
 * logged in and some not: the endpoint must not fail (no exception escapes to Vert.x) and a well-behaved device must
 * still log in, publish and be stored at the end. Seeded, so a failure reruns the same way ({@code -Dfuzz.seed=}).
 */
class MqttEndpointFuzzTest {
    static final String B1 = MqttIntakeTest.B1;
    static final int PACKETS = 100_000;

    @Test
    void randomAndMutatedPacketsDoNotBreakTheEndpoint() throws Exception {
        long seed = Long.getLong("fuzz.seed", 16L);
        Vertx vertx = Vertx.vertx();
        List<Throwable> unhandled = new CopyOnWriteArrayList<>();
        vertx.exceptionHandler(unhandled::add);
        Map<String, Integer> stored = new ConcurrentHashMap<>();
        DeviceDirectory directory = (device, secret) -> "dev-1".equals(device) && "secret-1".equals(new String(secret))
                ? Optional.of(Set.of(B1)) : Optional.empty();
        WriteBatcher batcher = new WriteBatcher(batches -> {
            for (TelemetryBatch b : batches) {
                b.samples().forEach(s -> stored.merge(b.battery() + "@" + s.ts(), 1, Integer::sum));
            }
        }, 10_000, 5);
        AtomicLong letters = new AtomicLong();
        MqttIntake intake = new MqttIntake(vertx, directory, batcher, TelemetryValidator.withDefaults(),
                (device, topic, reason, detail, payload) -> letters.incrementAndGet())
                // so that logged-in sessions keep being fuzzed; the per-source limit has its own test
                .loginGuard(new LoginGuard(1_000_000, 1_000_000));
        int port = intake.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                MqttIntake.class);
        ch.qos.logback.classic.Level level = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.ERROR); // thousands of refusals, each rightly logged
        try {
            AtomicLong sent = new AtomicLong();
            AtomicLong connections = new AtomicLong();
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(seed * 31 + t);
                runs.add(pool.submit(() -> {
                    while (sent.get() < PACKETS) {
                        connections.incrementAndGet();
                        sent.addAndGet(fuzzOneConnection(port, random));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            log.setLevel(level);
            // Fuzzed connections also log in as dev-1: let them finish, or one takes the device's session over.
            // A generous bound: the event loop may still be working through the fuzzers' backlog on a loaded
            // machine. A leaked login or session never drains, and the message then says which.
            try {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> intake.pendingLogins() == 0 && intake.connectedDevices() == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("after the fuzz, still " + intake.pendingLogins() + " logins pending and "
                        + intake.connectedDevices() + " devices connected", e);
            }
            System.err.printf("fuzz: %d packets over %d connections (seed %d), %d dead letters%n",
                    sent.get(), connections.get(), seed, letters.get());
            assertThat(sent.get()).isGreaterThanOrEqualTo(PACKETS);

            // A well-behaved device still gets in, publishes and is stored.
            MqttClient device = new MqttClient("tcp://127.0.0.1:" + port, "dev-1", new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName("dev-1");
            options.setPassword("secret-1".getBytes(StandardCharsets.UTF_8));
            options.setConnectionTimeout(10);
            device.connect(options);
            long seq = 1_300; // within a day of T0: the validator takes it
            IMqttToken token = device.getTopic(Topics.telemetry("dev-1"))
                    .publish(new MqttMessage(MqttIntakeTest.payload("dev-1", B1, seq), 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()[0]).isZero();
            assertThat(stored).containsKey(B1 + "@" + (MqttIntakeTest.T0 + seq * 60_000));
            device.disconnect();
            await().atMost(Duration.ofSeconds(20)).until(() -> intake.connectedDevices() == 0);
            // Vert.x's MQTT codec throws on some malformed packets (an unknown reason code, a packet before CONNECT)
            // before any handler of ours runs; those are the library refusing bytes. Nothing of ours may throw.
            assertThat(unhandled).as("exceptions thrown by the library's codec only").allSatisfy(t ->
                    assertThat(MqttIntake.isMalformedPacket(t)).as(t + " at " + java.util.Arrays.toString(
                            java.util.Arrays.copyOf(t.getStackTrace(), Math.min(8, t.getStackTrace().length))))
                            .isTrue());
        } finally {
            log.setLevel(level);
            intake.stop().await(10, TimeUnit.SECONDS);
            batcher.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** One connection: usually a CONNECT first, then a run of valid, mutated and random packets; the count sent. */
    private static int fuzzOneConnection(int port, Random random) {
        int packets = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int version = random.nextBoolean() ? 5 : 4;
        if (random.nextInt(10) < 7) {
            out.writeBytes(random.nextInt(10) < 8
                    ? RawMqtt.connect(version, "dev-1", "dev-1", "secret-1")
                    : RawMqtt.connect(version, randomText(random), randomText(random), randomText(random)));
            packets++;
        }
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            byte[] valid = validPacket(random, version);
            int kind = random.nextInt(10);
            out.writeBytes(kind < 6 ? valid : kind < 9 ? mutate(valid, random) : randomBytes(random));
            packets++;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoLinger(true, 0); // close with RST now and then: the server must cope with both
            OutputStream os = socket.getOutputStream();
            os.write(out.toByteArray());
            os.flush();
            if (random.nextInt(4) == 0) {
                socket.setSoTimeout(50);
                try {
                    socket.getInputStream().read(new byte[4096]);
                } catch (IOException timeout) {
                    // the answer does not matter, only that the server lives
                }
            }
        } catch (IOException refusedOrReset) {
            // the server may close a connection that sent garbage: that is the point
        }
        return packets;
    }

    private static byte[] validPacket(Random random, int version) {
        int id = 1 + random.nextInt(65_535);
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> RawMqtt.publish(version, random.nextInt(2), Topics.telemetry("dev-1"), id,
                    MqttIntakeTest.payload("dev-1", B1, random.nextInt(1_000)));
            case 3 -> RawMqtt.publish(version, random.nextInt(3), randomText(random), id, randomBytes(random));
            case 4 -> RawMqtt.publish(version, random.nextInt(2), Topics.evidence("dev-1"), id, randomBytes(random));
            case 5 -> RawMqtt.subscribe(version, id, "#", randomText(random));
            case 6 -> RawMqtt.packet(0xA2, concat(new byte[] {(byte) (id >> 8), (byte) id}, version >= 5
                    ? new byte[] {0} : new byte[0], string("a/b"))); // UNSUBSCRIBE
            case 7 -> new byte[] {(byte) 0xC0, 0}; // PINGREQ
            case 8 -> RawMqtt.packet(0x40 | random.nextInt(3) << 4, new byte[] {(byte) (id >> 8), (byte) id}); // acks
            case 9 -> RawMqtt.packet(0x62, new byte[] {(byte) (id >> 8), (byte) id}); // PUBREL
            case 10 -> RawMqtt.connect(version, "dev-1", "dev-1", "secret-1"); // a second CONNECT
            default -> random.nextBoolean() ? new byte[] {(byte) 0xE0, 0} : new byte[] {(byte) 0xF0, 0}; // DISC, AUTH
        };
    }

    private static byte[] mutate(byte[] packet, Random random) {
        byte[] b = packet.clone();
        switch (random.nextInt(4)) {
            case 0 -> { // flip bytes
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return b;
            }
            case 1 -> { // cut short
                return java.util.Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 2 -> { // a remaining length that lies (up to the 4-byte maximum)
                b[1] = (byte) (0x80 | random.nextInt(256));
                return concat(java.util.Arrays.copyOf(b, 2), new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F},
                        java.util.Arrays.copyOfRange(b, 2, b.length));
            }
            default -> { // reserved flags and packet type 0
                b[0] = (byte) (random.nextBoolean() ? b[0] & 0xF0 | random.nextInt(16) : b[0] & 0x0F);
                return b;
            }
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    private static String randomText(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(30); i > 0; i--) {
            s.append((char) random.nextInt(random.nextBoolean() ? 128 : 0xD000));
        }
        return s.toString();
    }

    private static byte[] string(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawMqtt.string(out, s);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
