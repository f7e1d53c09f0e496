package io.voltrace.analytics.triage;

import java.util.Arrays;
import java.util.List;

/**
 * The baseline the triage must beat: ridge regression of SOH on the raw voltages U1…U21 and the planned SOC
 * (standardised), one model for all SOC levels, the penalty chosen by the same battery-split inner cross-validation.
 */
final class RidgeBaseline {
    static final double[] LAMBDAS = {1e-3, 1e-2, 0.1, 1, 10, 100, 1000};

    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double sigma;

    private RidgeBaseline(double[] mean, double[] scale, double[] weights, double sigma) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.sigma = sigma;
    }

    static RidgeBaseline fit(List<PulseTest> tests, String separator, long seed) {
        int folds = Math.min(TriageCalibrator.FOLDS, BatteryFolds.batteries(tests, separator).size());
        int[] fold = BatteryFolds.folds(tests, separator, folds, seed);
        double best = Double.POSITIVE_INFINITY;
        double bestLambda = 1;
        double[] bestResiduals = null;
        for (double lambda : LAMBDAS) {
            double[] r = new double[tests.size()];
            for (int f = 0; f < folds; f++) {
                int ff = f;
                List<PulseTest> train = java.util.stream.IntStream.range(0, tests.size()).filter(i -> fold[i] != ff)
                        .mapToObj(tests::get).toList();
                RidgeBaseline m = fitWith(train, lambda, 0);
                for (int i = 0; i < r.length; i++) {
                    if (fold[i] == f) {
                        r[i] = m.predict(tests.get(i)) - tests.get(i).soh();
                    }
                }
            }
            double mae = Arrays.stream(r).map(Math::abs).average().orElseThrow();
            if (mae < best) {
                best = mae;
                bestLambda = lambda;
                bestResiduals = r;
            }
        }
        double rms = Math.sqrt(Arrays.stream(bestResiduals).map(v -> v * v).average().orElseThrow());
        return fitWith(tests, bestLambda, rms);
    }

    private static RidgeBaseline fitWith(List<PulseTest> tests, double lambda, double sigma) {
        int d = PulseTest.VOLTAGES + 1;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            int k = j;
            mean[j] = tests.stream().mapToDouble(t -> input(t, k)).average().orElseThrow();
            double m = mean[j];
            scale[j] = Math.sqrt(tests.stream().mapToDouble(t -> (input(t, k) - m) * (input(t, k) - m)).average()
                    .orElseThrow());
            if (!(scale[j] > 1e-12)) {
                scale[j] = 1;
            }
        }
        double[][] x = new double[tests.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = row(tests.get(i), mean, scale);
        }
        double[] y = tests.stream().mapToDouble(PulseTest::soh).toArray();
        return new RidgeBaseline(mean, scale, Linear.ridge(x, y, lambda), sigma);
    }

    /** Input j: U1…U21 for j = 0…20, the planned SOC for j = 21. */
    private static double input(PulseTest t, int j) {
        return j < PulseTest.VOLTAGES ? t.u(j + 1) : t.soc();
    }

    private static double[] row(PulseTest t, double[] mean, double[] scale) {
        double[] r = new double[mean.length + 1];
        r[0] = 1;
        for (int j = 0; j < mean.length; j++) {
            r[j + 1] = (input(t, j) - mean[j]) / scale[j];
        }
        return r;
    }

    double predict(PulseTest t) {
        return Linear.dot(weights, row(t, mean, scale));
    }

    /** The inner cross-validation's RMS error: the baseline's own one-sigma. */
    double sigma() {
        return sigma;
    }
}
