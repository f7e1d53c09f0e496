package io.voltrace.ingest;

import static io.voltrace.ingest.testing.LogLines.FORGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.deadletter.DeadLetterStore;
import io.voltrace.ingest.deadletter.DeadLetterWriter;
import io.voltrace.ingest.intake.WriteBatcher;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.store.TelemetryStoreException;
import io.voltrace.ingest.testing.LogLines;
import io.voltrace.ingest.testing.TestRegistries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * #16: a device's or a caller's string reaches no log line raw. At each entry point a value with a newline, an ANSI
 * escape and 60 kB is escaped and cut (the MQTT endpoint's own lines: MqttEndpointHardeningTest; broker mode:
 * BrokerLogSafetyTest).
 */
class LogSafetyTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void deadLetterWriter() throws Exception {
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2);
             LogLines log = new LogLines(DeadLetterWriter.class)) {
            try (DeadLetterWriter writer = new DeadLetterWriter(new DeadLetterStore(db.registry().dataSource()),
                    Clock.fixed(T0, ZoneOffset.UTC), 10, 16)) {
                writer.refused(FORGED, "voltrace/v1/x/telemetry", FORGED, "detail", new byte[64]); // over 16 bytes
                assertThat(writer.dropped()).isEqualTo(1);
            }
            log.assertSafe("dead-letter queue full");
        }
    }

    @Test
    void writeBatcherDeadLetteringWhatTheStoreRefuses() throws Exception {
        AtomicInteger settled = new AtomicInteger();
        try (LogLines log = new LogLines(WriteBatcher.class)) {
            try (WriteBatcher batcher = new WriteBatcher(batches -> {
                throw new TelemetryStoreException("HTTP 400: cannot parse " + FORGED, null, true);
            }, null, 1000, 5, 0, (device, topic, reason, detail, payload) -> { })) {
                batcher.submit(new TelemetryBatch(1, "dev", "B", 1, List.of(new PackSample(1000, 350, -10, 50, 1, 2,
                        3.6, 3.7, 3.65, 20, 22))), new WriteBatcher.Origin(FORGED, FORGED, new byte[1]),
                        settled::incrementAndGet);
                await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
            }
            log.assertSafe("dead-lettered");
        }
    }

    @Test
    void ledgerListenerFailureOnACallersDetail() throws Exception {
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2);
             LogLines log = new LogLines(Ledger.class)) {
            db.registry().createOrganisation(new Organisation("maker", "maker", OrganisationKind.MANUFACTURER, T0));
            Ledger ledger = new Ledger(db.registry(), Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC));
            ledger.addListener(e -> {
                throw new IllegalStateException("cannot use note " + e.details().get("note"));
            });
            ledger.append(new NewEvent("VTRPE96DEMO001T5C0000001", EventType.PRODUCTION, T0, "maker",
                    Map.of("note", FORGED.substring(0, 500))));
            log.assertSafe("ledger listener failed");
        }
    }
}
