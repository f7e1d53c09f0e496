package io.voltrace.analytics.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.sim.SimulatedPack;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recycler's own figure (bench test, triage) comes before telemetry; a triage must clear the grade boundaries. */
class IntakeGradingTest {
    static final double NOMINAL_AH = 100;
    static List<PackSample> samples;
    static SohEstimate telemetry;
    final Grader grader = new Grader(GradingPolicy.defaults());

    @BeforeAll
    static void pack() {
        samples = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 95).samples();
        telemetry = CapacityEstimator.defaults().estimate("P1", Chemistry.NMC, NOMINAL_AH, samples);
    }

    Grading grade(IntakeEvidence intake) {
        return grader.grade(telemetry, intake, Chemistry.NMC, ScreenEvidence.extract(samples, grader.policy()),
                PackConditions.none());
    }

    @Test
    void aTestedCapacityComesBeforeTheTelemetryEstimateAndSaysSo() {
        assertThat(grade(null).grade()).isEqualTo(Grade.REUSE_A);
        Grading g = grade(new IntakeEvidence(IntakeEvidence.Kind.TESTED, 74, 74, 0.5, "bench.csv"));
        assertThat(g.grade()).isEqualTo(Grade.REUSE_B);
        assertThat(g.reasons().get(0)).matches("tested capacity from the bench intake test \\(GB/T 34015 residual "
                + "capacity, bench.csv\\) used before the telemetry estimate \\(SOH [89]\\d\\.\\d %\\)");
        assertThat(g.reasons()).contains("capacity 74.000 Ah from the bench intake test (GB/T 34015 residual "
                + "capacity, bench.csv)", "SOH 74.0 % (±0.5) is in [70, 80): cascade reuse grade B");
    }

    @Test
    void aTriageWhoseIntervalStraddlesABoundaryNeedsTheTest() {
        Grading clear = grade(IntakeEvidence.triaged(75, 1.5, NOMINAL_AH, "lmo.json"));
        assertThat(clear.grade()).isEqualTo(Grade.REUSE_B);

        Grading straddles = grade(IntakeEvidence.triaged(78, 1.5, NOMINAL_AH, "lmo.json"));
        assertThat(straddles.grade()).isEqualTo(Grade.NEEDS_TEST);
        assertThat(straddles.reasons()).contains("SOH 78.0 % ± 3.0 % (2σ: 75.0-81.0 %) straddles the 80 % grade "
                + "boundary: a capacity test decides");
        assertThat(straddles.reasons().get(0)).startsWith("triage estimate from the pulse triage (lmo.json) used "
                + "before the telemetry estimate");
    }

    @Test
    void aBenchTestWithoutAResidualCapacityGivesNoEvidence() {
        var none = new io.voltrace.analytics.intake.IntakeResult("C", "f.csv", null, 10, 0, Double.NaN, Double.NaN,
                Double.NaN, List.of(), List.of(), List.of(), List.of());
        assertThat(IntakeEvidence.tested(none)).isNull();
    }
}
