package io.voltrace.simulator.cell;

import java.util.SplittableRandom;

/**
 * A cell's open-circuit voltage as a smooth closed form of its state of charge z (0..1): a line, two logistic steps
 * (the electrode staging plateaus) and exponential walls at empty and at full,
 * {@code V = a + b·z + A1·σ((z−c1)/w1) + A2·σ((z−c2)/w2) − B·e^(−z/w0) + C·e^((z−1)/w3)}.
 *
 * <p>Deliberately not the estimator's form (a piecewise-linear table): a cell on this curve sits off the table by
 * the form's own shape error (up to about 3 mV NMC, 5 mV LFP between 10 and 90 % SOC, tens of mV near the ends), and
 * each cell draws its own parameters around its type's.
 */
public record OcvForm(double a, double b, double a1, double c1, double w1, double a2, double c2, double w2,
                      double bLow, double w0, double cHigh, double w3) {

    /** Volts at state of charge {@code z} (fraction, clamped to 0..1). */
    public double volts(double z) {
        double x = Math.max(0, Math.min(1, z));
        return a + b * x + a1 / (1 + Math.exp(-(x - c1) / w1)) + a2 / (1 + Math.exp(-(x - c2) / w2))
                - bLow * Math.exp(-x / w0) + cHigh * Math.exp((x - 1) / w3);
    }

    /**
     * This cell's own curve: the type's parameters, each moved by a random relative amount. Offsets of a few mV,
     * plateau heights and positions by a few percent: the cell-to-cell spread of one production lot.
     */
    public OcvForm perturbed(SplittableRandom rnd, double offsetVolts, double relative) {
        return new OcvForm(a + offsetVolts * Gaussian.next(rnd), b * (1 + relative * Gaussian.next(rnd)),
                a1 * (1 + relative * Gaussian.next(rnd)), c1 + 0.01 * Gaussian.next(rnd),
                w1 * (1 + relative * Gaussian.next(rnd)), a2 * (1 + relative * Gaussian.next(rnd)),
                c2 + 0.01 * Gaussian.next(rnd), w2 * (1 + relative * Gaussian.next(rnd)),
                bLow * (1 + relative * Gaussian.next(rnd)), w0, cHigh * (1 + relative * Gaussian.next(rnd)), w3);
    }

    /** The curve tabulated every 0.25 % SOC, so the hot loop is a lookup (the form itself costs six exponentials). */
    public double[] tabulate() {
        double[] t = new double[TABLE_STEPS + 1];
        for (int k = 0; k <= TABLE_STEPS; k++) {
            t[k] = volts(k / (double) TABLE_STEPS);
        }
        return t;
    }

    public static final int TABLE_STEPS = 400;

    /** Linear interpolation in a table made by {@link #tabulate()}. */
    public static double lookup(double[] table, double z) {
        double x = Math.max(0, Math.min(1, z)) * TABLE_STEPS;
        int k = Math.min((int) x, TABLE_STEPS - 1);
        double f = x - k;
        return table[k] + f * (table[k + 1] - table[k]);
    }
}
