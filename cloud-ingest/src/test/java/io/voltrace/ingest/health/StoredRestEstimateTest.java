package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.RestInputs;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.evidence.Rest;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.StoredSamples;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.telemetry.TelemetryRun;
import io.voltrace.simulator.usage.UsageProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The estimate from rests saved with a reduction (V20) is the one an assessment would make from the same evidence:
 * an assessment that reads it equals one that makes it (a row from before V20); a reduction pass makes it again
 * whenever the rests (or the segments before them) changed and carries it forward otherwise, so after every save
 * it is the estimate of the evidence saved with it.
 */
class StoredRestEstimateTest {
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant NOW = START.plus(Duration.ofDays(15));
    private static final String STORED = "VTRPE96RESTS1T5C00000001";
    private static final String LEGACY = "VTRPE96RESTS1T5C00000002";
    private static final double NOMINAL_AH = 50;

    /** Two weeks of a 50 Ah NMC pack at 85 %, charged part way only: its capacity comes from the rests. */
    private static List<PackSample> fortnight() {
        return TelemetryRun.of(new PackSpec(Chemistry.NMC, 96, NOMINAL_AH, 85, 20, 3))
                .habits(UsageProfile.Habits.typical().withFullChargeShare(0))
                .startMs(START.toEpochMilli()).days(14).run().samples();
    }

    private static BatteryRecord battery(String code) {
        return new BatteryRecord(code, "veh-1", Chemistry.NMC, NOMINAL_AH, 96, "VT-City 50", START);
    }

