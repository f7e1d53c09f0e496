package io.voltrace.ingest.store;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voltrace.ingest.store.TestTelemetry.batch;
import static org.assertj.core.api.Assertions.assertThat;

/** Writes through the line-protocol client and reads back over PG wire, against one in-process QuestDB. */
class TelemetryStoreTest {

    private static final Duration APPLY = Duration.ofSeconds(10);
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private static final AtomicInteger serials = new AtomicInteger();

    @TempDir
    static Path root;

    private static EmbeddedQuestDb db;
    private static TelemetryWriter writer;
    private static TelemetryReader reader;

    @BeforeAll
    static void start() {
        db = EmbeddedQuestDb.start(root);
        TimeSeriesSchema.ensure(db.pgEndpoint());
        writer = new TelemetryWriter(db.writeTarget());
        reader = new TelemetryReader(db.pgEndpoint());
    }

    @AfterAll
    static void stop() {
        if (reader != null) {
            reader.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Each test gets its own batteries, so tests stay independent of each other's rows. */
    private static String newBattery() {
        return TestTelemetry.battery(serials.incrementAndGet());
    }

    private static List<PackSample> all(List<TelemetryBatch> batches) {
        List<PackSample> samples = new ArrayList<>();
        batches.forEach(b -> samples.addAll(b.samples()));
        return samples;
    }

    @Test
    void readsBackExactlyWhatWasWrittenAndRedeliveryChangesNothing() {
        String a = newBattery();
        String b = newBattery();
        // Battery a's second batch starts where its first ends: spanning midnight exercises two partitions.
        long lateEvening = Instant.parse("2026-03-01T23:59:50Z").toEpochMilli();
        List<TelemetryBatch> batches = List.of(
                batch(a, 1, lateEvening - 20_000, 20, 1000),
                batch(a, 2, lateEvening, 20, 1000),
                batch(b, 1, lateEvening, 15, 1000));
        long before = reader.countAll();

        writer.write(batches);
        reader.awaitApplied(APPLY);

        assertThat(reader.count(a)).isEqualTo(40);
        assertThat(reader.count(b)).isEqualTo(15);
        assertThat(reader.countAll()).isEqualTo(before + 55);
        Instant from = Instant.ofEpochMilli(lateEvening - 60_000);
        Instant to = Instant.ofEpochMilli(lateEvening + 60_000);
        assertThat(reader.samples(a, from, to, 1000)).containsExactlyElementsOf(all(batches.subList(0, 2)));
        assertThat(reader.samples(b, from, to, 1000)).containsExactlyElementsOf(batches.get(2).samples());

        writer.write(batches);
        writer.write(List.of(batches.get(1)));
        reader.awaitApplied(APPLY);

        assertThat(reader.count(a)).isEqualTo(40);
        assertThat(reader.count(b)).isEqualTo(15);
        assertThat(reader.countAll()).isEqualTo(before + 55);
        assertThat(reader.duplicateCount()).isZero();
        assertThat(reader.samples(a, from, to, 1000)).containsExactlyElementsOf(all(batches.subList(0, 2)));
    }

    @Test
    void aRewrittenSampleReplacesTheStoredOne() {
        String a = newBattery();
        PackSample first = batch(a, 1, T0, 1, 1000).samples().get(0);
        PackSample corrected = new PackSample(first.ts(), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

        writer.write(List.of(new TelemetryBatch(1, TestTelemetry.DEVICE, a, 1, List.of(first))));
        writer.write(List.of(new TelemetryBatch(1, TestTelemetry.DEVICE, a, 2, List.of(corrected))));
        reader.awaitApplied(APPLY);

        assertThat(reader.samples(a, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1), 10))
                .containsExactly(corrected);
    }

    @Test
    void filtersByHalfOpenTimeRangeAndLimit() {
        String a = newBattery();
        TelemetryBatch batch = batch(a, 1, T0, 10, 1000);
        writer.write(List.of(batch, batch(newBattery(), 1, T0, 10, 1000)));
        reader.awaitApplied(APPLY);
        List<PackSample> s = batch.samples();

        assertThat(reader.samples(a, Instant.ofEpochMilli(T0 + 2000), Instant.ofEpochMilli(T0 + 5000), 100))
                .containsExactlyElementsOf(s.subList(2, 5));
        assertThat(reader.samples(a, Instant.ofEpochMilli(T0 + 2001), Instant.ofEpochMilli(T0 + 5001), 100))
                .containsExactlyElementsOf(s.subList(3, 6));
        assertThat(reader.samples(a, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 10_000), 4))
                .containsExactlyElementsOf(s.subList(0, 4));
        assertThat(reader.samples(a, Instant.MIN, Instant.MAX, 100)).containsExactlyElementsOf(s);
        assertThat(reader.samples(a, Instant.ofEpochMilli(T0 + 10_000), Instant.MAX, 100)).isEmpty();
        assertThat(reader.samples(a, Instant.ofEpochMilli(T0 + 5000), Instant.ofEpochMilli(T0), 100)).isEmpty();
        assertThat(reader.samples(newBattery(), Instant.MIN, Instant.MAX, 100)).isEmpty();
    }

    @Test
    void missingValuesComeBackAsNaN() {
        String a = newBattery();
        PackSample partial = new PackSample(T0, 400, Double.NaN, 50, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        writer.write(List.of(new TelemetryBatch(1, TestTelemetry.DEVICE, a, 1, List.of(partial))));
        reader.awaitApplied(APPLY);

        assertThat(reader.samples(a, Instant.MIN, Instant.MAX, 10)).containsExactly(partial);
    }

    @Test
    void schemaCreationIsIdempotent() {
        TimeSeriesSchema.ensure(db.pgEndpoint());
        TimeSeriesSchema.ensure(db.pgEndpoint());
    }

    @Test
    void writingNothingSendsNothing() {
        writer.write(List.of());
        writer.write(List.of(new TelemetryBatch(1, TestTelemetry.DEVICE, newBattery(), 1, List.of())));
    }
}
