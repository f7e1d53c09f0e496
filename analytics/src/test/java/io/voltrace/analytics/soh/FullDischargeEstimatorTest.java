package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.ExtractorConfig;
import org.junit.jupiter.api.Test;

class FullDischargeEstimatorTest {
    private static final ExtractorConfig LCO = ExtractorConfig.of(Chemistry.LCO, 2.0, 1);
    private final FullDischargeEstimator estimator = FullDischargeEstimator.defaults();

    @Test
    void aDischargeFromFullToTheCutoffIsTheCapacity() {
        CellRun cell = new CellRun(Chemistry.LCO, 1.6, 0.2, 10, 100).rest(600);
        cell.dischargeTo(2.0, 2.7).rest(600);

        SohEstimate e = estimator.estimate("C1", 2.0, LCO.cutoffVolts(), cell.extract(LCO).segments());

        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        // Charge to the cutoff: the capacity less what lies below 2.7 V at 2 A (OCV under 3.1 V, about 1.4 %).
        double expected = 1.6 * (100 - Chemistry.LCO.ocv().socAt(2.7 + 0.4)) / 100;
        assertThat(e.capacityAh()).isCloseTo(expected, within(2.0 * 10 / 3600));
        assertThat(e.sohPercent()).isCloseTo(e.capacityAh() / 2.0 * 100, within(1e-9));
        assertThat(e.uncertaintyPercent()).isBetween(0.1, 0.5);
        assertThat(e.segments()).isEqualTo(1);
        assertThat(e.method()).isEqualTo(FullDischargeEstimator.METHOD);
    }

    @Test
    void theLatestThreeFullDischargesAreAveraged() {
        CellRun cell = new CellRun(Chemistry.LCO, 1.8, 0.2, 10, 100).rest(600);
        for (int k = 0; k < 5; k++) {
            cell.dischargeTo(2.0, 2.7).rest(600);
            cell.run(1.5, 3600 * 1.8 / 1.5 * (100 - cell.soc) / 100).rest(600); // recharge to about full
            cell.soc = 100;
        }

        EvidenceLog log = cell.extract(LCO);

        assertThat(estimator.readings(log.segments(), LCO.cutoffVolts())).hasSize(5);
        SohEstimate e = estimator.estimate("C1", 2.0, LCO.cutoffVolts(), log.segments());
        assertThat(e.segments()).isEqualTo(3);
    }

    @Test
    void aPartialDischargeIsNoFullDischargeAndSaysWhy() {
        CellRun cell = new CellRun(Chemistry.LCO, 1.8, 0.2, 10, 70).rest(600);
        cell.dischargeTo(2.0, 2.7).rest(600);
        CellRun shallow = new CellRun(Chemistry.LCO, 1.8, 0.2, 10, 100).rest(600);
        shallow.dischargeToSoc(2.0, 40).rest(600);

        SohEstimate notFromFull = estimator.estimate("C1", 2.0, 2.7, cell.extract(LCO).segments());
        SohEstimate notToCutoff = estimator.estimate("C1", 2.0, 2.7, shallow.extract(LCO).segments());

        assertThat(notFromFull.sufficient()).isFalse();
        assertThat(notFromFull.capacityAh()).isNull();
        assertThat(notFromFull.insufficientReason()).contains("1 not begun at full charge");
        assertThat(notToCutoff.insufficientReason()).contains("1 stopped above the 2.70 V cutoff");
    }

    @Test
    void nothingAtAllSaysSo() {
        assertThat(estimator.estimate("C1", 2.0, 2.7, java.util.List.of()).insufficientReason())
                .isEqualTo("no discharge segment");
    }
}
