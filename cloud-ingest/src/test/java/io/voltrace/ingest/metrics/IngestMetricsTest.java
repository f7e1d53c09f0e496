package io.voltrace.ingest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.intake.IntakeCounters;
import io.voltrace.ingest.intake.TelemetrySink;
import io.voltrace.ingest.intake.WriteBatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus exposition reads the pipeline's own counters and times the real sink. */
class IngestMetricsTest {

    static TelemetryBatch batch(int samples) {
        List<PackSample> list = new java.util.ArrayList<>();
        for (int i = 0; i < samples; i++) {
            list.add(new PackSample(1_000L * i, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22));
        }
        return new TelemetryBatch(1, "veh-1", "VTRPE96DEMO001T5C0000001", 1, list);
    }

    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void exposesIntakeCountersBatcherQueueAndWriteLatency() throws Exception {
        IngestMetrics metrics = new IngestMetrics();
        IntakeCounters direct = new IntakeCounters();
        AtomicBoolean storeDown = new AtomicBoolean(true);
        CountDownLatch release = new CountDownLatch(1);
        TelemetrySink sink = batches -> {
            if (storeDown.get()) {
                throw new IllegalStateException("store down");
            }
            release.await(10, TimeUnit.SECONDS);
        };
        WriteBatcher batcher = new WriteBatcher(metrics.timed(sink), 100_000, 5);
        metrics.bindIntake("direct", direct).bindBatcher(batcher);
        try {
            direct.accepted(batch(3).points());
            direct.acceptedEvidence();
            direct.acceptedEvidence();
            batcher.submit(batch(3), () -> { });
            direct.refused("value out of range");
            direct.refused("value out of range");
            direct.refused("bad credentials");

            // While the store fails, the points wait in the queue and each failed attempt is an error.
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.writeFailures() >= 1);
            String during = metrics.scrape();
            assertThat(value(during, "voltrace_ingest_messages_accepted_total{intake=\"direct\"}")).isEqualTo(1);
            assertThat(value(during, "voltrace_ingest_points_accepted_total{intake=\"direct\"}")).isEqualTo(30);
            assertThat(value(during, "voltrace_ingest_evidence_accepted_total{intake=\"direct\"}")).isEqualTo(2);
            assertThat(value(during, "voltrace_ingest_queue_points")).isEqualTo(30);
            assertThat(value(during, "voltrace_store_write_errors_total")).isGreaterThanOrEqualTo(1);
            assertThat(value(during, "voltrace_ingest_messages_rejected_total{intake=\"direct\",reason=\"value out of range\"}"))
                    .isEqualTo(2);
            assertThat(value(during, "voltrace_ingest_messages_rejected_total{intake=\"direct\",reason=\"bad credentials\"}"))
                    .isEqualTo(1);

            storeDown.set(false);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> batcher.pointsWritten() == 30);
            String after = metrics.scrape();
            assertThat(value(after, "voltrace_ingest_queue_points")).isZero();
            assertThat(value(after, "voltrace_store_points_written_total")).isEqualTo(30);
            assertThat(value(after, "voltrace_store_batches_written_total")).isEqualTo(1);
            double attempts = value(after, "voltrace_store_write_seconds_count");
            assertThat(attempts).isEqualTo(value(after, "voltrace_store_write_errors_total") + 1);
            assertThat(after).contains("voltrace_store_write_seconds_bucket{le=\"+Inf\"}");
        } finally {
            batcher.close();
        }
    }

    @Test
    void theTimedSinkPassesFailuresOn() {
        IngestMetrics metrics = new IngestMetrics();
        TelemetrySink failing = metrics.timed(batches -> {
            throw new java.io.IOException("refused");
        });
        assertThatThrownBy(() -> failing.write(List.of(batch(1)))).hasMessage("refused");
        assertThat(value(metrics.scrape(), "voltrace_store_write_errors_total")).isEqualTo(1);
    }
}
