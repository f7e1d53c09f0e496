package io.voltrace.analytics.triage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The held-out validation of docs/validation.md: repeated random splits by battery, a minority calibrated (the model
 * and the ridge baseline fitted on it alone, their settings chosen by inner cross-validation on it alone), the rest
 * estimated; errors gathered per SOC level over all splits.
 *
 * @param splits    number of random splits
 * @param share     share of batteries calibrated in each split
 * @param separator an ID's battery is its part before this
 * @param seed      first split's seed; split i uses seed + i
 */
public record TriageValidation(int splits, double share, String separator, long seed) {

    /** Accumulated errors of one method at one SOC level (or all). */
    public static final class Tally {
        private double absSum;
        private int n;
        private int within2Sigma;

        void add(double error, double sigma) {
            absSum += Math.abs(error);
            n++;
            if (Math.abs(error) <= 2 * sigma) {
                within2Sigma++;
            }
        }

        public int count() {
            return n;
        }

        /** Mean absolute error, SOH percent. */
        public double mae() {
            return n == 0 ? Double.NaN : absSum / n;
        }

        /** Share of errors inside ±2σ. */
        public double within2Sigma() {
            return n == 0 ? Double.NaN : (double) within2Sigma / n;
        }
    }

    /**
     * @param batteries batteries in the file
     * @param triage    the triage model per SOC level
     * @param baseline  the ridge baseline per SOC level
     * @param triageAll triage over every held-out row
     * @param baselineAll baseline over every held-out row
     * @param refused   held-out rows the model's envelope check would refuse (they are still scored above)
     */
    public record Result(int batteries, Map<Double, Tally> triage, Map<Double, Tally> baseline, Tally triageAll,
                         Tally baselineAll, int refused) {
    }

    public Result run(List<PulseTest> tests, IntConsumer splitDone) {
        List<String> batteries = BatteryFolds.batteries(tests, separator);
        if (batteries.size() < 2 * TriageCalibrator.MIN_BATTERIES) {
            throw new IllegalArgumentException("validation needs labeled pulse tests of at least "
                    + 2 * TriageCalibrator.MIN_BATTERIES + " batteries, the file has " + batteries.size());
        }
        Map<Double, Tally> triage = new TreeMap<>();
        Map<Double, Tally> baseline = new TreeMap<>();
        Tally triageAll = new Tally();
        Tally baselineAll = new Tally();
        int refused = 0;
        for (int s = 0; s < splits; s++) {
            long splitSeed = seed + s;
            Set<String> cal = new HashSet<>(BatteryFolds.calibrationBatteries(tests, separator, share, splitSeed));
            List<PulseTest> fit = new ArrayList<>();
            List<PulseTest> held = new ArrayList<>();
            for (PulseTest t : tests) {
                (cal.contains(t.battery(separator)) ? fit : held).add(t);
            }
            TriageModel model = new TriageCalibrator(separator, splitSeed).calibrate(fit, "split " + s, null);
            RidgeBaseline ridge = RidgeBaseline.fit(fit, separator, splitSeed);
            for (PulseTest t : held) {
                if (!model.check(t).isEmpty()) {
                    refused++;
                }
                TriageModel.Estimate e = model.estimate(t);
                triage.computeIfAbsent(t.soc(), k -> new Tally()).add(e.soh() - t.soh(), e.uncertainty());
                triageAll.add(e.soh() - t.soh(), e.uncertainty());
                double b = ridge.predict(t) - t.soh();
                baseline.computeIfAbsent(t.soc(), k -> new Tally()).add(b, ridge.sigma());
                baselineAll.add(b, ridge.sigma());
            }
            splitDone.accept(s + 1);
        }
        return new Result(batteries.size(), triage, baseline, triageAll, baselineAll, refused);
    }
}
