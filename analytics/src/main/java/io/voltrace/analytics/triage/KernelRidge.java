package io.voltrace.analytics.triage;

/**
 * Kernel ridge regression with a linear mean: y ≈ w·[1, z] + Σ αᵢ k(z, zᵢ), z the standardised inputs, k a Gaussian
 * kernel with one width per input (automatic relevance: a wide input bends the fit gently, a narrow one sharply).
 * The linear part carries the trend (a fuller battery at the same nominal SOC reads a higher OCV); the kernel
 * bends it where the OCV curve bends, and shrinks to the line where data are thin, so it cannot swing far outside
 * the calibration.
 *
 * @param mean        per input, subtracted before scaling
 * @param scale       per input standard deviation
 * @param linear      intercept then one weight per input (on standardised inputs)
 * @param points      the standardised calibration inputs
 * @param alpha       kernel weights, one per point
 * @param lengthScales kernel width per input, in standard deviations of that input
 * @param lambda      ridge penalty of the kernel part
 */
public record KernelRidge(double[] mean, double[] scale, double[] linear, double[][] points, double[] alpha,
                          double[] lengthScales, double lambda) {

    private static final double LINEAR_RIDGE = 1e-3;

    public static KernelRidge fit(double[][] x, double[] y, double[] lengthScales, double lambda) {
        int n = x.length;
        int d = x[0].length;
        if (lengthScales.length != d) {
            throw new IllegalArgumentException(d + " inputs need as many kernel widths, not " + lengthScales.length);
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (double[] row : x) {
                s += row[j];
            }
            mean[j] = s / n;
            double v = 0;
            for (double[] row : x) {
                v += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
            scale[j] = Math.sqrt(v / n);
            if (!(scale[j] > 1e-12)) {
                scale[j] = 1; // a constant input (one SOC level): leave it unscaled rather than divide by zero
            }
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(x[i], mean, scale);
        }
        double[][] p = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            p[i][0] = 1;
            System.arraycopy(z[i], 0, p[i], 1, d);
        }
        double[] w = Linear.ridge(p, y, LINEAR_RIDGE);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - Linear.dot(w, p[i]);
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = kernel(z[i], z[j], lengthScales);
                k[i][j] = v;
                k[j][i] = v;
            }
            k[i][i] += lambda;
        }
        double[] alpha = Linear.solveSpd(k, r);
        return new KernelRidge(mean, scale, w, z, alpha, lengthScales.clone(), lambda);
    }

    public double predict(double[] x) {
        double[] z = standardise(x, mean, scale);
        double y = linear[0];
        for (int j = 0; j < z.length; j++) {
            y += linear[j + 1] * z[j];
        }
        for (int i = 0; i < points.length; i++) {
            y += alpha[i] * kernel(z, points[i], lengthScales);
        }
        return y;
    }

    private static double[] standardise(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / scale[j];
        }
        return z;
    }

    private static double kernel(double[] a, double[] b, double[] lengthScales) {
        double d2 = 0;
        for (int j = 0; j < a.length; j++) {
            double d = (a[j] - b[j]) / lengthScales[j];
            d2 += d * d;
        }
        return Math.exp(-d2 / 2);
    }
}
