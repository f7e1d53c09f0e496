package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.testing.TestStores;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.telemetry.TelemetryRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reducer over a real QuestDB and an H2 registry: it resumes after a restart from the saved watermark without
 * counting anything twice, and late, out-of-order or repeated telemetry does not change the evidence.
 */
class HealthReducerTest {
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant NOW = START.plus(Duration.ofDays(12));
    static final String RESUMED = "VTRPE96DEMO001T5C0000021";
    static final String LATE = "VTRPE96DEMO001T5C0000022";
    static final String MARKED = "VTRPE96DEMO001T5C0000023";

    @TempDir
    static Path root;
    static TestStores stores;
    static TelemetryReader reader;
    static Registry registry;
    /** Ten days of a 50 Ah, 96-cell NMC pack at 85 % from the simulator. */
    static final PackSpec PACK = new PackSpec(Chemistry.NMC, 96, 50, 85, 20, 1);
    static List<PackSample> samples;

    @BeforeAll
    static void store() throws Exception {
        stores = TestStores.open(root);
        reader = stores.reader();
        registry = stores.registry();
        registry.registerDevice("veh-1", "s1".toCharArray());
        samples = TelemetryRun.of(PACK).startMs(START.toEpochMilli()).days(10).run().samples();
        for (String code : List.of(RESUMED, LATE, MARKED)) {
            registry.registerBattery(new BatteryRecord(code, "veh-1", PACK.chemistry(), PACK.nominalAh(),
                    PACK.cellsSeries(), "VT-City 50", START));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (stores != null) {
            stores.close();
        }
    }

    /** A fresh reducer instance: nothing in memory, as after a restart. */
    private static HealthReducer reducer() {
        return stores.reducer(NOW);
    }

    private static List<TelemetryBatch> write(String code, List<PackSample> samples) throws Exception {
        return stores.write(code, samples);
    }

    /** What one uninterrupted reducer makes of all the samples, through the same encoding. */
    private static ReducedEvidence uninterrupted(BatteryRecord battery, List<PackSample> samples) {
        BatteryReducer r = BatteryReducer.fresh(HealthReducer.config(battery), GradingPolicy.defaults(),
                HealthReducer.minStepVolts(battery), HealthReducer.thresholds(battery));
        samples.forEach(r::feed);
        return EvidenceCodec.decode(EvidenceCodec.encode(r.checkpoint().evidence()));
    }

    private static ReducedEvidence stored(String code) {
        return new ReductionStore(registry.dataSource(), new AssessmentSchedule(registry.dataSource()))
                .evidence(code).orElseThrow();
    }

    @Test
    void samplesTheIntakeMarkedImplausibleMoveTheWatermarkButNeverReachTheEvidence() throws Exception {
        List<PackSample> all = samples;
        write(MARKED, all);
        // A stretch of a day marked implausible at intake (#15), as a bus with a wrong layout would be.
        int from = all.size() / 3;
        int to = Math.min(all.size(), from + 1440);
        List<io.voltrace.ingest.registry.PlausibilityStore.Mark> marks = new ArrayList<>();
        java.util.Set<Long> marked = new java.util.HashSet<>();
        for (PackSample s : all.subList(from, to)) {
            marks.add(new io.voltrace.ingest.registry.PlausibilityStore.Mark(MARKED, s.ts(), "test: marked"));
            marked.add(s.ts());
        }
        new io.voltrace.ingest.registry.PlausibilityStore(registry.dataSource()).mark(marks, NOW);

        assertThat(reducer().reduce(MARKED)).as("every row consumed, none late").isEqualTo(all.size());
        ReducedEvidence reduced = stored(MARKED);
        assertThat(reduced.lateSamples()).isZero();
        assertThat(reduced.lastTs()).isEqualTo(all.get(all.size() - 1).ts());

        BatteryRecord battery = registry.battery(MARKED).orElseThrow();
        BatteryReducer skipping = BatteryReducer.fresh(HealthReducer.config(battery), GradingPolicy.defaults(),
                HealthReducer.minStepVolts(battery), HealthReducer.thresholds(battery));
        all.forEach(s -> {
            if (marked.contains(s.ts())) {
                skipping.skip(s);
            } else {
                skipping.feed(s);
            }
        });
        assertThat(reduced).isEqualTo(EvidenceCodec.decode(EvidenceCodec.encode(skipping.checkpoint().evidence())));
        assertThat(reduced).as("the marked day changed what was reduced").isNotEqualTo(uninterrupted(battery, all));
    }

    @Test
    void aRestartResumesFromTheWatermarkWithoutCountingAnythingTwice() throws Exception {
        List<PackSample> all = samples;
        int cut = all.size() * 2 / 5 + 17; // inside whatever was going on then
        write(RESUMED, all.subList(0, cut));
        assertThat(reducer().reduce(RESUMED)).isEqualTo(cut);
        assertThat(stored(RESUMED).lastTs()).isEqualTo(all.get(cut - 1).ts());

        // The rest arrives; a new process reduces it (and would re-read the first part if it did not resume).
        write(RESUMED, all.subList(cut, all.size()));
        HealthReducer restarted = reducer();
        assertThat(restarted.reduce(RESUMED)).isEqualTo(all.size() - cut);
        assertThat(restarted.reduce(RESUMED)).as("nothing new").isZero();

        ReducedEvidence resumed = stored(RESUMED);
        ReducedEvidence once = uninterrupted(registry.battery(RESUMED).orElseThrow(), all);
        assertThat(resumed).isEqualTo(once);
        assertThat(resumed.samples()).isEqualTo(all.size());
        double sentOutAh = all.get(all.size() - 1).ahDischarged() - all.get(0).ahDischarged();
        // 0.5 %: the reducer's throughput and the edge's full-rate counters agree to 0.2 % on the simulator's rows.
        assertThat(resumed.throughput().ahDischarged()).isCloseTo(sentOutAh, within(0.005 * sentOutAh));
    }

    @Test
    void lateOutOfOrderAndRepeatedTelemetryIsStoredButChangesNoEvidence() throws Exception {
        List<PackSample> all = samples;
        int half = all.size() / 2;
        List<TelemetryBatch> first = write(LATE, all.subList(0, half));
        HealthReducer reducer = reducer();
        reducer.onStored(first);
        assertThat(reducer.drain()).isEqualTo(half);
        ReducedEvidence before = stored(LATE);

        // The same messages again (a device resending what it had no acknowledgement for), and samples an hour older
        // than the watermark that were never sent before (a spool flushed out of order).
        long shift = 30_000; // between the stored rows: new rows, not duplicates of stored ones
        List<PackSample> older = new ArrayList<>();
        for (PackSample s : all.subList(half - 60, half)) {
            older.add(new PackSample(s.ts() - shift, s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(),
                    s.ahDischarged(), s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(),
                    s.tempMax()));
        }
        List<TelemetryBatch> again = new ArrayList<>(write(LATE, all.subList(0, 1000)));
        again.addAll(write(LATE, older));
        reducer.onStored(again);
        assertThat(reducer.drain()).as("nothing after the watermark").isZero();
        assertThat(reader.count(LATE)).as("the time series keeps the late rows").isEqualTo(half + older.size());

        ReducedEvidence after = stored(LATE);
        assertThat(after.lateSamples()).as("the repeats are the same rows; the older ones are late")
                .isEqualTo(older.size());
        assertThat(new ReducedEvidence(after.samples(), before.lateSamples(), after.firstTs(), after.lastTs(),
                after.throughput(), after.segments(), after.rests(), after.steps(), after.events(), after.days(),
                after.screenRests(), after.telemetry())).as("everything but the late count is as before")
                .isEqualTo(before);

        // The second half then arrives in order and is reduced as if nothing had happened in between.
        List<TelemetryBatch> rest = write(LATE, all.subList(half, all.size()));
        reducer.onStored(rest);
        assertThat(reducer.drain()).isEqualTo(all.size() - half);
        ReducedEvidence done = stored(LATE);
        ReducedEvidence once = uninterrupted(registry.battery(LATE).orElseThrow(), all);
        assertThat(done.throughput()).isEqualTo(once.throughput());
        assertThat(done.segments()).isEqualTo(once.segments());
        assertThat(done.rests()).isEqualTo(once.rests());
        assertThat(done.days()).isEqualTo(once.days());
        assertThat(done.screenRests()).isEqualTo(once.screenRests());
    }
}
