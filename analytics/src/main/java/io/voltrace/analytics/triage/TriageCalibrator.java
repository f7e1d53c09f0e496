package io.voltrace.analytics.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Fits a {@link TriageModel} from labeled pulse tests of one battery type. The only inputs are the planned SOC and the
 * rested OCV (U1): SOC counts charge in nominal amp-hours, so a battery that has lost capacity sits fuller, and reads a
 * higher OCV, at the same planned SOC. That is a property of every intercalation chemistry, which is why the model
 * relies on it alone; the pulse resistances were tried as inputs and did not help on held-out batteries
 * (docs/validation.md). Kernel width and penalty are chosen by a cross-validation that splits the calibration
 * batteries into folds; the uncertainty comes from the same out-of-fold errors.
 */
public final class TriageCalibrator {
    static final double[] LENGTH_SCALES = {0.5, 1, 2, 4};
    static final double[] LAMBDAS = {0.01, 0.1, 1};
    static final int FOLDS = 5;
    static final int MIN_BATTERIES = 3;

    private final String separator;
    private final long seed;

    /**
     * @param separator an ID's battery is its part before this; empty to use whole IDs
     * @param seed      shuffles the batteries into folds
     */
    public TriageCalibrator(String separator, long seed) {
        this.separator = separator;
        this.seed = seed;
    }

    public TriageModel calibrate(List<PulseTest> tests, String source, String material) {
        List<String> batteries = BatteryFolds.batteries(tests, separator);
        if (batteries.size() < MIN_BATTERIES) {
            throw new IllegalArgumentException("calibration needs labeled pulse tests of at least " + MIN_BATTERIES
                    + " batteries, " + source + " has " + batteries.size());
        }
        for (PulseTest t : tests) {
            if (!t.labeled()) {
                throw new IllegalArgumentException(t.where() + ": SOH: calibration rows need the label");
            }
        }
        double qn = tests.get(0).nominalAh();
        for (PulseTest t : tests) {
            if (Math.abs(t.nominalAh() - qn) > TriageModel.NOMINAL_TOLERANCE * qn) {
                throw new IllegalArgumentException(t.where() + ": Qn: " + t.nominalAh() + " Ah where the first row "
                        + "has " + qn + " Ah; a model is for one battery type: split the file by Qn");
            }
        }
        int folds = Math.min(FOLDS, batteries.size());
        int[] fold = BatteryFolds.folds(tests, separator, folds, seed);
        double[][] x = tests.stream().map(TriageModel::inputs).toArray(double[][]::new);
        double[] y = tests.stream().mapToDouble(PulseTest::soh).toArray();

        double bestMae = Double.POSITIVE_INFINITY;
        double bestLs = 0;
        double bestLambda = 0;
        double[] bestResiduals = null;
        for (double ls : LENGTH_SCALES) {
            for (double lambda : LAMBDAS) {
                double[] r = outOfFold(x, y, fold, folds, ls, lambda);
                double mae = Arrays.stream(r).map(Math::abs).average().orElseThrow();
                if (mae < bestMae) {
                    bestMae = mae;
                    bestLs = ls;
                    bestLambda = lambda;
                    bestResiduals = r;
                }
            }
        }
        KernelRidge regression = KernelRidge.fit(x, y, bestLs, bestLambda);
        double factor = sigmaFactor(bestResiduals);
        return new TriageModel(TriageModel.FORMAT, TriageModel.VERSION, material, qn,
                tests.stream().mapToDouble(PulseTest::soc).min().orElseThrow(),
                tests.stream().mapToDouble(PulseTest::soc).max().orElseThrow(), separator,
                List.of("SOC", "U1"), regression, sigmaTable(tests, bestResiduals, factor), voltageBounds(tests),
                ocvBySoc(tests),
                new TriageModel.Calibration(source, batteries.size(), tests.size(), bestLs, bestLambda,
                        round(bestMae, 4), folds, round(factor, 4)));
    }

    /** Out-of-fold residuals (prediction minus label) of one setting. */
    static double[] outOfFold(double[][] x, double[] y, int[] fold, int folds, double ls, double lambda) {
        double[] r = new double[y.length];
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (fold[i] != f) {
                    train.add(i);
                }
            }
            double[][] tx = train.stream().map(i -> x[i]).toArray(double[][]::new);
            double[] ty = train.stream().mapToDouble(i -> y[i]).toArray();
            KernelRidge m = KernelRidge.fit(tx, ty, ls, lambda);
            for (int i = 0; i < y.length; i++) {
                if (fold[i] == f) {
                    r[i] = m.predict(x[i]) - y[i];
                }
            }
        }
        return r;
    }

    /**
     * Errors of triage are heavier-tailed than normal (a battery's own OCV offset persists over its SOC levels), so
     * σ is the RMS error scaled until ±1.96σ covers 95 % of the out-of-fold errors; never below the RMS itself.
     */
    static double sigmaFactor(double[] residuals) {
        double[] abs = Arrays.stream(residuals).map(Math::abs).sorted().toArray();
        double q95 = abs[(int) Math.min(abs.length - 1, Math.ceil(0.95 * abs.length) - 1)];
        double rms = Math.sqrt(Arrays.stream(residuals).map(v -> v * v).average().orElseThrow());
        return Math.max(1, q95 / (1.96 * rms));
    }

    /** RMS out-of-fold error at each SOC, pooled with the neighbouring SOC levels (few batteries per level). */
    static double[][] sigmaTable(List<PulseTest> tests, double[] residuals, double factor) {
        double[] levels = tests.stream().mapToDouble(PulseTest::soc).distinct().sorted().toArray();
        double[][] out = new double[levels.length][];
        for (int l = 0; l < levels.length; l++) {
            double lo = levels[Math.max(0, l - 1)];
            double hi = levels[Math.min(levels.length - 1, l + 1)];
            double s = 0;
            int n = 0;
            for (int i = 0; i < residuals.length; i++) {
                double soc = tests.get(i).soc();
                if (soc >= lo && soc <= hi) {
                    s += residuals[i] * residuals[i];
                    n++;
                }
            }
            out[l] = new double[] {levels[l], round(factor * Math.sqrt(s / n), 4)};
        }
        return out;
    }

    static double[][] voltageBounds(List<PulseTest> tests) {
        double[][] out = new double[PulseTest.VOLTAGES][];
        for (int k = 1; k <= PulseTest.VOLTAGES; k++) {
            int kk = k;
            out[k - 1] = new double[] {tests.stream().mapToDouble(t -> t.u(kk)).min().orElseThrow(),
                tests.stream().mapToDouble(t -> t.u(kk)).max().orElseThrow()};
        }
        return out;
    }

    static double[][] ocvBySoc(List<PulseTest> tests) {
        TreeMap<Double, double[]> env = new TreeMap<>();
        for (PulseTest t : tests) {
            env.merge(t.soc(), new double[] {t.ocv(), t.ocv()},
                    (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        return env.entrySet().stream().map(e -> new double[] {e.getKey(), e.getValue()[0], e.getValue()[1]})
                .toArray(double[][]::new);
    }

    static double round(double v, int digits) {
        return Double.parseDouble(String.format(Locale.ROOT, "%." + digits + "f", v));
    }
}
