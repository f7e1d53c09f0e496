package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.analytics.sim.SimulatedPack;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class SohAssessorTest {
    private final SohAssessor assessor = SohAssessor.defaults();

    private static EvidenceLog evidence(List<PackSample> samples, Chemistry chemistry, double nominalAh) {
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor x = new EvidenceExtractor(ExtractorConfig.of(chemistry, nominalAh, 96), log);
        for (PackSample s : samples) {
            x.accept(Point.of(s));
        }
        x.finish();
        return log;
    }

    @Test
    void restEvidenceFromTheExtractorGivesTheTablesawEstimatorsFigure() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, 150, 80).seed(21);
        List<PackSample> samples = pack.samples();
        EvidenceLog log = evidence(samples, Chemistry.NMC, 150);

        SohEstimate fromRests = CapacityEstimator.defaults().estimateFromRests("P1", Chemistry.NMC, 150, log.rests(),
                log.segments());
        SohEstimate fromTable = CapacityEstimator.defaults().estimate("P1", Chemistry.NMC, 150, samples);

        assertThat(fromRests.sufficient()).as(fromRests.insufficientReason()).isTrue();
        assertThat(fromTable.sufficient()).as(fromTable.insufficientReason()).isTrue();
        // The table is read through the same extraction and fit: the same figure. Before #13's fix the table path
        // read the simulator's packs 3.4–6.6 % low, and this test only asked the evidence path to be no further off.
        assertThat(fromRests.capacityAh()).isCloseTo(pack.trueCapacityAh(), within(0.015 * pack.trueCapacityAh()));
        assertThat(fromTable.capacityAh()).isCloseTo(fromRests.capacityAh(), within(1e-9));
        assertThat(fromTable.uncertaintyPercent()).isCloseTo(fromRests.uncertaintyPercent(), within(1e-9));
    }

    @Test
    void drivingDataFallsBackToRestPairs() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, 150, 70).seed(22);

        SohEstimate e = assessor.assess("P1", Chemistry.NMC, 150, 2.5, evidence(pack.samples(), Chemistry.NMC, 150),
                null);

        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.method()).isEqualTo(CapacityEstimator.METHOD);
        // Within 2 points: the simulator's hysteresis and relaxation leave the rest-pair estimate about a point off.
        assertThat(e.sohPercent()).isCloseTo(pack.trueSohPercent(), within(2.0));
    }

    @Test
    void aFullDischargeWinsOverEverythingElse() {
        CellRun cell = new CellRun(Chemistry.LCO, 1.7, 0.2, 10, 100).rest(1800);
        cell.dischargeTo(2.0, 2.7).rest(3600);
        ExtractorConfig lco = ExtractorConfig.of(Chemistry.LCO, 2.0, 1);

        SohEstimate e = assessor.assess("C1", Chemistry.LCO, 2.0, lco.cutoffVolts(), cell.extract(lco), null);

        assertThat(e.method()).isEqualTo(FullDischargeEstimator.METHOD);
        assertThat(e.sohPercent()).isCloseTo(1.7 / 2.0 * 100, within(2.0));
    }

    @Test
    void lfpOnItsPlateauSaysInsufficientWithEveryMethodsReason() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.LFP, 150, 80).seed(6).fullCharges(0);

        SohEstimate e = assessor.assess("P1", Chemistry.LFP, 150, 2.5, evidence(pack.samples(), Chemistry.LFP, 150),
                null);

        assertThat(e.sufficient()).isFalse();
        assertThat(e.sohPercent()).isNull();
        assertThat(e.method()).isEqualTo("none");
        assertThat(e.insufficientReason())
                .contains(FullDischargeEstimator.METHOD + ": no full discharge among")
                .contains(CurveMatchEstimator.METHOD + ": no reference curve given")
                .contains("on flat parts of the LFP OCV curve");
    }
}
