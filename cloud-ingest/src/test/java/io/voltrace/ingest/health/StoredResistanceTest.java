package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.telemetry.Telemetry;
import io.voltrace.simulator.telemetry.TelemetryRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The resistance estimates saved with the reductions (V18) give the very assessment the estimates made at assessment
 * time gave before: two batteries with the same evidence, one saved as a pass saves it now (estimates stored), one as
 * a row from before V18 (no estimates: the assessment makes them), are assessed to equal results, first figure and
 * growth alike, through the scheduler's block and the single-battery path.
 */
class StoredResistanceTest {
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant NOW = START.plus(Duration.ofDays(12));
    private static final String STORED = "VTRPE96STORED1T5C0000001";
    private static final String LEGACY = "VTRPE96STORED1T5C0000002";

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestRegistries.Backend.class)
    void anAssessmentFromStoredEstimatesEqualsOneThatEstimatesAtAssessmentTime(TestRegistries.Backend backend)
            throws Exception {
        try (TestRegistries db = TestRegistries.open(backend)) {
            Registry registry = db.registry();
            registry.registerDevice("veh-1", "s1".toCharArray());
            // A 50 Ah pack of 96 NMC cells at 85 % in a 20 °C climate: ten days of the simulator's telemetry.
            Telemetry pack = TelemetryRun.of(new PackSpec(Chemistry.NMC, 96, 50, 85, 20, 1))
                    .startMs(START.toEpochMilli()).days(10).run();
            AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
            ReductionStore store = new ReductionStore(registry.dataSource(), schedule);
            EdgeReductions edge = new EdgeReductions(registry.dataSource(), schedule, registry::battery,
                    Clock.fixed(NOW, ZoneOffset.UTC));
            for (String code : List.of(STORED, LEGACY)) {
                BatteryRecord b = new BatteryRecord(code, "veh-1", Chemistry.NMC, 50, 96, "VT-City 50",
                        START);
                registry.registerBattery(b);
                HealthReducer.Reduction r = HealthReducer.reduce(b, GradingPolicy.defaults(), pack.samples());
                byte[] evidence = EvidenceCodec.encode(r.evidence());
                store.save(code, 0, r.watermarkMs(), r.samples(), 0, 0, r.state(), evidence,
                        ReductionEstimates.of(b, evidence, null), NOW);
                edge.saveNew(code, edgeYear(b));
            }
            // LEGACY's rows as saved before V18: no estimates.
            try (Connection c = registry.dataSource().getConnection()) {
                for (String table : List.of("health_reduction", "edge_reduction")) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET resistance = NULL"
                            + " WHERE battery = ?")) {
                        s.setString(1, LEGACY);
                        assertThat(s.executeUpdate()).isEqualTo(1);
                    }
                }
            }
            assertThat(storedEstimates(registry, STORED)).containsExactly(true, true);
            assertThat(storedEstimates(registry, LEGACY)).containsExactly(false, false);

            HealthService health = new HealthService(registry, SohAssessor.defaults(),
                    new Grader(GradingPolicy.defaults()), new RecoveryEstimator(RecoveryAssumptions.defaults()),
                    Clock.fixed(NOW, ZoneOffset.UTC));
            HealthAssessment stored1;
            HealthAssessment legacy1;
            try (HealthScheduler.Block block = health.block(List.of(STORED, LEGACY))) {
                stored1 = block.assess(block.battery(STORED).orElseThrow());
                legacy1 = block.assess(block.battery(LEGACY).orElseThrow());
            }
            assertSame(stored1, legacy1);
            // Both estimates are figures, not reasons for none: the test compares what the stored form carries.
            assertThat(stored1.resistanceMilliohm()).isNotNull();
            assertThat(stored1.reasons()).anyMatch(r -> r.startsWith("ohmic resistance at full CAN rate (edge): "));

            // The second assessment measures growth over the first figure; LEGACY through the single path.
            HealthAssessment stored2;
            try (HealthScheduler.Block block = health.block(List.of(STORED))) {
                stored2 = block.assess(block.battery(STORED).orElseThrow());
            }
            HealthAssessment legacy2 = health.assess(registry.battery(LEGACY).orElseThrow());
            assertSame(stored2, legacy2);
            assertThat(stored2.resistanceGrowthPercent()).isNotNull();
        }
    }

    private static void assertSame(HealthAssessment stored, HealthAssessment legacy) {
        assertThat(stored.battery()).isEqualTo(STORED);
        assertThat(legacy.battery()).isEqualTo(LEGACY);
        assertThat(stored).usingRecursiveComparison().ignoringFields("battery").isEqualTo(legacy);
    }

    /** Whether each table holds an estimate for the battery: health_reduction, then edge_reduction. */
    private static List<Boolean> storedEstimates(Registry registry, String code) throws Exception {
        List<Boolean> found = new ArrayList<>();
        try (Connection c = registry.dataSource().getConnection()) {
            for (String table : List.of("health_reduction", "edge_reduction")) {
                try (PreparedStatement s = c.prepareStatement("SELECT resistance FROM " + table
                        + " WHERE battery = ?")) {
                    s.setString(1, code);
                    try (ResultSet rs = s.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        found.add(rs.getBytes(1) != null);
                    }
                }
            }
        }
        return found;
    }

    /** Full-rate current steps as an edge agent reports them: 1.2 mΩ cells with some scatter, above 20 % SOC. */
    private static EdgeReduction edgeYear(BatteryRecord battery) {
        List<EdgeReduction.Step> steps = new ArrayList<>();
        double volts = Math.max(HealthReducer.minStepVolts(battery) + 0.1, 3.8);
        for (int i = 0; i < 80; i++) {
            double ohms = 0.0012 * (1 + 0.03 * Math.sin(i * 1.7));
            steps.add(new EdgeReduction.Step(START.toEpochMilli() + i * 3_600_000L, ohms, -5, -105, 0.2,
                    20.0 + (i % 10), volts));
        }
        return new EdgeReduction(steps.size(), 0, steps.get(steps.size() - 1).ts(), null, List.of(), steps.size(),
                steps, List.of());
    }
}
