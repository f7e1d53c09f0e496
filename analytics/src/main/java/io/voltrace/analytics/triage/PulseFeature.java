package io.voltrace.analytics.triage;

import java.util.Arrays;

/**
 * The physical quantities a pulse test yields, each a property any intercalation battery has, so that a model built
 * from them carries over to chemistries it was not developed on. Resistances are per C-rate (volts per 1C), from the
 * layout's fixed pulses: +0.5C (U1→U2→U3), −0.5C (U5→U6→U7), +1C (U9→U10→U11), −1C (U13→U14→U15), +1.5C (U17→U18→U19).
 */
public enum PulseFeature {
    /** Planned state of charge, percent of the nominal capacity. */
    SOC,
    /** Rested open-circuit voltage: at a given nominal SOC a battery that lost capacity sits fuller and reads higher. */
    U1,
    /** Ohmic resistance: the voltage jump at each pulse's first sample, per C, averaged over the five pulses. */
    R0,
    /** Polarisation: the further change over each 5 s pulse after its jump, per C, averaged over the five pulses. */
    RP,
    /** Relaxation: how far the voltage settles back over each 75 s rest (toward the OCV), averaged over the five. */
    RLX,
    /** OCV drift across the sequence, U21 − U1: the pulses leave a net +7.5 C·s in the battery, read on the OCV slope. */
    DU21,
    /**
     * Ohmic jump of each pulse on its own, per C (+0.5C, −0.5C, +1C, −1C, +1.5C): the average {@link #R0} hides how
     * the jump changes with amplitude and direction (charge-transfer nonlinearity, and which electrode is near the end
     * of its range), which differ between batteries at the same planned SOC. Issue #5's study (development splits):
     * offered next to the averages they took LMO from 1.61 to 1.55 % MAE.
     */
    R0_C05, R0_D05, R0_C10, R0_D10, R0_C15;

    private static final int[][] CHARGE = {{1, 2, 3}, {9, 10, 11}, {17, 18, 19}};
    private static final double[] CHARGE_C = {0.5, 1, 1.5};
    private static final int[][] DISCHARGE = {{5, 6, 7}, {13, 14, 15}};
    private static final double[] DISCHARGE_C = {0.5, 1};
    /** Rest start and end after each pulse, and the pulse's direction (+1 charge). */
    private static final int[][] RESTS = {{4, 5, 1}, {8, 9, -1}, {12, 13, 1}, {16, 17, -1}, {20, 21, 1}};

    public double of(PulseTest t) {
        return switch (this) {
            case SOC -> t.soc();
            case U1 -> t.ocv();
            case R0 -> perC(t, 0, 1);
            case RP -> perC(t, 1, 2);
            case RLX -> Arrays.stream(RESTS).mapToDouble(r -> (t.u(r[0]) - t.u(r[1])) * r[2]).sum() / RESTS.length;
            case DU21 -> t.u(21) - t.u(1);
            case R0_C05 -> (t.u(2) - t.u(1)) / 0.5;
            case R0_D05 -> (t.u(5) - t.u(6)) / 0.5;
            case R0_C10 -> t.u(10) - t.u(9);
            case R0_D10 -> t.u(13) - t.u(14);
            case R0_C15 -> (t.u(18) - t.u(17)) / 1.5;
        };
    }

    /** The values of {@code features} for one test, in order. */
    public static double[] of(PulseTest t, java.util.List<PulseFeature> features) {
        double[] x = new double[features.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = features.get(i).of(t);
        }
        return x;
    }

    /** Mean over the five pulses of the step between turning points {@code from} and {@code to}, per C. */
    private static double perC(PulseTest t, int from, int to) {
        double s = 0;
        for (int i = 0; i < CHARGE.length; i++) {
            s += (t.u(CHARGE[i][to]) - t.u(CHARGE[i][from])) / CHARGE_C[i];
        }
        for (int i = 0; i < DISCHARGE.length; i++) {
            s += (t.u(DISCHARGE[i][from]) - t.u(DISCHARGE[i][to])) / DISCHARGE_C[i];
        }
        return s / (CHARGE.length + DISCHARGE.length);
    }
}
