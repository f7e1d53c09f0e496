package io.voltrace.ingest.broker;

import io.voltrace.testing.Ports;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Mosquitto 2 broker for a test, on a free port, with its own password file and ACL: devices may only write
 * under their own {@code voltrace/v1/<user>/}, the ingest account reads all telemetry. Persistence is on, so a
 * graceful restart keeps queued messages, as a production broker must.
 */
final class MosquittoProcess implements AutoCloseable {
    static final String BINARY = "/usr/sbin/mosquitto";

    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static MosquittoProcess start(Path dir, Map<String, String> users, String ingestUser) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(BINARY)), "mosquitto is not installed at " + BINARY);
        int port = Ports.free();
        Files.createDirectories(dir);
        Path passwords = dir.resolve("passwords");
        Files.writeString(passwords, "");
        for (Map.Entry<String, String> user : users.entrySet()) {
            run(List.of("mosquitto_passwd", "-b", passwords.toString(), user.getKey(), user.getValue()));
        }
        Files.writeString(dir.resolve("acl"), "user " + ingestUser + "\ntopic read voltrace/v1/#\n\n"
                + "pattern readwrite voltrace/v1/%u/#\n");
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "per_listener_settings false",
                "allow_anonymous false",
                "password_file " + passwords,
                "acl_file " + dir.resolve("acl"),
                "listener " + port + " 127.0.0.1",
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 1",
                "max_inflight_messages 1000",
                "max_queued_messages 100000",
                "user root",
                "log_dest file " + dir.resolve("mosquitto.log"),
                ""));
        MosquittoProcess broker = new MosquittoProcess(dir, port);
        broker.launch();
        return broker;
    }

    void launch() throws Exception {
        process = new ProcessBuilder(BINARY, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not start; see " + dir.resolve("mosquitto.log"));
    }

    /** Graceful stop (SIGTERM): Mosquitto saves its persistence file first. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
