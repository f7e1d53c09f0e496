package io.voltrace.ingest.store;

import io.voltrace.testing.Ports;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** QuestDB as its own process (an "external" store for tests that kill and restart it). */
public final class QuestDbProcess implements AutoCloseable {
    private final Path root;
    private final int httpPort;
    private final int pgPort;
    private Process process;

    private QuestDbProcess(Path root, int httpPort, int pgPort) {
        this.root = root;
        this.httpPort = httpPort;
        this.pgPort = pgPort;
    }

    public static QuestDbProcess start(Path root) throws Exception {
        QuestDbProcess db = new QuestDbProcess(root, Ports.free(), Ports.free());
        db.launch();
        return db;
    }

    public void launch() throws Exception {
        Files.createDirectories(root);
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.questdb.ServerMain", "-d", root.toString()));
        Map<String, String> env = pb.environment();
        env.put("QDB_HTTP_NET_BIND_TO", "127.0.0.1:" + httpPort);
        env.put("QDB_PG_NET_BIND_TO", "127.0.0.1:" + pgPort);
        env.put("QDB_LINE_TCP_NET_BIND_TO", "127.0.0.1:" + Ports.free());
        env.put("QDB_HTTP_MIN_NET_BIND_TO", "127.0.0.1:" + Ports.free());
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        env.put("QDB_LINE_AUTO_CREATE_NEW_TABLES", "false");
        process = pb.redirectErrorStream(true).redirectOutput(root.resolve("stdout.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("QuestDB exited; see " + root.resolve("stdout.log"));
            }
            try (Socket ignored = new Socket("127.0.0.1", pgPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("QuestDB did not start within 60 s; see " + root.resolve("stdout.log"));
    }

    /** SIGKILL, as a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String pgUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb";
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
