package io.voltrace.analytics.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Fits a {@link TriageModel} from labeled pulse tests of one battery type, in two steps, each judged only by a
 * cross-validation whose folds are batteries of the calibration data.
 *
 * <p>First the backbone: planned SOC and rested OCV (U1). SOC counts charge in nominal amp-hours, so a battery that has
 * lost capacity sits fuller, and reads a higher OCV, at the same planned SOC; that holds for every intercalation
 * chemistry. Its kernel width and penalty are chosen from a small grid. Then the other pulse features
 * ({@link PulseFeature}: ohmic and polarisation resistance, relaxation, OCV drift) are each offered as a third input at
 * a few kernel widths, and all these candidates are averaged with non-negative weights summing to one, tilted from
 * equal toward the candidates whose out-of-fold predictions fit best ({@link Simplex}: an early-stopped stacking, so
 * the many collinear candidates cannot overfit their weights). Nothing is picked by hand per chemistry. The uncertainty comes from the combination's out-of-fold errors.
 */
public final class TriageCalibrator {
    static final double[] LENGTH_SCALES = {0.5, 1, 2};
    static final double[] LAMBDAS = {0.01, 0.1, 1};
    /** Kernel widths offered to each extra feature: wide, i.e. it shifts the backbone's curve gently. */
    static final double[] EXTRA_WIDTHS = {1, 2, 5, 20};
    static final List<PulseFeature> EXTRAS = List.of(PulseFeature.R0, PulseFeature.RP, PulseFeature.RLX,
            PulseFeature.DU21, PulseFeature.R0_C05, PulseFeature.R0_D05, PulseFeature.R0_C10, PulseFeature.R0_D10,
            PulseFeature.R0_C15);
    static final List<PulseFeature> BACKBONE = List.of(PulseFeature.SOC, PulseFeature.U1);
    static final int FOLDS = 5;
    static final int MIN_BATTERIES = 3;
    /** Weights below this are dropped (and the rest renormalised): they change no estimate visibly. */
    private static final double WEIGHT_FLOOR = 1e-6;

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

    /** A candidate regression: its inputs and kernel widths. */
    private record Candidate(List<PulseFeature> inputs, double[] widths) {
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
        double[] y = tests.stream().mapToDouble(PulseTest::soh).toArray();

        double[][] base = inputs(tests, BACKBONE);
        double bestMae = Double.POSITIVE_INFINITY;
        double bestLs = 0;
        double bestLambda = 0;
        for (double ls : LENGTH_SCALES) {
            for (double lambda : LAMBDAS) {
                double[] r = outOfFold(base, y, fold, folds, new double[] {ls, ls}, lambda);
                double mae = meanAbs(r);
                if (mae < bestMae) {
                    bestMae = mae;
                    bestLs = ls;
                    bestLambda = lambda;
                }
            }
        }

        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(BACKBONE, new double[] {bestLs, bestLs}));
        for (PulseFeature f : EXTRAS) {
            List<PulseFeature> in = new ArrayList<>(BACKBONE);
            in.add(f);
            for (double w : EXTRA_WIDTHS) {
                candidates.add(new Candidate(List.copyOf(in), new double[] {bestLs, bestLs, w}));
            }
        }
        double[][] oofPredictions = new double[y.length][candidates.size()];
        for (int c = 0; c < candidates.size(); c++) {
            Candidate cand = candidates.get(c);
            double[] r = outOfFold(inputs(tests, cand.inputs()), y, fold, folds, cand.widths(), bestLambda);
            for (int i = 0; i < y.length; i++) {
                oofPredictions[i][c] = r[i] + y[i];
            }
        }
        double[] weights = Simplex.leastSquares(oofPredictions, y);
        double[] residuals = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            residuals[i] = Linear.dot(weights, oofPredictions[i]) - y[i];
        }
        double kept = 0;
        for (double w : weights) {
            kept += w >= WEIGHT_FLOOR ? w : 0;
        }
        List<TriageModel.Member> members = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            if (weights[c] >= WEIGHT_FLOOR) {
                Candidate cand = candidates.get(c);
                members.add(new TriageModel.Member(cand.inputs(), round(weights[c] / kept, 6),
                        KernelRidge.fit(inputs(tests, cand.inputs()), y, cand.widths(), bestLambda)));
            }
        }
        double factor = sigmaFactor(residuals);
        return new TriageModel(TriageModel.FORMAT, TriageModel.VERSION, material, qn,
                tests.stream().mapToDouble(PulseTest::soc).min().orElseThrow(),
                tests.stream().mapToDouble(PulseTest::soc).max().orElseThrow(), separator, members,
                sigmaTable(tests, residuals, factor), voltageBounds(tests), ocvBySoc(tests),
                new TriageModel.Calibration(source, batteries.size(), tests.size(), bestLs, bestLambda,
                        round(bestMae, 4), round(meanAbs(residuals), 4), candidates.size(), folds, round(factor, 4)));
    }

    private static double[][] inputs(List<PulseTest> tests, List<PulseFeature> features) {
        return tests.stream().map(t -> PulseFeature.of(t, features)).toArray(double[][]::new);
    }

    private static double meanAbs(double[] r) {
        return Arrays.stream(r).map(Math::abs).average().orElseThrow();
    }

    /** Out-of-fold residuals (prediction minus label) of one setting. */
    static double[] outOfFold(double[][] x, double[] y, int[] fold, int folds, double[] ls, double lambda) {
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
