package io.voltrace.common.chemistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OcvCurveTest {
    @Test
    void socAndVoltageAreInverseOfEachOtherAcrossTheCurve() {
        for (Chemistry chemistry : Chemistry.values()) {
            for (double soc = 0; soc <= 100; soc += 0.5) {
                double v = chemistry.ocv().voltsAt(soc);
                assertThat(chemistry.ocv().socAt(v)).as("%s at %.1f %%", chemistry, soc).isCloseTo(soc, within(1e-9));
            }
        }
    }

    @Test
    void clampsOutsideTheCurveAndKnowsItsEnds() {
        OcvCurve nmc = Chemistry.NMC.ocv();
        assertThat(nmc.socAt(2.0)).isZero();
        assertThat(nmc.socAt(5.0)).isEqualTo(100);
        assertThat(nmc.minVolts()).isEqualTo(3.0);
        assertThat(nmc.maxVolts()).isEqualTo(4.19);
        assertThat(Chemistry.LFP.ocv().slopeAt(50)).isLessThan(Chemistry.NMC.ocv().slopeAt(50));
    }

    @Test
    void refusesACurveThatDoesNotRise() {
        assertThatThrownBy(() -> OcvCurve.of(new double[]{0, 50, 100}, new double[]{3.0, 3.0, 4.0}))
                .hasMessageContaining("rise strictly");
    }

    @Test
    void mapsBatteryTypeLetters() {
        assertThat(Chemistry.fromCodeLetter('B')).isEqualTo(Chemistry.LFP);
        assertThat(Chemistry.fromCodeLetter('E')).isEqualTo(Chemistry.NMC);
    }
}
