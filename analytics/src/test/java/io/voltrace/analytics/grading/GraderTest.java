package io.voltrace.analytics.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.sim.SyntheticPack;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.RestDetector;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraderTest {
    private static final double NOMINAL_AH = 100;
    private final Grader grader = new Grader(GradingPolicy.defaults());

    @Test
    void healthyPackIsReuseGradeA() {
        Grading g = gradeSynthetic(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 95));

        assertThat(g.grade()).isEqualTo(Grade.REUSE_A);
        assertThat(g.uses()).contains("stationary energy storage", "low-speed vehicles");
        assertThat(g.reasons()).anyMatch(r -> r.matches("SOH 9\\d\\.\\d % \\(±\\d\\.\\d\\) is ≥ 80: cascade reuse grade A"));
        assertThat(g.reasons()).anyMatch(r -> r.matches("max cell spread at rest 0\\.01\\d V ≤ 0\\.100 V"));
        assertThat(g.reasons()).anyMatch(r -> r.matches("max temperature \\d+\\.\\d °C ≤ 60 °C"));
        assertThat(g.safetyFlags()).isEmpty();
        assertThat(g.battery()).isEqualTo("P1");
    }

    @Test
    void packAt74PercentIsReuseGradeB() {
        Grading g = gradeSynthetic(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 74).seed(2));

        assertThat(g.grade()).isEqualTo(Grade.REUSE_B);
        assertThat(g.uses()).containsExactly("stationary energy storage", "backup power");
        assertThat(g.reasons()).anyMatch(r -> r.matches("SOH 7[34]\\.\\d % \\(±0\\.\\d\\) is in \\[70, 80\\): cascade reuse grade B"));
    }

    @Test
    void packAt65PercentIsReuseGradeC() {
        Grading g = gradeSynthetic(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 65).seed(3));

        assertThat(g.grade()).isEqualTo(Grade.REUSE_C);
        assertThat(g.uses()).contains("backup power");
    }

    @Test
    void packAt55PercentGoesToRecovery() {
        Grading g = gradeSynthetic(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 55).seed(4));

        assertThat(g.grade()).isEqualTo(Grade.RECOVERY);
        assertThat(g.uses()).containsExactly("material recovery");
        assertThat(g.reasons()).anyMatch(r -> r.matches("SOH 5[45]\\.\\d % \\(±\\d\\.\\d\\) is below 60: material recovery"));
        assertThat(g.safetyFlags()).isEmpty();
    }

    @Test
    void bigCellSpreadGoesToRecoveryWithASafetyFlagWhateverTheCapacity() {
        Grading g = gradeSynthetic(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 95).cellSpread(0.15));

        assertThat(g.grade()).isEqualTo(Grade.RECOVERY);
        assertThat(g.safetyFlags()).singleElement().asString().startsWith("max cell spread at rest 0.150 V > 0.100 V");
        assertThat(g.reasons()).contains("failed safety screen: material recovery whatever the capacity");
    }

    @Test
    void thinEvidenceNeedsABenchTest() {
        List<PackSample> oneDay = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90).days(1).samples();
        SohEstimate estimate = CapacityEstimator.defaults().estimate("P1", Chemistry.NMC, NOMINAL_AH, oneDay);

        Grading g = grader.grade(estimate, Chemistry.NMC, oneDay);

        assertThat(g.grade()).isEqualTo(Grade.NEEDS_TEST);
        assertThat(g.uses()).containsExactly("bench capacity test before any reuse");
        assertThat(g.reasons()).contains("capacity not established: " + estimate.insufficientReason());
    }

    @Test
    void overTemperatureIsFlaggedAndHoldsBackReuse() {
        Grading g = gradeSynthetic(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90).peakTemp(65));

        assertThat(g.grade()).isEqualTo(Grade.NEEDS_TEST);
        assertThat(g.safetyFlags()).singleElement().asString()
                .startsWith("max temperature 65.0 °C > 60 °C at 2026-03-02T12:");
        assertThat(g.reasons()).anyMatch(r -> r.startsWith("reuse grade A held back"));
    }

    @Test
    void deepDischargeIsFlagged() {
        List<PackSample> samples = new ArrayList<>(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90).samples());
        PackSample s = samples.get(1000);
        samples.set(1000, new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(),
                s.ahDischarged(), 2.85, s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(), s.tempMax()));

        Grading g = grade(samples);

        assertThat(g.grade()).isEqualTo(Grade.NEEDS_TEST);
        assertThat(g.safetyFlags()).singleElement().asString()
                .startsWith("deep discharge: min cell voltage 2.850 V < 3.000 V (NMC empty)");
    }

    @Test
    void overVoltageIsFlagged() {
        List<PackSample> samples = new ArrayList<>(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90).samples());
        PackSample s = samples.get(2000);
        // One glitched row; it also widens that row's cell spread to 0.5 V, which alone must not mean recovery.
        samples.set(2000, new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(),
                s.ahDischarged(), s.cellVoltageMin(), 4.30, s.cellVoltageAvg(), s.tempMin(), s.tempMax()));

        Grading g = grade(samples);

        assertThat(g.safetyFlags()).singleElement().asString()
                .startsWith("over-voltage: max cell voltage 4.300 V > 4.240 V (NMC full + 0.05 V)");
        assertThat(g.grade()).isEqualTo(Grade.NEEDS_TEST);
    }

    @Test
    void gradesFollowThePolicyNotFixedNumbers() {
        GradingPolicy strict = new GradingPolicy(90, 80, 70, 0.05, 45, 0.05, RestDetector.defaults());
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 85);
        List<PackSample> samples = pack.samples();
        SohEstimate estimate = CapacityEstimator.defaults().estimate("P1", Chemistry.NMC, NOMINAL_AH, samples);

        Grading g = new Grader(strict).grade(estimate, Chemistry.NMC, samples);

        assertThat(g.grade()).isEqualTo(Grade.REUSE_B);
        assertThat(g.reasons()).anyMatch(r -> r.endsWith("is in [80, 90): cascade reuse grade B"));
        assertThat(g.reasons()).anyMatch(r -> r.endsWith("≤ 0.050 V"));
    }

    @Test
    void noTelemetryNeedsATest() {
        SohEstimate estimate = SohEstimate.of("P1", 90, 90, 0.5, 20, CapacityEstimator.METHOD);

        Grading g = grader.grade(estimate, Chemistry.NMC, List.of());

        assertThat(g.grade()).isEqualTo(Grade.NEEDS_TEST);
        assertThat(g.reasons()).contains("no telemetry: no safety screen possible");
    }

    private Grading gradeSynthetic(SyntheticPack pack) {
        return grade(pack.samples());
    }

    private Grading grade(List<PackSample> samples) {
        SohEstimate estimate = CapacityEstimator.defaults().estimate("P1", Chemistry.NMC, NOMINAL_AH, samples);
        Grading g = grader.grade(estimate, Chemistry.NMC, samples);
        assertThat(g.reasons()).isNotEmpty();
        return g;
    }
}
