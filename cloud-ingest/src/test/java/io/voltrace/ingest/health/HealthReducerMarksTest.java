package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.PlausibilityStore;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.StoredSamples;
import io.voltrace.ingest.testing.TestRegistries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reducer's marks against a store that makes writes visible later than it acknowledges them, as QuestDB's WAL
 * does: a write that lands while a pass runs is reduced by the next pass, and every stored sample ends up in exactly
 * one count (reduced, implausible or late). The store here is in memory so the test decides when a write becomes
 * visible; the registry is a real H2 one.
 */
class HealthReducerMarksTest {
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final String CODE = "VTRPE96DEMO001T5C0000031";

    TestRegistries db;
    Registry registry;
    SlowStore store;
    HealthReducer reducer;

    /** Committed rows become visible only at the next {@link #awaitCommittedSoFar}; a hook may write during it. */
    static final class SlowStore implements StoredSamples {
        final List<PackSample> visible = new ArrayList<>();
        final List<PackSample> committed = new ArrayList<>();
        Consumer<SlowStore> duringWait = s -> { };

        void commit(List<PackSample> rows) {
            committed.addAll(rows);
        }

        @Override
        public boolean awaitCommittedSoFar(Duration timeout) {
            visible.addAll(committed); // everything committed before the call
            committed.clear();
            Consumer<SlowStore> hook = duringWait;
            duringWait = s -> { };
            hook.accept(this); // a write committed after the call started: not covered by this wait
            return true;
        }

        @Override
        public List<PackSample> samples(String battery, Instant from, Instant to, int limit) {
            return visible.stream().filter(s -> s.ts() >= from.toEpochMilli() && s.ts() < to.toEpochMilli())
                    .sorted(java.util.Comparator.comparingLong(PackSample::ts)).limit(limit).toList();
        }

        @Override
        public long countThrough(String battery, long throughMillis) {
            return visible.stream().filter(s -> s.ts() <= throughMillis).count();
        }

        @Override
        public OptionalLong latestMillis(String battery) {
            return visible.stream().mapToLong(PackSample::ts).max();
        }
    }

    @BeforeEach
    void open() throws Exception {
        db = TestRegistries.open(TestRegistries.Backend.H2);
        registry = db.registry();
        registry.registerDevice("veh-31", "s1".toCharArray());
        registry.registerBattery(new BatteryRecord(CODE, "veh-31", Chemistry.NMC, 60, 96, "VT-City 50", START));
        store = new SlowStore();
        AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
        reducer = new HealthReducer(registry, store, new ReductionStore(registry.dataSource(), schedule), schedule,
                GradingPolicy.defaults(), Clock.fixed(START.plus(Duration.ofDays(2)), ZoneOffset.UTC), "test");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    /** {@code n} one-minute samples from {@code first} (index), discharging 0.02 Ah a sample. */
    private static List<PackSample> rows(int first, int n) {
        List<PackSample> out = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            out.add(new PackSample(START.toEpochMilli() + i * 60_000L, 350, 20, 60, i * 0.01, i * 0.02, 3.64,
                    3.66, 3.65, 24, 25));
        }
        return out;
    }

    private static List<TelemetryBatch> batch(List<PackSample> rows) {
        return List.of(new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, "veh-31", CODE, 0, rows));
    }

    private ReductionStore.Saved saved() {
        return new ReductionStore(registry.dataSource(), new AssessmentSchedule(registry.dataSource())).load(CODE)
                .orElseThrow();
    }

    @Test
    void aWriteLandingWhileAPassWaitsIsReducedByTheNextPass() {
        List<PackSample> first = rows(0, 100);
        store.commit(first);
        reducer.onStored(batch(first));
        // The battery's last write lands while the pass waits for visibility: acknowledged and marked, not yet
        // visible to this pass. Nothing of the battery comes after it.
        List<PackSample> last = rows(100, 50);
        store.duringWait = s -> {
            s.commit(last);
            reducer.onStored(batch(last));
        };

        assertThat(reducer.drain()).as("the pass sees what was visible").isEqualTo(100);
        assertThat(reducer.pending()).as("the last write's mark survives the pass").isEqualTo(1);
        assertThat(reducer.drain()).as("the next pass reduces the last write").isEqualTo(50);

        ReductionStore.Saved s = saved();
        assertThat(s.reducedSamples()).isEqualTo(150);
        assertThat(s.lateSamples()).isZero();
        assertThat(s.implausibleSamples()).isZero();
        assertThat(s.watermarkMs()).isEqualTo(last.get(49).ts());
        assertThat(EvidenceCodec.decode(s.evidence()).throughput().ahDischarged())
                .as("the discharge counter's span, to the last sample").isCloseTo(149 * 0.02,
                        org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void implausibleSamplesAreCountedApartSoEveryStoredSampleIsInOneCount() {
        List<PackSample> all = rows(0, 200);
        store.commit(all);
        List<PlausibilityStore.Mark> marks = new ArrayList<>();
        for (PackSample s : all.subList(40, 70)) {
            marks.add(new PlausibilityStore.Mark(CODE, s.ts(), "test: marked"));
        }
        new PlausibilityStore(registry.dataSource()).mark(marks, START);
        reducer.onStored(batch(all));

        assertThat(reducer.drain()).as("every row consumed").isEqualTo(200);
        // Then a late row: before the watermark, stored, neither reduced nor implausible.
        PackSample late = new PackSample(START.toEpochMilli() + 30_000, 350, 20, 60, 0, 0, 3.64, 3.66, 3.65, 24,
                25);
        store.commit(List.of(late));
        reducer.onStored(batch(List.of(late)));
        reducer.drain();

        ReductionStore.Saved s = saved();
        assertThat(s.implausibleSamples()).isEqualTo(30);
        assertThat(s.reducedSamples()).isEqualTo(170);
        assertThat(s.lateSamples()).isEqualTo(1);
        assertThat(s.reducedSamples() + s.implausibleSamples() + s.lateSamples()).isEqualTo(201);
        assertThat(reducer.reducedSamples()).isEqualTo(170);
        assertThat(reducer.implausibleSamples()).isEqualTo(30);

        // The counts survive a restart: a fresh reducer resumes from the saved row, and counts on.
        AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
        HealthReducer restarted = new HealthReducer(registry, store, new ReductionStore(registry.dataSource(),
                schedule), schedule, GradingPolicy.defaults(), Clock.systemUTC(), "test-2");
        List<PackSample> more = rows(200, 10);
        store.commit(more);
        new PlausibilityStore(registry.dataSource()).mark(List.of(new PlausibilityStore.Mark(CODE, more.get(0).ts(),
                "test: marked")), START);
        restarted.onStored(batch(more));
        assertThat(restarted.drain()).isEqualTo(10);
        s = saved();
        assertThat(s.implausibleSamples()).isEqualTo(31);
        assertThat(s.reducedSamples()).isEqualTo(179);
        assertThat(s.lateSamples()).isEqualTo(1);
    }
}
