package io.voltrace.analytics.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecoveryEstimatorTest {
    private static final double EPS = 1e-9;
    private final RecoveryEstimator estimator = new RecoveryEstimator(RecoveryAssumptions.defaults());

    @Test
    void ncm622PackOf60KwhAtMiitRates() {
        RecoveryEstimate e = estimator.estimate("P1", Cathode.NCM622, PackEnergy.given(60));

        assertThat(e.containedKg().lithiumKg()).isCloseTo(6.6, within(EPS));
        assertThat(e.containedKg().nickelKg()).isCloseTo(33.6, within(EPS));
        assertThat(e.containedKg().cobaltKg()).isCloseTo(11.4, within(EPS));
        assertThat(e.containedKg().manganeseKg()).isCloseTo(10.8, within(EPS));
        assertThat(e.recoverableKg().lithiumKg()).isCloseTo(5.94, within(EPS));       // 90 %
        assertThat(e.recoverableKg().nickelKg()).isCloseTo(32.928, within(EPS));      // 98 %
        assertThat(e.recoverableKg().cobaltKg()).isCloseTo(11.172, within(EPS));
        assertThat(e.recoverableKg().manganeseKg()).isCloseTo(10.584, within(EPS));
        assertThat(e.recoverableLceKg()).isCloseTo(5.94 * 5.32, within(EPS));
        assertThat(e.withCellExcess().recoverableLowKg().nickelKg()).isCloseTo(32.928 * 1.05, within(EPS));
        assertThat(e.withCellExcess().recoverableHighKg().nickelKg()).isCloseTo(32.928 * 1.15, within(EPS));
        assertThat(e.withCellExcess().lceHighKg()).isCloseTo(5.94 * 1.15 * 5.32, within(EPS));
        assertThat(e.notes()).contains("recovery at Li 90 %, Ni 98 %, Co 98 %, Mn 98 % (MIIT 2024 minimums)",
                "real cells carry 5–15 % more metal than stoichiometry");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "NCM523, 0.12, 0.50, 0.20, 0.28",
            "NCM622, 0.11, 0.56, 0.19, 0.18",
            "NCM811, 0.10, 0.66, 0.08, 0.08",
            "NCA,    0.10, 0.69, 0.13, 0",
            "LFP,    0.09, 0,    0,    0",
            "LMO,    0.09, 0,    0,    1.45"})
    void oneKwhContainsTheTableFigures(Cathode cathode, double li, double ni, double co, double mn) {
        MetalsKg kg = estimator.estimate("P", cathode, PackEnergy.given(1)).containedKg();

        assertThat(kg).isEqualTo(new MetalsKg(li, ni, co, mn));
    }

    @Test
    void energyFromTheNameplateAndNmcMappedToTheConfiguredVariant() {
        PackEnergy energy = PackEnergy.fromNameplate(150, 96, 3.65);
        assertThat(energy.kwh()).isCloseTo(52.56, within(EPS));
        assertThat(energy.basis()).isEqualTo("150 Ah × 96 cells in series × 3.65 V");

        RecoveryEstimate defaultVariant = estimator.estimate("P2", Chemistry.NMC, energy);
        RecoveryEstimate ncm811 = new RecoveryEstimator(RecoveryAssumptions.defaults().withNmcVariant(Cathode.NCM811))
                .estimate("P2", Chemistry.NMC, energy);

        assertThat(defaultVariant.cathode()).isEqualTo(Cathode.NCM622);
        assertThat(defaultVariant.notes().get(0)).isEqualTo("NMC cathode variant unknown: NCM622 assumed");
        assertThat(ncm811.cathode()).isEqualTo(Cathode.NCM811);
        assertThat(ncm811.containedKg().nickelKg()).isCloseTo(0.66 * 52.56, within(EPS));
        assertThat(estimator.estimate("P3", Chemistry.LFP, energy).containedKg().cobaltKg()).isZero();
    }

    @Test
    void theExcessRangeIsOptionalAndBadInputIsRefused() {
        RecoveryEstimate plain = new RecoveryEstimator(RecoveryAssumptions.defaults().withoutExcess())
                .estimate("P", Cathode.LFP, PackEnergy.given(50));
        assertThat(plain.withCellExcess()).isNull();
        assertThat(plain.recoverableLceKg()).isCloseTo(0.09 * 50 * 0.90 * 5.32, within(EPS));

        assertThatThrownBy(() -> estimator.estimate("P", Chemistry.LCO, PackEnergy.given(1)))
                .hasMessage("no cathode metal figures for LCO; give the cathode explicitly");
        assertThatThrownBy(() -> PackEnergy.given(-3)).hasMessageContaining("positive");
        assertThatThrownBy(() -> RecoveryAssumptions.defaults().withNmcVariant(Cathode.LFP))
                .hasMessageContaining("NMC packs map to an NCM cathode");
        assertThatThrownBy(() -> new RecoveryRates(101, 98, 98, 98)).hasMessageContaining("[0, 100]");
    }
}
