package io.voltrace.analytics.soh;

import java.util.Arrays;

/** Small robust statistics for readings that now and then hold a wild one. */
final class Robust {
    /** MAD × 1.4826 estimates the standard deviation of normally distributed readings. */
    static final double MAD_TO_SIGMA = 1.4826;

    private Robust() {
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Scaled median absolute deviation: a standard deviation that a few outliers do not move. */
    static double sigma(double[] xs) {
        double m = median(xs);
        double[] dev = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            dev[i] = Math.abs(xs[i] - m);
        }
        return MAD_TO_SIGMA * median(dev);
    }

    /**
     * Huber M-estimate of location with prior weights: readings within {@code k} robust sigmas count fully, those
     * further out by k/|r|, so one wild reading cannot drag the mean. Returns {location, standard error, effective
     * count}; the standard error is the robust sigma over the square root of the effective count.
     */
    static double[] huber(double[] xs, double[] priorWeights, double k) {
        double mu = median(xs);
        double s = sigma(xs);
        if (!(s > 0)) {
            // Half or more readings coincide: nothing measures spread, so fall back to the weighted mean.
            s = Double.MIN_NORMAL;
        }
        double[] w = new double[xs.length];
        for (int iter = 0; iter < 50; iter++) {
            double sw = 0;
            double swx = 0;
            for (int i = 0; i < xs.length; i++) {
                double r = Math.abs(xs[i] - mu) / s;
                w[i] = priorWeights[i] * (r <= k ? 1 : k / r);
                sw += w[i];
                swx += w[i] * xs[i];
            }
            double next = swx / sw;
            boolean done = Math.abs(next - mu) <= 1e-12 * Math.max(1, Math.abs(mu));
            mu = next;
            if (done) {
                break;
            }
        }
        double sw = 0;
        double sw2 = 0;
        for (double wi : w) {
            sw += wi;
            sw2 += wi * wi;
        }
        double effective = sw * sw / sw2;
        double spread = s == Double.MIN_NORMAL ? 0 : s;
        return new double[]{mu, spread / Math.sqrt(effective), effective};
    }
}
