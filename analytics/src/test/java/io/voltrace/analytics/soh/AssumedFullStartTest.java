package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssumedFullStartTest {
    /** The test cell's OCV table ends at 3.0 V: with 0.1 Ω at 1 A it reads 2.9 V empty. */
    private static final double CUTOFF = 2.95;
    private static final ExtractorConfig LCO = ExtractorConfig.of(Chemistry.LCO, 1.1, 1).withCutoffVolts(CUTOFF);

    /** The readings of a discharge to the cutoff from {@code soc}, without the rest before: the file begins loaded. */
    private static EvidenceLog dischargeOnly(double soc, double ohms) {
        CellRun run = new CellRun(Chemistry.LCO, 1.0, ohms, 30, soc).dischargeTo(1.0, CUTOFF);
        List<Point> loaded = run.points.subList(1, run.points.size());
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor x = new EvidenceExtractor(LCO, log);
        loaded.forEach(x::accept);
        x.finish();
        return log;
    }

    @Test
    void aDischargeThatBeginsUnderLoadNearFullIsAnsweredWithItsAssumption() {
        EvidenceLog log = dischargeOnly(100, 0.1);

        // The full-discharge path alone refuses it: nothing in the file says the cell was full.
        assertThat(FullDischargeEstimator.defaults().estimate("C", 1.1, CUTOFF, log.segments()).sufficient()).isFalse();

        SohEstimate e = SohAssessor.defaults().assess("C", Chemistry.LCO, 1.1, CUTOFF, log, null);
        assertThat(e.sufficient()).as(String.valueOf(e.insufficientReason())).isTrue();
        assertThat(e.method()).isEqualTo(AssumedFullStart.METHOD);
        double sigmaAh = e.uncertaintyPercent() / 100 * 1.1;
        assertThat(Math.abs(e.capacityAh() - 1.0)).isLessThanOrEqualTo(2 * sigmaAh);
        // The stated uncertainty carries the assumption: more than a counting error, at most the method's limit.
        assertThat(e.uncertaintyPercent()).isBetween(0.5, 5.0);
    }

    @Test
    void aDischargeThatBeginsHalfEmptyIsRefusedWithTheReason() {
        SohEstimate e = SohAssessor.defaults().assess("C", Chemistry.LCO, 1.1, CUTOFF, dischargeOnly(55, 0.1), null);

        assertThat(e.sufficient()).isFalse();
        assertThat(e.insufficientReason()).contains(AssumedFullStart.METHOD, "too far below the 4.18 V charge end",
                "0.05–0.25 Ω·Ah assumed");
    }

    @Test
    void theDeficitOverTheRangeOfDropsIsItsRootMeanSquare() {
        // gap 0.1 V, drops uniform in [0, 0.2]: half the range leaves a deficit, RMS = sqrt(0.1³/3/0.2).
        assertThat(AssumedFullStart.rmsDeficit(0.1, 0, 0.2)).isCloseTo(Math.sqrt(0.001 / 3 / 0.2),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(AssumedFullStart.rmsDeficit(0.1, 0.15, 0.3)).isZero();
        assertThat(AssumedFullStart.rmsDeficit(0.3, 0.1, 0.2)).isCloseTo(Math.sqrt((0.2 * 0.2 * 0.2 - 0.1 * 0.1 * 0.1)
                / 3 / 0.1), org.assertj.core.data.Offset.offset(1e-12));
    }
}
