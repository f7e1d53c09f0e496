package io.voltrace.analytics.rul;

/**
 * Shape of capacity fade against age or throughput: SOH = a + b·g(x). Early fade is often dominated by SEI growth,
 * which goes with the square root of time; later fade is closer to linear.
 */
public enum FadeModel {
    LINEAR {
        @Override
        double g(double x) {
            return x;
        }

        @Override
        double inverse(double u) {
            return u;
        }
    },
    /** Needs x counted from begin of life. */
    SQRT {
        @Override
        double g(double x) {
            return Math.sqrt(Math.max(0, x));
        }

        @Override
        double inverse(double u) {
            return u <= 0 ? 0 : u * u;
        }
    };

    abstract double g(double x);

    abstract double inverse(double u);
}
