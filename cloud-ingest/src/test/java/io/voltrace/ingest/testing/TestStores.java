package io.voltrace.ingest.testing;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.ingest.health.AssessmentSchedule;
import io.voltrace.ingest.health.HealthReducer;
import io.voltrace.ingest.health.ReductionStore;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.store.TelemetryWriter;
import io.voltrace.ingest.store.TimeSeriesSchema;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What the reducer's tests run on: an embedded QuestDB with the time-series schema, a reader and a writer on it, and a
 * fresh H2 registry. Closed writer first, QuestDB last.
 */
public final class TestStores implements AutoCloseable {
    private final EmbeddedQuestDb questDb;
    private final TelemetryReader reader;
    private final TelemetryWriter writer;
    private final TestRegistries db;

    private TestStores(EmbeddedQuestDb questDb, TelemetryReader reader, TelemetryWriter writer, TestRegistries db) {
        this.questDb = questDb;
        this.reader = reader;
        this.writer = writer;
        this.db = db;
    }

    /** Starts QuestDB in {@code dir/questdb} and opens the rest; whatever opened is closed again if a later part fails. */
    public static TestStores open(Path dir) throws Exception {
        EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
        TelemetryReader reader = null;
        TelemetryWriter writer = null;
        try {
            TimeSeriesSchema.ensure(questDb.pgEndpoint());
            reader = new TelemetryReader(questDb.pgEndpoint());
            writer = new TelemetryWriter(questDb.writeTarget());
            return new TestStores(questDb, reader, writer, TestRegistries.open(TestRegistries.Backend.H2));
        } catch (Exception | Error e) {
            if (writer != null) {
                writer.close();
            }
            if (reader != null) {
                reader.close();
            }
            questDb.close();
            throw e;
        }
    }

    public TelemetryReader reader() {
        return reader;
    }

    public Registry registry() {
        return db.registry();
    }

    /**
     * Writes a battery's samples as device {@code veh-1}'s batches of 500 (sequence numbers from 0) and waits until
     * QuestDB has applied them; returns the batches.
     */
    public List<TelemetryBatch> write(String code, List<PackSample> samples) throws Exception {
        List<TelemetryBatch> batches = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += 500) {
            batches.add(new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, "veh-1", code, i / 500,
                    samples.subList(i, Math.min(samples.size(), i + 500))));
        }
        writer.write(batches);
        reader.awaitApplied(Duration.ofSeconds(30));
        return batches;
    }

    /** A fresh reducer on these stores, at a fixed {@code now}: nothing in memory, as after a restart. */
    public HealthReducer reducer(Instant now) {
        Registry registry = db.registry();
        AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
        return new HealthReducer(registry, reader, new ReductionStore(registry.dataSource(), schedule), schedule,
                GradingPolicy.defaults(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Override
    public void close() throws Exception {
        try {
            writer.close();
            reader.close();
            db.close();
        } finally {
            questDb.close();
        }
    }
}
