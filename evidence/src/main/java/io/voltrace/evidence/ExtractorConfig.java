package io.voltrace.evidence;

import io.voltrace.common.chemistry.Chemistry;

/**
 * How the extractor reads a pack's stream.
 *
 * @param nominalAh            rated capacity, for full equivalent cycles
 * @param seriesCells          cells in series: voltages are per cell, energy is per pack
 * @param restAmps             below this |current| (after offset removal) the pack rests
 * @param minRestSeconds       a pause at least this long ends a segment and is reported as a rest
 * @param relaxedRestSeconds   rest needed before its voltage counts as relaxed open-circuit voltage
 * @param ocvWindowSeconds     relaxed voltage is the mean over the rest's last this-many seconds
 * @param offsetRestSeconds    rests at least this long teach the current-sensor offset
 * @param maxGapSeconds        readings further apart break charge counting unless counters bridge them
 * @param reversalSeconds      opposite current for longer than this starts a new segment (shorter: regen)
 * @param stepMinAmps          smallest |ΔI| between two readings that counts as a current step
 * @param stepMaxSeconds       readings further apart than this give no resistance (too much diffusion inside)
 * @param curveLowestVolts     lowest level of the charge–voltage grid
 * @param curveStepVolts       grid spacing
 * @param curveLevels          grid levels: memory per segment stays constant
 * @param cutoffVolts          discharge end voltage that defines capacity (the data sheet's)
 * @param chargeEndVolts       a charge reaching this voltage and tapering has reached full
 * @param fullRestVolts        a rest at or above this relaxed voltage is full charge
 * @param limits               negative-event limits
 */
public record ExtractorConfig(
        double nominalAh,
        int seriesCells,
        double restAmps,
        double minRestSeconds,
        double relaxedRestSeconds,
        double ocvWindowSeconds,
        double offsetRestSeconds,
        double maxGapSeconds,
        double reversalSeconds,
        double stepMinAmps,
        double stepMaxSeconds,
        double curveLowestVolts,
        double curveStepVolts,
        int curveLevels,
        double cutoffVolts,
        double chargeEndVolts,
        double fullRestVolts,
        Limits limits) implements java.io.Serializable {

    public ExtractorConfig {
        if (!(nominalAh > 0) || seriesCells < 1 || !(restAmps > 0) || !(minRestSeconds > 0)
                || !(relaxedRestSeconds >= minRestSeconds) || !(ocvWindowSeconds > 0) || !(offsetRestSeconds > 0)
                || !(maxGapSeconds > 0) || !(reversalSeconds >= 0) || !(stepMinAmps > 0) || !(stepMaxSeconds > 0)
                || !(curveStepVolts > 0) || curveLevels < 2 || curveLevels > 10_000 || limits == null) {
            throw new IllegalArgumentException("extractor configuration out of range");
        }
    }

    /**
     * Defaults for a pack of {@code seriesCells} cells of {@code chemistry} rated {@code nominalAh}: rest below 2 % of
     * a 1 C current (at least 50 mA), 20 min to relax, 5 min OCV window, steps of 10 % C within 30 s, a 5 mV grid
     * from 2.0 to 4.5 V, and the chemistry's usual cutoff and charge-end voltages.
     */
    public static ExtractorConfig of(Chemistry chemistry, double nominalAh, int seriesCells) {
        double cutoff = switch (chemistry) {
            case NMC, LFP -> 2.5;
            // NASA's and most LCO data sheets' capacity is counted to 2.7 V.
            case LCO -> 2.7;
        };
        double max = chemistry.ocv().maxVolts();
        return new ExtractorConfig(nominalAh, seriesCells, Math.max(0.05, 0.02 * nominalAh), 60, 1200, 300, 600,
                300, 60, 0.1 * nominalAh, 30, 2.0, 0.005, 501, cutoff, max - 0.02, max - 0.05, Limits.of(chemistry));
    }

    /** The same with a different discharge cutoff voltage. */
    public ExtractorConfig withCutoffVolts(double volts) {
        return new ExtractorConfig(nominalAh, seriesCells, restAmps, minRestSeconds, relaxedRestSeconds,
                ocvWindowSeconds, offsetRestSeconds, maxGapSeconds, reversalSeconds, stepMinAmps, stepMaxSeconds,
                curveLowestVolts, curveStepVolts, curveLevels, volts, chargeEndVolts, fullRestVolts, limits);
    }

    /** The same with a different current threshold for rest. */
    public ExtractorConfig withRestAmps(double amps) {
        return new ExtractorConfig(nominalAh, seriesCells, amps, minRestSeconds, relaxedRestSeconds,
                ocvWindowSeconds, offsetRestSeconds, maxGapSeconds, reversalSeconds, stepMinAmps, stepMaxSeconds,
                curveLowestVolts, curveStepVolts, curveLevels, cutoffVolts, chargeEndVolts, fullRestVolts, limits);
    }

    /** The same with a different longest gap that current integration bridges. */
    public ExtractorConfig withMaxGapSeconds(double seconds) {
        return new ExtractorConfig(nominalAh, seriesCells, restAmps, minRestSeconds, relaxedRestSeconds,
                ocvWindowSeconds, offsetRestSeconds, seconds, reversalSeconds, stepMinAmps, stepMaxSeconds,
                curveLowestVolts, curveStepVolts, curveLevels, cutoffVolts, chargeEndVolts, fullRestVolts, limits);
    }

    /** The same with a different step interval limit. */
    public ExtractorConfig withStepMaxSeconds(double seconds) {
        return new ExtractorConfig(nominalAh, seriesCells, restAmps, minRestSeconds, relaxedRestSeconds,
                ocvWindowSeconds, offsetRestSeconds, maxGapSeconds, reversalSeconds, stepMinAmps, seconds,
                curveLowestVolts, curveStepVolts, curveLevels, cutoffVolts, chargeEndVolts, fullRestVolts, limits);
    }

    /** The same with a different length that makes a rest relaxed, and window its OCV is averaged over. */
    public ExtractorConfig withRelaxedRest(double relaxedSeconds, double windowSeconds) {
        return new ExtractorConfig(nominalAh, seriesCells, restAmps, minRestSeconds, relaxedSeconds,
                windowSeconds, offsetRestSeconds, maxGapSeconds, reversalSeconds, stepMinAmps, stepMaxSeconds,
                curveLowestVolts, curveStepVolts, curveLevels, cutoffVolts, chargeEndVolts, fullRestVolts, limits);
    }
}
