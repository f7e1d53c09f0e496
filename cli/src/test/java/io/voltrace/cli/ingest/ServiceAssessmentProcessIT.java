package io.voltrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.cli.VoltraceCli;
import io.voltrace.testing.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user runs it, no demo code: {@code voltrace ingest} and {@code voltrace edge} as separate JVMs
 * (the built classpath), set up through the admin CLI and the REST API. The edge simulates a month of a pack whose
 * true SOH is 85 % at full pace; the ingest's own scheduler ({@code health.interval}) must then serve a graded
 * assessment on {@code /health} within the stated tolerance of the truth.
 */
class ServiceAssessmentProcessIT {
    static final String CODE = "VTRPE96DEMO001T5C0000085";
    static final double TRUE_SOH = 85;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSimulatedMonthStreamedByTheEdgeIsAssessedAndGradedByTheRunningService() throws Exception {
        Path data = dir.resolve("ingest");
        // An administrator's token, made offline on the registry before the service starts (as the README says).
        StringWriter tokenOut = new StringWriter();
        var cli = VoltraceCli.commandLine();
        cli.setOut(new PrintWriter(tokenOut));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("ingest", "token", "create", "--role", "admin", "--label", "e2e", "--data",
                data.toString())).isZero();
        String admin = tokenOut.toString().strip();

        int mqttPort = Ports.free();
        int httpPort = Ports.free();
        Child ingest = Child.start(dir.resolve("ingest.log"), Map.of("VOLTRACE_INGEST_HEALTH_INTERVAL", "5s",
                "VOLTRACE_LOG_LEVEL", "INFO"),
                "-Xmx1g", "ingest", "--data", data.toString(), "--mqtt-port", Integer.toString(mqttPort),
                "--http-port", Integer.toString(httpPort));
        try {
            String api = "http://127.0.0.1:" + httpPort;
            ingest.awaitPort(httpPort, Duration.ofSeconds(90));
            assertThat(call(api, admin, "POST", "/api/v1/organisations",
                    Map.of("id", "acme", "name", "ACME Fleet", "kind", "fleet")).status()).isEqualTo(201);
            Reply device = call(api, admin, "POST", "/api/v1/devices", Map.of("id", "veh-e2e"));
            assertThat(device.status()).as(device.body()).isEqualTo(201);
            String secret = device.json().get("secret").asText();
            Reply battery = call(api, admin, "POST", "/api/v1/batteries", Map.of("code", CODE, "device", "veh-e2e",
                    "chemistry", "NMC", "nominalAh", 60, "cellsSeries", 96, "ownerOrg", "acme"));
            assertThat(battery.status()).as(battery.body()).isEqualTo(201);

            Path conf = Files.writeString(dir.resolve("edge.conf"), String.join("\n",
                    "device.id = veh-e2e", "device.battery = " + CODE,
                    "can.source = simulator", "can.replay.pace = max", "can.simulator.days = 30",
                    "can.simulator.soh = " + TRUE_SOH, "can.simulator.ah = 60", "can.simulator.cells = 96",
                    "can.simulator.seed = 5", "sample.interval = 60",
                    "spool.dir = " + dir.resolve("spool"), "mqtt.server = tcp://127.0.0.1:" + mqttPort,
                    "mqtt.password = " + secret, "status.interval = 1min", "") );
            Child edge = Child.start(dir.resolve("edge.log"), Map.of(), "-Xmx128m", "edge", "--config",
                    conf.toString());
            int exit = edge.awaitExit(Duration.ofMinutes(15));
            assertThat(exit).as("edge exit status; %s", edge.log()).isZero();
            Instant edgeDone = Instant.now();

            // The service assesses on its own: wait until it has settled on an assessment, i.e. one exists and no
            // newer one came for four intervals after everything was delivered (it has seen the last change). The
            // last assessment may predate the edge's exit: the edge exits only after its last message was acked,
            // and a round can read the final evidence in the moment between (CI saw that once).
            JsonNode health = null;
            Reply last = null;
            String settledAt = null;
            long seenNanos = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                Reply h = call(api, admin, "GET", "/api/v1/batteries/" + CODE + "/health", null);
                last = h;
                if (h.status() == 200) {
                    String at = h.json().get("assessedAt").asText();
                    if (!at.equals(settledAt)) {
                        settledAt = at;
                        seenNanos = System.nanoTime();
                    } else if (System.nanoTime() - seenNanos > Duration.ofSeconds(20).toNanos()) {
                        health = h.json();
                        break;
                    }
                }
                Thread.sleep(1000);
            }
            assertThat(health).as("a scheduled assessment that settled after the month arrived (edge done %s, last answer %s %s);"
                    + " ingest log:\n%s", edgeDone, last.status(), last.body(), ingest.log())
                    .isNotNull();
            System.out.println("assessment: " + health);
            assertThat(health.get("grade").asText()).isIn("REUSE_A", "REUSE_B", "REUSE_C", "NEEDS_TEST", "RECOVERY");
            assertThat(health.get("sohPercent").isNumber()).as("an SOH figure: %s", health.get("reasons")).isTrue();
            double soh = health.get("sohPercent").asDouble();
            double sigma = health.get("uncertaintyPercent").asDouble();
            // Stated tolerance: the assessment's own ±1σ; the estimate must lie within 3σ, and within 3 points.
            assertThat(Math.abs(soh - TRUE_SOH)).as("estimated %.2f ± %.2f, true %.1f", soh, sigma, TRUE_SOH)
                    .isLessThanOrEqualTo(Math.min(3.0, 3 * sigma));
            assertThat(health.get("grade").asText()).as("85 %% grades for reuse").startsWith("REUSE");
            Reply history = call(api, admin, "GET", "/api/v1/batteries/" + CODE + "/health/history", null);
            assertThat(history.json().get("count").asInt()).isPositive();
        } finally {
            ingest.stop();
        }
    }

    record Reply(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    Reply call(String api, String token, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization",
                "Bearer " + token).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** A {@code voltrace} command in its own JVM on this test's classpath, its output in a log file. */
    record Child(Process process, Path logFile) {
        static Child start(Path log, Map<String, String> env, String heap, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), heap, "-cp", System.getProperty("java.class.path"), "io.voltrace.cli.VoltraceCli"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            return new Child(pb.start(), log);
        }

        void awaitPort(int port, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("the child is running; %s", log()).isTrue();
                try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            throw new AssertionError("port " + port + " did not open within " + timeout + "; " + log());
        }

        int awaitExit(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        }

        /** SIGTERM, as an operator stops the service; then SIGKILL if it does not end. */
        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }

        String log() throws IOException {
            return Files.exists(logFile) ? logFile + ":\n" + Files.readString(logFile) : "(no log)";
        }
    }
}
