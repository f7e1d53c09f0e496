package io.voltrace.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.testing.Ports;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same writer that feeds QuestDB feeds VictoriaMetrics through its InfluxDB-compatible {@code /api/v2/write}:
 * every field of every sample comes back from VictoriaMetrics' export as its own series point.
 */
class VictoriaMetricsWriteTest {
    static final Path BINARY = Path.of("/usr/bin/victoria-metrics");

    @TempDir
    Path dir;

    @Test
    void theInfluxClientWriterFeedsVictoriaMetrics() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            System.out.println("VictoriaMetricsWriteTest skipped: " + BINARY + " is not installed (apt-get install victoria-metrics)");
            Assumptions.abort("victoria-metrics not installed");
        }
        int port = Ports.free();
        Process vm = new ProcessBuilder(BINARY.toString(), "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dir.resolve("vm"), "-retentionPeriod=100y")
                .redirectErrorStream(true).redirectOutput(dir.resolve("vm.log").toFile()).start();
        try {
            waitForPort(port);
            String base = "http://127.0.0.1:" + port;
            long t0 = Instant.now().minus(Duration.ofHours(2)).toEpochMilli() / 1000 * 1000;
            List<TelemetryBatch> batches = new ArrayList<>();
            for (int b = 0; b < 4; b++) {
                List<PackSample> samples = new ArrayList<>();
                for (int k = 0; k < 25; k++) {
                    long ts = t0 + (b * 25L + k) * 1000;
                    samples.add(new PackSample(ts, 350 + k, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22));
                }
                batches.add(new TelemetryBatch(1, "dev-vm", "VTRPE96DEMO001T5C0000301", b, samples));
            }
            try (TelemetryWriter writer = TelemetryWriter.to(base)) {
                writer.write(batches);
            }
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(URI.create(base + "/internal/force_flush")).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            String match = URLEncoder.encode("{__name__=~\"pack_telemetry_.*\",battery=\"VTRPE96DEMO001T5C0000301\"}",
                    StandardCharsets.UTF_8);
            String export = "";
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                export = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/export?match[]=" + match
                        + "&start=" + (t0 / 1000 - 60))).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                if (countValues(export) >= 100 * PackSample.POINTS) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(export.lines().count()).as("one series per field").isEqualTo(PackSample.POINTS);
            assertThat(countValues(export)).isEqualTo(100L * PackSample.POINTS);
            assertThat(export).contains("pack_telemetry_pack_voltage").contains("\"device\":\"dev-vm\"");
        } finally {
            vm.destroy();
            vm.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Export is one JSON object per series, each with a "values" array; count the numbers in them. */
    private static long countValues(String export) {
        long n = 0;
        for (String line : export.lines().toList()) {
            int start = line.indexOf("\"values\":[");
            if (start < 0) {
                continue;
            }
            int end = line.indexOf(']', start);
            String values = line.substring(start + 10, end);
            n += values.isBlank() ? 0 : values.split(",").length;
        }
        return n;
    }

    private static void waitForPort(int port) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("victoria-metrics did not start");
    }
}
