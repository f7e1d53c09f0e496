package io.voltrace.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An ingest running in its own JVM (the same classpath as this one), so a benchmark can measure it apart from the
 * load generator and kill it with SIGKILL the way a crash would.
 */
final class ChildIngest {
    private final Path data;
    private final int mqttPort;
    private final int httpPort;
    private final Path log;
    private final io.voltrace.ingest.store.Durability durability;
    private Process process;

    ChildIngest(Path data, int mqttPort, int httpPort, io.voltrace.ingest.store.Durability durability) {
        this.durability = durability;
        this.data = data;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
        this.log = data.resolveSibling(data.getFileName() + "-ingest.log");
    }

    void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.voltrace.cli.VoltraceCli");
        command.add("ingest");
        command.add("--data");
        command.add(data.toString());
        command.add("--mqtt-port");
        command.add(Integer.toString(mqttPort));
        command.add("--http-port");
        command.add(Integer.toString(httpPort));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("VOLTRACE_INGEST_STORE_DURABILITY", durability.toString());
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // After a kill the ingest first waits (up to 2 min) for QuestDB to apply what it had committed; on a loaded
        // machine that alone can pass a minute, so wait longer than that wait.
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the ingest child exited with " + process.exitValue() + "; its log "
                        + log + " ends with:\n" + tail(log, 20));
            }
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", httpPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the ingest child did not come up within 180 s; see " + log);
    }

    /** SIGKILL: no shutdown hook runs, nothing is drained. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the ingest drains its queued writes and closes its stores. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            // Its last reduction pass waits for the store to apply every write (up to a minute): give it that.
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = java.nio.file.Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    long pid() {
        return process.pid();
    }
}
