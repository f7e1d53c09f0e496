package io.voltrace.analytics.rul;

import java.util.Arrays;

/**
 * Straight-line fit y = a + b·u with Huber weights by iteratively reweighted least squares: points within 1.345 robust
 * sigmas count fully, farther ones less, so an occasional bad SOH reading bends the line little.
 */
final class HuberLine {
    /** 95 % efficiency at normal errors. */
    private static final double K = 1.345;
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final int MAX_ITERATIONS = 50;

    final double a;
    final double b;
    final double sigma;

    private HuberLine(double a, double b, double sigma) {
        this.a = a;
        this.b = b;
        this.sigma = sigma;
    }

    /** Needs at least two distinct u; {@code scratch} has room for n values and is overwritten. */
    static HuberLine fit(double[] u, double[] y, int n, double[] weights, double[] scratch) {
        Arrays.fill(weights, 0, n, 1.0);
        double[] line = wls(u, y, weights, n);
        double a = line[0];
        double b = line[1];
        double s = 0;
        for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
            s = scale(u, y, n, a, b, scratch);
            double cut = K * Math.max(s, 1e-12);
            for (int i = 0; i < n; i++) {
                double r = Math.abs(y[i] - a - b * u[i]);
                weights[i] = r <= cut ? 1.0 : cut / r;
            }
            line = wls(u, y, weights, n);
            double moved = Math.abs(line[0] - a) + Math.abs(line[1] - b);
            a = line[0];
            b = line[1];
            if (moved < 1e-9 * (1 + Math.abs(a) + Math.abs(b))) {
                break;
            }
        }
        return new HuberLine(a, b, scale(u, y, n, a, b, scratch));
    }

    double at(double u) {
        return a + b * u;
    }

    /** Robust sigma: scaled median absolute residual. */
    private static double scale(double[] u, double[] y, int n, double a, double b, double[] scratch) {
        for (int i = 0; i < n; i++) {
            scratch[i] = Math.abs(y[i] - a - b * u[i]);
        }
        Arrays.sort(scratch, 0, n);
        double median = n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
        return MAD_TO_SIGMA * median;
    }

    private static double[] wls(double[] u, double[] y, double[] w, int n) {
        double sw = 0;
        double su = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            su += w[i] * u[i];
            sy += w[i] * y[i];
        }
        double mu = su / sw;
        double my = sy / sw;
        double suu = 0;
        double suy = 0;
        for (int i = 0; i < n; i++) {
            double du = u[i] - mu;
            suu += w[i] * du * du;
            suy += w[i] * du * (y[i] - my);
        }
        double b = suu > 0 ? suy / suu : 0;
        return new double[]{my - b * mu, b};
    }
}
