package io.voltrace.edge.testing;

import io.voltrace.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto started by a test on free ports with its own configuration; its files live in the test's folder.
 * Tests are skipped with a notice when {@code /usr/sbin/mosquitto} is not installed.
 */
public final class Mosquitto implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final Path dir;
    private final List<Integer> ports;

    private Mosquitto(Process process, Path dir, List<Integer> ports) {
        this.process = process;
        this.dir = dir;
        this.ports = ports;
    }

    public static void assumeInstalled() {
        if (!Files.isExecutable(BINARY)) {
            System.out.println("NOTICE: " + BINARY + " is not installed; Mosquitto tests are skipped");
        }
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "mosquitto not installed");
    }

    /**
     * Starts a broker. {@code config} is the configuration without listeners; each entry of {@code listeners} is the
     * body of one listener block, with {@code %PORT%} replaced by a free port.
     */
    public static Mosquitto start(Path dir, String config, List<String> listeners) throws Exception {
        assumeInstalled();
        Files.createDirectories(dir);
        // A test's subscriber is an instrument: the broker must queue for it, not drop. Mosquitto's default drops
        // QoS 1 messages beyond 1,000 queued for a slow client (ReconnectIT's subscriber lost the tail of a backlog
        // on a loaded machine); deploy/mosquitto/mosquitto.conf sets the same for the production broker.
        StringBuilder conf = new StringBuilder(config).append("\nuser root\npersistence false\n")
                .append("max_queued_messages 100000\n")
                .append("log_dest file ").append(dir.resolve("mosquitto.log")).append('\n')
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        List<Integer> ports = new ArrayList<>();
        for (String listener : listeners) {
            int port = Ports.free();
            ports.add(port);
            conf.append("\nlistener ").append(port).append(" 127.0.0.1\n").append(listener).append('\n');
        }
        Path file = dir.resolve("mosquitto.conf");
        Files.writeString(file, conf);
        Process p = new ProcessBuilder(BINARY.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        Mosquitto m = new Mosquitto(p, dir, ports);
        for (int port : ports) {
            m.awaitListening(port);
        }
        return m;
    }

    /** Writes a Mosquitto password file with {@code mosquitto_passwd}. */
    public static Path passwordFile(Path dir, String... userPasswordPairs) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("passwords");
        Files.deleteIfExists(file);
        for (int i = 0; i < userPasswordPairs.length; i += 2) {
            List<String> cmd = new ArrayList<>(List.of("mosquitto_passwd", "-b"));
            if (i == 0) {
                cmd.add("-c");
            }
            cmd.addAll(List.of(file.toString(), userPasswordPairs[i], userPasswordPairs[i + 1]));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mosquitto_passwd failed: " + out);
            }
        }
        return file;
    }

    public int port(int listener) {
        return ports.get(listener);
    }

    public int port() {
        return port(0);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("mosquitto.out")) + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + ": " + log());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
