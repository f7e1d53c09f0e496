package io.voltrace.analytics.triage;

/**
 * Weights w ≥ 0 with Σw = 1 toward the least squares ‖Pw − y‖², by projected gradient: it starts from equal weights
 * and takes a fixed {@value #ITERATIONS} steps of 1/λmax(PᵀP). The constraint keeps the combination an average of
 * estimates, so it cannot extrapolate beyond its members the way free weights could.
 *
 * <p>Early stopping is part of the method, not an accident to fix silently: the triage's candidates all share the
 * SOC-U1 backbone, so their out-of-fold predictions are nearly collinear and λmax is set by their common level; the
 * steps then move the weights only a little from equal (full LMO fit: 0.054–0.073 for 17 candidates), tilted toward
 * the candidates with smaller errors. That is what was validated (docs/validation.md); a converged fit (e.g. on
 * P − y·1ᵀ, well conditioned) would be a different method and must be validated before it replaces this one.
 */
final class Simplex {
    private static final int ITERATIONS = 2000;

    private Simplex() {
    }

    static double[] leastSquares(double[][] p, double[] y) {
        int n = p[0].length;
        double[][] ptp = new double[n][n];
        double[] pty = new double[n];
        for (int i = 0; i < p.length; i++) {
            for (int a = 0; a < n; a++) {
                pty[a] += p[i][a] * y[i];
                for (int b = 0; b < n; b++) {
                    ptp[a][b] += p[i][a] * p[i][b];
                }
            }
        }
        double step = 1 / largestEigenvalue(ptp);
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        double[] g = new double[n];
        for (int it = 0; it < ITERATIONS; it++) {
            for (int a = 0; a < n; a++) {
                g[a] = Linear.dot(ptp[a], w) - pty[a];
            }
            for (int a = 0; a < n; a++) {
                w[a] -= step * g[a];
            }
            w = project(w);
        }
        return w;
    }

    /** Euclidean projection onto {w ≥ 0, Σw = 1} (sort and threshold). */
    static double[] project(double[] v) {
        int n = v.length;
        double[] u = v.clone();
        java.util.Arrays.sort(u);
        double css = 0;
        double theta = 0;
        for (int k = 1; k <= n; k++) {
            double uk = u[n - k]; // k-th largest
            css += uk;
            if (uk - (css - 1) / k > 0) {
                theta = (css - 1) / k;
            }
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.max(v[i] - theta, 0);
        }
        return w;
    }

    /** Of a symmetric positive semi-definite matrix, by power iteration (bounds the gradient step). */
    private static double largestEigenvalue(double[][] a) {
        int n = a.length;
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1);
        double lambda = 0;
        for (int it = 0; it < 200; it++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                next[i] = Linear.dot(a[i], x);
            }
            double norm = Math.sqrt(Linear.dot(next, next));
            if (!(norm > 0)) {
                return 1;
            }
            lambda = norm / Math.sqrt(Linear.dot(x, x));
            for (int i = 0; i < n; i++) {
                x[i] = next[i] / norm;
            }
        }
        return lambda * 1.01; // a hair above: power iteration approaches from below
    }
}
