package io.voltrace.simulator.cell;

import java.util.SplittableRandom;

/** Standard normal draws; SplittableRandom has no nextGaussian on Java 17. */
public final class Gaussian {
    private Gaussian() {
    }

    /** Box–Muller. */
    public static double next(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
