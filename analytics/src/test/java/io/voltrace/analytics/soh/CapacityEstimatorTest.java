package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.analytics.sim.SyntheticPack;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapacityEstimatorTest {
    private static final double NOMINAL_AH = 150;
    private final CapacityEstimator estimator = CapacityEstimator.defaults();

    @ParameterizedTest(name = "NMC at {0} % SOH")
    @ValueSource(doubles = {100, 85, 70, 55})
    void estimatesNmcCapacityWithinOnePercentAtEveryAge(double soh) {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, soh).seed((long) soh);

        SohEstimate e = estimate(Chemistry.NMC, pack.samples());

        assertWithinOnePercent(e, pack);
        assertThat(e.sohPercent()).isCloseTo(soh, within(1.0));
        // Informative, and honest: the stated sigma (scatter plus the OCV model and current gain terms) covers the miss.
        assertThat(e.uncertaintyPercent()).isPositive().isLessThan(1.5);
        assertThat(Math.abs(e.sohPercent() - soh)).isLessThanOrEqualTo(2 * e.uncertaintyPercent());
        assertThat(e.segments()).isGreaterThanOrEqualTo(10);
        assertThat(e.method()).isEqualTo("coulomb-counting between rest points");
        assertThat(e.battery()).isEqualTo("P1");
    }

    @Test
    void worksWithPartialChargesOnly() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 80).seed(11).charging(55, 80, 0);
        List<PackSample> samples = pack.samples();
        // The pack never nears full: no resting cell even reaches the 90 % rest voltage.
        double ocv90 = Chemistry.NMC.ocv().voltsAt(90);
        assertThat(samples).filteredOn(s -> Math.abs(s.packCurrent()) < 0.5)
                .allSatisfy(s -> assertThat(s.cellVoltageAvg()).isLessThan(ocv90));

        assertWithinOnePercent(estimate(Chemistry.NMC, samples), pack);
    }

    @Test
    void doesNotUseTheBmsSoc() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 70).seed(3);
        List<PackSample> samples = pack.samples();
        List<PackSample> junkSoc = samples.stream().map(s -> withSoc(s, 50)).toList();

        assertThat(estimate(Chemistry.NMC, junkSoc)).isEqualTo(estimate(Chemistry.NMC, samples));
    }

    @Test
    void sparseSamplesStillGiveTheCapacity() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 85).seed(5).dropout(0.6);

        assertWithinOnePercent(estimate(Chemistry.NMC, pack.samples()), pack);
    }

    @Test
    void samplesOutOfOrderGiveTheSameEstimate() {
        List<PackSample> samples = new ArrayList<>(SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90).samples());
        SohEstimate ordered = estimate(Chemistry.NMC, samples);
        Collections.shuffle(samples, new Random(1));

        assertThat(estimate(Chemistry.NMC, samples)).isEqualTo(ordered);
    }

    @Test
    void edgeCounterResetDoesNotBreakTheEstimate() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 75).seed(9);
        List<PackSample> samples = pack.samples();
        int mid = samples.size() / 2;
        PackSample atReset = samples.get(mid);
        List<PackSample> restarted = new ArrayList<>(samples.subList(0, mid));
        for (PackSample s : samples.subList(mid, samples.size())) {
            restarted.add(withCounters(s, s.ahCharged() - atReset.ahCharged(),
                    s.ahDischarged() - atReset.ahDischarged()));
        }

        assertWithinOnePercent(estimate(Chemistry.NMC, restarted), pack);
    }

    @Test
    void aFewCorruptRestVoltagesAreRejectedAsOutliers() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 85).seed(13);
        List<PackSample> samples = new ArrayList<>(pack.samples());
        long day = 86_400_000L;
        // Two days with a 30 mV offset on the mean cell voltage (a bad sensor reading), about 6 % of SOC.
        for (int i = 0; i < samples.size(); i++) {
            PackSample s = samples.get(i);
            long t = s.ts() - SyntheticPack.START_MS;
            if ((t >= 5 * day && t < 6 * day) || (t >= 17 * day && t < 18 * day)) {
                samples.set(i, withCellAvg(s, s.cellVoltageAvg() + 0.030));
            }
        }

        assertWithinOnePercent(estimate(Chemistry.NMC, samples), pack);
    }

    @Test
    void lfpEstimatesWithinAFewPercentOrSaysInsufficient() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.LFP, NOMINAL_AH, 80).seed(2);

        SohEstimate e = estimate(Chemistry.LFP, pack.samples());

        if (e.sufficient()) {
            assertThat(e.capacityAh()).isCloseTo(pack.trueCapacityAh(), within(0.03 * pack.trueCapacityAh()));
        } else {
            assertThat(e.capacityAh()).isNull();
            assertThat(e.insufficientReason()).contains("on flat parts of the LFP OCV curve");
        }
    }

    @Test
    void lfpCycledToTheSteepEndsEstimatesWithinAFewPercent() {
        // Charged to 100 % whenever below 25 %: rests land on the steep ends of the LFP curve.
        SyntheticPack pack = SyntheticPack.of(Chemistry.LFP, NOMINAL_AH, 80).seed(4).charging(25, 100, 1);

        SohEstimate e = estimate(Chemistry.LFP, pack.samples());

        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.capacityAh()).isCloseTo(pack.trueCapacityAh(), within(0.03 * pack.trueCapacityAh()));
    }

    @Test
    void partialChargesOnLfpAreInsufficientNotAGuess() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.LFP, NOMINAL_AH, 80).seed(6).charging(55, 80, 0);

        SohEstimate e = estimate(Chemistry.LFP, pack.samples());

        assertThat(e.sufficient()).isFalse();
        assertThat(e.sohPercent()).isNull();
        assertThat(e.insufficientReason()).contains("need 3").contains("on flat parts of the LFP OCV curve");
    }

    @Test
    void oneDayIsThinEvidence() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90).days(1);

        SohEstimate e = estimate(Chemistry.NMC, pack.samples());

        assertThat(e.sufficient()).isFalse();
        assertThat(e.capacityAh()).isNull();
        assertThat(e.uncertaintyPercent()).isNull();
        assertThat(e.segments()).isLessThan(3);
        assertThat(e.insufficientReason()).matches("[0-2] usable charge segments? between rest points, need 3 .*");
    }

    @Test
    void noRestIsThinEvidence() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90).restless(true);

        SohEstimate e = estimate(Chemistry.NMC, pack.samples());

        assertThat(e.sufficient()).isFalse();
        assertThat(e.insufficientReason()).startsWith("no rest of 20 min or more");
    }

    @Test
    void noSamplesIsThinEvidence() {
        assertThat(estimate(Chemistry.NMC, List.of()).insufficientReason()).isEqualTo("no usable samples");
    }

    @Test
    void minimumSegmentsIsConfigurable() {
        SyntheticPack pack = SyntheticPack.of(Chemistry.NMC, NOMINAL_AH, 90);

        SohEstimate e = estimator.withMinSegments(500).estimate("P1", Chemistry.NMC, NOMINAL_AH, pack.samples());

        assertThat(e.insufficientReason()).contains("need 500");
    }

    private SohEstimate estimate(Chemistry chemistry, List<PackSample> samples) {
        return estimator.estimate("P1", chemistry, NOMINAL_AH, samples);
    }

    private static void assertWithinOnePercent(SohEstimate e, SyntheticPack pack) {
        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.capacityAh()).isCloseTo(pack.trueCapacityAh(), within(0.01 * pack.trueCapacityAh()));
    }

    private static PackSample withSoc(PackSample s, double soc) {
        return new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), soc, s.ahCharged(), s.ahDischarged(),
                s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(), s.tempMax());
    }

    private static PackSample withCounters(PackSample s, double charged, double discharged) {
        return new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), charged, discharged,
                s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(), s.tempMax());
    }

    private static PackSample withCellAvg(PackSample s, double volts) {
        return new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(), s.ahDischarged(),
                s.cellVoltageMin(), s.cellVoltageMax(), volts, s.tempMin(), s.tempMax());
    }
}
