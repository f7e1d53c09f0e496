package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.evidence.CurrentStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResistanceEstimatorTest {
    private final ResistanceEstimator estimator = ResistanceEstimator.defaults();

    /** A step of {@code amps} on a cell whose resistance at 25 °C is {@code r25}, taken at {@code tempC}. */
    private static CurrentStep step(double r25, double tempC, double amps, double noiseVolts) {
        double r = r25 * Math.exp(3000 * (1 / (tempC + 273.15) - 1 / 298.15));
        double dv = -r * amps + noiseVolts;
        return new CurrentStep(0, 0, -amps, dv, dv / -amps, 1, tempC, 3.7);
    }

    @Test
    void stepsAtManyTemperaturesComeBackToOneResistanceAt25C() {
        Random rnd = new Random(1);
        List<CurrentStep> steps = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            steps.add(step(0.030, -5 + 45 * rnd.nextDouble(), 20 + 80 * rnd.nextDouble(), 0.0005 * rnd.nextGaussian()));
        }
        // Uncorrected, the cold steps alone would read up to three times higher.
        assertThat(steps.stream().mapToDouble(CurrentStep::ohms).max().orElseThrow()).isGreaterThan(0.07);

        ResistanceEstimate e = estimator.estimate("C1", steps);

        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.ohms()).isCloseTo(0.030, within(0.0005));
        assertThat(e.uncertaintyOhms()).isPositive().isLessThan(0.0005);
        assertThat(e.referenceTempC()).isEqualTo(25.0);
    }

    @Test
    void aFewWildStepsDoNotMoveTheFigure() {
        Random rnd = new Random(2);
        List<CurrentStep> steps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            steps.add(step(0.030, 25, 50, 0.0003 * rnd.nextGaussian()));
        }
        // Contactor bounce, a voltage glitch: three steps reading 3–5 times the resistance.
        steps.add(step(0.100, 25, 50, 0));
        steps.add(step(0.150, 25, 50, 0));
        steps.add(step(0.090, 25, 50, 0));

        ResistanceEstimate e = estimator.estimate("C1", steps);

        assertThat(e.ohms()).isCloseTo(0.030, within(0.0004));
    }

    @Test
    void growthAgainstBeginningOfLifeCarriesBothUncertainties() {
        Random rnd = new Random(3);
        List<CurrentStep> fresh = new ArrayList<>();
        List<CurrentStep> aged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fresh.add(step(0.030, 20 + 10 * rnd.nextDouble(), 40, 0.0004 * rnd.nextGaussian()));
            aged.add(step(0.039, 20 + 10 * rnd.nextDouble(), 40, 0.0004 * rnd.nextGaussian()));
        }
        ResistanceEstimate bol = estimator.estimate("C1", fresh);
        ResistanceEstimate now = estimator.estimate("C1", aged);

        assertThat(now.growthPercent(bol)).isCloseTo(30, within(2.0));
        assertThat(now.growthUncertaintyPercent(bol)).isPositive().isLessThan(2.0);
    }

    @Test
    void fewOrUnusableStepsAreInsufficientWithTheReason() {
        List<CurrentStep> steps = new ArrayList<>();
        steps.add(step(0.03, 25, 40, 0));
        steps.add(step(0.03, 25, 40, 0));
        steps.add(new CurrentStep(0, 0, -40, -1.2, 0.03, 1, Double.NaN, 3.7));
        steps.add(new CurrentStep(0, 0, -40, -1.2, 0.03, 60, 25, 3.7));

        ResistanceEstimate e = estimator.estimate("C1", steps);

        assertThat(e.sufficient()).isFalse();
        assertThat(e.ohms()).isNull();
        assertThat(e.insufficientReason()).isEqualTo("2 usable current steps, need 5 (4 steps in all, 1 outside 0–30 s "
                + "or the 0–10 V band, 1 without a temperature)");
    }

    @Test
    void onlyStepsInTheVoltageBandAreCombined() {
        List<CurrentStep> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            steps.add(new CurrentStep(0, 0, -2, -0.2, 0.1, 19, 25, 4.19));   // from rest at full
            steps.add(new CurrentStep(0, -2, 0, 0.4, 0.2, 19, 25, 2.7));     // off load at empty
        }

        ResistanceEstimate full = estimator.inVoltageBand(4.0, 4.3).estimate("C1", steps);

        assertThat(full.ohms()).isCloseTo(0.1, within(1e-9));
        assertThat(full.steps()).isEqualTo(10);
    }
}
