package io.voltrace.analytics.soh;

import io.voltrace.evidence.CurrentStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cell resistance from the current steps an extractor found, combined over many of them.
 *
 * <p>Each step gives ΔV/ΔI. Resistance falls as the cell warms (Arrhenius: R(T) = R(T₀)·exp(E/k·(1/T − 1/T₀))), so
 * each figure is brought to the reference temperature first; steps without a temperature are left out, since a 10 °C
 * difference alone moves resistance by about 30 %. Resistance also rises steeply near empty, so only steps taken in a
 * voltage band (where the cell was) are combined: compare like with like. The figures are combined with a Huber
 * M-estimator weighted by ΔI² (a bigger step has less relative noise), so one step across a contactor bounce cannot
 * drag the mean; the uncertainty is the robust spread over the square root of the effective count.
 *
 * @param minSeconds            shortest interval between the two readings of a step
 * @param maxSeconds            longest: more time inside a step means more diffusion in the figure
 * @param minVoltsBefore        lowest cell voltage before the step
 * @param maxVoltsBefore        highest
 * @param activationKelvin      E/k of the resistance's temperature dependence
 * @param referenceTempC        temperature figures are brought to
 * @param minSteps              fewest steps that make a figure
 * @param huberK                readings beyond this many robust sigmas are down-weighted
 * @param maxRelativeUncertainty more than this (relative, one sigma) gives no figure
 */
public record ResistanceEstimator(double minSeconds, double maxSeconds, double minVoltsBefore, double maxVoltsBefore,
                                  double activationKelvin, double referenceTempC, int minSteps, double huberK,
                                  double maxRelativeUncertainty) {

    public static final String METHOD = "ΔV/ΔI at current steps, temperature-corrected, Huber-weighted";

    public ResistanceEstimator {
        if (!(minSeconds >= 0) || !(maxSeconds >= minSeconds) || !(minVoltsBefore < maxVoltsBefore)
                || !(activationKelvin >= 0) || minSteps < 1 || !(huberK > 0) || !(maxRelativeUncertainty > 0)) {
            throw new IllegalArgumentException("resistance estimator parameters out of range");
        }
    }

    /**
     * Any step up to 30 s in any voltage band, E/k = 3000 K (about 25 kJ/mol, typical of a lithium-ion cell's
     * charge-transfer and electrolyte resistance), 25 °C, 5 steps, k = 1.5, 10 %.
     */
    public static ResistanceEstimator defaults() {
        return new ResistanceEstimator(0, 30, 0, 10, 3000, 25, 5, 1.5, 0.10);
    }

    /** The same, combining only steps taken between these cell voltages. */
    public ResistanceEstimator inVoltageBand(double lowVolts, double highVolts) {
        return new ResistanceEstimator(minSeconds, maxSeconds, lowVolts, highVolts, activationKelvin, referenceTempC,
                minSteps, huberK, maxRelativeUncertainty);
    }

    /** The same, combining only steps whose readings are this far apart. */
    public ResistanceEstimator withSeconds(double min, double max) {
        return new ResistanceEstimator(min, max, minVoltsBefore, maxVoltsBefore, activationKelvin, referenceTempC,
                minSteps, huberK, maxRelativeUncertainty);
    }

    /** ΔV/ΔI of one step, brought to the reference temperature; NaN without a temperature. */
    public double correctedOhms(CurrentStep step) {
        if (Double.isNaN(step.tempC())) {
            return Double.NaN;
        }
        double t = step.tempC() + 273.15;
        double t0 = referenceTempC + 273.15;
        return step.ohms() / Math.exp(activationKelvin * (1 / t - 1 / t0));
    }

    public ResistanceEstimate estimate(String battery, List<CurrentStep> steps) {
        List<Double> ohms = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        int outOfWindow = 0;
        int noTemp = 0;
        for (CurrentStep s : steps) {
            if (s.seconds() < minSeconds || s.seconds() > maxSeconds || s.voltsBefore() < minVoltsBefore
                    || s.voltsBefore() > maxVoltsBefore) {
                outOfWindow++;
                continue;
            }
            double r = correctedOhms(s);
            if (Double.isNaN(r)) {
                noTemp++;
                continue;
            }
            ohms.add(r);
            weights.add(s.deltaAmps() * s.deltaAmps());
        }
        if (ohms.size() < minSteps) {
            return new ResistanceEstimate(battery, null, null, ohms.size(), referenceTempC, METHOD, String.format(
                    Locale.ROOT, "%d usable current step%s, need %d (%d steps in all, %d outside %s–%s s or the "
                            + "%s–%s V band, %d without a temperature)",
                    ohms.size(), ohms.size() == 1 ? "" : "s", minSteps, steps.size(), outOfWindow, num(minSeconds),
                    num(maxSeconds), num(minVoltsBefore), num(maxVoltsBefore), noTemp));
        }
        double[] xs = ohms.stream().mapToDouble(Double::doubleValue).toArray();
        double[] ws = weights.stream().mapToDouble(Double::doubleValue).toArray();
        double[] h = Robust.huber(xs, ws, huberK);
        double relative = h[1] / h[0];
        if (!(relative <= maxRelativeUncertainty)) {
            return new ResistanceEstimate(battery, null, null, (int) Math.round(h[2]), referenceTempC, METHOD,
                    String.format(Locale.ROOT, "%d current steps disagree: ±%.0f %% is more than %.0f %%",
                            xs.length, relative * 100, maxRelativeUncertainty * 100));
        }
        return new ResistanceEstimate(battery, h[0], h[1], (int) Math.round(h[2]), referenceTempC, METHOD, null);
    }

    private static String num(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