    private static HealthService service(Registry registry) {
        return new HealthService(registry, SohAssessor.defaults(), new Grader(GradingPolicy.defaults()),
                new RecoveryEstimator(RecoveryAssumptions.defaults()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestRegistries.Backend.class)
    void anAssessmentFromTheStoredEstimateEqualsOneThatMakesIt(TestRegistries.Backend backend) throws Exception {
        List<PackSample> samples = fortnight();
        try (TestRegistries db = TestRegistries.open(backend)) {
            Registry registry = db.registry();
            registry.registerDevice("veh-1", "s1".toCharArray());
            ReductionStore store = new ReductionStore(registry.dataSource(),
                    new AssessmentSchedule(registry.dataSource()));
            for (String code : List.of(STORED, LEGACY)) {
                BatteryRecord b = battery(code);
                registry.registerBattery(b);
                HealthReducer.Reduction r = HealthReducer.reduce(b, GradingPolicy.defaults(), samples);
                byte[] evidence = EvidenceCodec.encode(r.evidence());
                store.save(code, 0, r.watermarkMs(), r.samples(), 0, 0, r.state(), evidence,
                        ReductionEstimates.of(b, evidence, null), NOW);
            }
            // LEGACY's row as saved before V20: no estimate from rests.
            try (Connection c = registry.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                    "UPDATE health_reduction SET rest_estimate = NULL WHERE battery = ?")) {
                s.setString(1, LEGACY);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            ReductionStore.Saved stored = store.load(STORED).orElseThrow();
            assertThat(stored.restEstimate()).isNotNull();
            assertThat(store.load(LEGACY).orElseThrow().restEstimate()).isNull();

            // The stored figure is the estimator's own on the evidence as stored, its rests that ended (not one still
            // going on at the watermark) with all segments given, not only those before the last rest.
            ReducedEvidence evidence = EvidenceCodec.decode(stored.evidence());
            List<Rest> ended = evidence.rests().stream().filter(r -> r.endMillis() < evidence.lastTs()).toList();
            SohEstimate direct = CapacityEstimator.defaults().estimateFromRests(STORED, Chemistry.NMC, NOMINAL_AH,
                    ended, evidence.segments());
            assertThat(direct.sufficient()).as(direct.insufficientReason()).isTrue();
            assertThat(SohEstimateCodec.decode(STORED, stored.restEstimate())).isEqualTo(direct);

            HealthService health = service(registry);
            HealthAssessment fromStored;
            HealthAssessment made;
            try (HealthScheduler.Block block = health.block(List.of(STORED, LEGACY))) {
                fromStored = block.assess(block.battery(STORED).orElseThrow());
                made = block.assess(block.battery(LEGACY).orElseThrow());
            }
            // The assessment took its figure from the rests: the stored estimate is what it compared.
            assertThat(fromStored.method()).isEqualTo(CapacityEstimator.METHOD);
            assertThat(fromStored.capacityAh()).isEqualTo(direct.capacityAh());
            assertThat(fromStored.battery()).isEqualTo(STORED);
            assertThat(fromStored).usingRecursiveComparison().ignoringFields("battery").isEqualTo(made);
        }
    }

    /** A store whose rows are visible at once. */
    private static final class Rows implements StoredSamples {
        final List<PackSample> rows = new ArrayList<>();

        @Override
        public boolean awaitCommittedSoFar(Duration timeout) {
            return true;
        }

        @Override
        public List<PackSample> samples(String battery, Instant from, Instant to, int limit) {
            return rows.stream().filter(s -> s.ts() >= from.toEpochMilli() && s.ts() < to.toEpochMilli())
                    .limit(limit).toList();
        }

        @Override
        public long countThrough(String battery, long throughMillis) {
            return rows.stream().filter(s -> s.ts() <= throughMillis).count();
        }

        @Override
        public OptionalLong latestMillis(String battery) {
            return rows.stream().mapToLong(PackSample::ts).max();
        }
    }

    @Test
    void aPassRemakesTheEstimateWhenItsRestsChangeAndCarriesItForwardOtherwise() throws Exception {
        List<PackSample> samples = fortnight();
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2)) {
            Registry registry = db.registry();
            registry.registerDevice("veh-1", "s1".toCharArray());
            BatteryRecord b = battery(STORED);
            registry.registerBattery(b);
            AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
            ReductionStore store = new ReductionStore(registry.dataSource(), schedule);
            Rows rows = new Rows();
            HealthReducer reducer = null;
            byte[] before = null;
            RestInputs inputsBefore = null;
            int remade = 0;
            int carried = 0;
            // Half-hour writes, a pass after each; the reducer restarts (its saved row, not its memory) every day.
            int chunk = 30;
            for (int from = 0; from < samples.size(); from += chunk) {
                if (from % (24 * 60) == 0) {
                    reducer = new HealthReducer(registry, rows, store, schedule, GradingPolicy.defaults(),
                            Clock.fixed(NOW, ZoneOffset.UTC), "test");
                }
                List<PackSample> write = samples.subList(from, Math.min(samples.size(), from + chunk));
                rows.rows.addAll(write);
                reducer.onStored(List.of(new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, "veh-1", STORED, 0,
                        write)));
                reducer.drain();

                ReductionStore.Saved saved = store.load(STORED).orElseThrow();
                RestInputs inputs = ReductionEstimates.restInputs(EvidenceCodec.decode(saved.evidence()));
                if (inputs.equals(inputsBefore)) {
                    // The same inputs give the same estimate: the one saved before, carried forward.
                    assertThat(saved.restEstimate()).as("carried forward after %d samples", from)
                            .isEqualTo(before);
                    carried++;
                } else {
                    SohEstimate expected = ReductionEstimates.restEstimate(b, inputs);
                    assertThat(SohEstimateCodec.decode(STORED, saved.restEstimate())).as("after %d samples", from)
                            .isEqualTo(expected);
                    remade++;
                }
                before = saved.restEstimate();
                inputsBefore = inputs;
            }
            // A fortnight of a commuter's days: a rest began or ended a few times a day (remade), and most
            // half-hours only a drive, a charge or a rest went on (carried forward).
            assertThat(remade).isGreaterThan(14);
            assertThat(carried).isGreaterThan(2 * remade);
        }
    }

    @Test
    void aDriveOrARestStillGoingOnDoesNotRemakeTheEstimate() {
        List<PackSample> samples = fortnight();
        BatteryRecord b = battery(STORED);
        // Ten minutes into a drive and ten minutes later; an hour into a rest of two or more and twenty minutes later.
        int drive = run(samples, 20, a -> a > 5) + 10;
        int rest = run(samples, 120, a -> a < 0.5) + 60;
        for (int at : new int[] {drive, rest}) {
            byte[] early = encoded(b, samples.subList(0, at));
            byte[] later = encoded(b, samples.subList(0, at + (at == drive ? 10 : 20)));

            ReductionEstimates first = ReductionEstimates.of(b, early, null);
            ReductionEstimates second = ReductionEstimates.of(b, later, first);

            // The evidence changed (the open segment or rest grew), the estimate's inputs did not.
            assertThat(EvidenceCodec.decode(later)).isNotEqualTo(EvidenceCodec.decode(early));
            assertThat(second.restEstimate()).as("at %d", at).isSameAs(first.restEstimate());
            assertThat(second.resistance()).isNotNull();
        }
    }

    /** The first row after day one that begins {@code minutes} rows whose |current| passes {@code test}. */
    private static int run(List<PackSample> samples, int minutes, java.util.function.DoublePredicate test) {
        for (int i = 24 * 60; i < samples.size() - minutes; i++) {
            boolean all = true;
            for (int j = i; j < i + minutes && all; j++) {
                all = test.test(Math.abs(samples.get(j).packCurrent()));
            }
            if (all) {
                return i;
            }
        }
        throw new AssertionError("no such run");
    }

    private static byte[] encoded(BatteryRecord b, List<PackSample> samples) {
        return EvidenceCodec.encode(HealthReducer.reduce(b, GradingPolicy.defaults(), samples).evidence());
    }
}
