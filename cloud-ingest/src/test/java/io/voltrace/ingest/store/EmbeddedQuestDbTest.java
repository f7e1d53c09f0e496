package io.voltrace.ingest.store;

import io.voltrace.common.wire.TelemetryBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.voltrace.ingest.store.TestTelemetry.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Lifecycle: refusing writes before the schema exists, surviving a restart, failing fast once stopped. */
class EmbeddedQuestDbTest {

    private static final Duration APPLY = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofSeconds(1);

    @TempDir
    Path root;

    @Test
    void keepsDataAcrossRestartAndFailsFastWhenStopped() {
        String battery = TestTelemetry.battery(1);
        List<TelemetryBatch> batches = List.of(batch(battery, 1, 1_772_000_000_000L, 25, 1000));
        String url;
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(root);
             TelemetryWriter writer = new TelemetryWriter(db.writeTarget().withTimeout(SHORT))) {
            assertThat(db.httpUrl()).startsWith("http://127.0.0.1:");
            assertThat(db.pgJdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").endsWith("/qdb");
            // Auto-created tables would keep duplicates, so the embedded store refuses them.
            assertThatThrownBy(() -> writer.write(batches))
                    .isInstanceOf(TelemetryStoreException.class)
                    .hasMessageContaining(db.httpUrl());

            TimeSeriesSchema.ensure(db.pgEndpoint());
            writer.write(batches);
            url = db.httpUrl();
        }

        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(root);
             TelemetryReader reader = new TelemetryReader(db.pgEndpoint())) {
            TimeSeriesSchema.ensure(db.pgEndpoint());
            reader.awaitApplied(APPLY);
            assertThat(reader.count(battery)).isEqualTo(25);
        }

        try (TelemetryWriter writer = new TelemetryWriter(TelemetryWriter.Target.of(url).withTimeout(SHORT))) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> writer.write(batches))
                            .isInstanceOf(TelemetryStoreException.class)
                            .hasMessageContaining("25 samples"));
        }
    }

    @Test
    void writeToAStoreThatNeverAnswersTimesOut() throws IOException {
        // The kernel completes the TCP handshake from the backlog; nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            try (TelemetryWriter writer = new TelemetryWriter(TelemetryWriter.Target.of(url).withTimeout(SHORT))) {
                assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                        assertThatThrownBy(() -> writer.write(List.of(batch(TestTelemetry.battery(2), 1, 0, 3, 1))))
                                .isInstanceOf(TelemetryStoreException.class)
                                // OkHttp says "timeout" for a call timeout, "Read timed out" for a socket read timeout.
                                .hasMessageMatching("(?is).*(timeout|timed out).*"));
            }
        }
    }
}
