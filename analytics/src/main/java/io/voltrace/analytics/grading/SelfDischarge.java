package io.voltrace.analytics.grading;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import java.util.Arrays;

/**
 * The lowest cell's internal SOC loss per day over long rests, from {@link OcvDrift}s, read against the pack's mean
 * cell: the lowest cell's SOC drop (by the chemistry's OCV curve at both ends) less the mean cell's. What every cell
 * shares leaves the reading: relaxation after the last current (hours long: on the simulator a 2 h time constant
 * still moves a rest's voltage by millivolts six hours in, ±5 %/day read alone), a parasitic load, and the current
 * sensor's offset that a counted-charge correction would read as one (0.05 A on a 33 Ah pack is 3.6 %/day). A soft
 * short is in one cell and drains it against the others. The cells' own relaxation differs by their resistance spread
 * only, a few percent of the common one.
 *
 * <p>A drift without the mean cell (evidence stored before it was kept) is read the old way: the lowest cell's drop
 * less the counted charge, when the capacity is known.
 *
 * @param medianPercentPerDay      median over usable rests, or null when fewer than the policy's minimum
 * @param uncertaintyPercentPerDay one standard uncertainty of that median: the larger of the rests' scatter and the
 *                                 voltage resolution ({@link #READING_VOLTS} per reading), or null likewise
 * @param highestPercentPerDay     highest of them, or null likewise
 * @param usableRests              rests that gave a reading
 * @param longRests                rests long enough to read at all
 * @param flatRests                of those, skipped because the OCV curve is too flat there
 * @param offCurveRests            of those, skipped because the voltage lies off the OCV curve
 * @param againstMean              whether every reading was taken against the mean cell
 * @param corrected                whether readings without the mean cell had counted charge taken out (needs the
 *                                 capacity); true when there were none
 */
public record SelfDischarge(Double medianPercentPerDay, Double uncertaintyPercentPerDay, Double highestPercentPerDay,
                            int usableRests, int longRests, int flatRests, int offCurveRests, boolean againstMean,
                            boolean corrected) {

    /** OCV readings this far outside the curve clamp to 0 or 100 % and say nothing about SOC. */
    private static final double OFF_CURVE_VOLTS = 0.010;
    /**
     * Uncertainty of one reading, volts: telemetry carries cell voltages in 1 mV steps, and a 10-minute mean of them
     * is good to about half a step (the lowest of many cells moves with their noise; its bias cancels in a drop).
     */
    static final double READING_VOLTS = 0.0005;
    /** Standard deviation of a median over that of a mean, for normal scatter. */
    private static final double MEDIAN_EFFICIENCY = 1.2533;
    /** MAD to standard deviation, for normal scatter. */
    private static final double MAD_TO_SIGMA = 1.4826;

    /**
     * @param capacityAh pack capacity to convert counted charge into SOC for drifts without the mean cell, or null
     *                   to leave those uncorrected
     */
    public static SelfDischarge measure(Chemistry chemistry, ScreenEvidence evidence, Double capacityAh,
                                        SelfDischargeLimits limits) {
        OcvCurve ocv = chemistry.ocv();
        int size = evidence.rests().size();
        double[] rates = new double[size];
        double[] sigmas = new double[size];
        int usable = 0;
        int flat = 0;
        int offCurve = 0;
        int longRests = 0;
        boolean againstMean = true;
        for (RestEvidence r : evidence.rests()) {
            OcvDrift d = r.drift();
            if (d == null) {
                continue;
            }
            longRests++;
            boolean mean = d.hasMean();
            if (offCurve(ocv, d.fromCellVolts()) || offCurve(ocv, d.toCellVolts())
                    || mean && (offCurve(ocv, d.fromMeanCellVolts()) || offCurve(ocv, d.toMeanCellVolts()))) {
                offCurve++;
                continue;
            }
            double from = ocv.socAt(d.fromCellVolts());
            double to = ocv.socAt(d.toCellVolts());
            double slope = Math.min(ocv.slopeAt(from), ocv.slopeAt(to));
            double meanDrop = 0;
            if (mean) {
                double meanFrom = ocv.socAt(d.fromMeanCellVolts());
                double meanTo = ocv.socAt(d.toMeanCellVolts());
                slope = Math.min(slope, Math.min(ocv.slopeAt(meanFrom), ocv.slopeAt(meanTo)));
                meanDrop = meanFrom - meanTo;
            }
            if (slope < limits.minOcvSlopeVoltsPerPercent()) {
                flat++;
                continue;
            }
            double loss = from - to - meanDrop;
            if (!mean) {
                againstMean = false;
                if (capacityAh != null) {
                    loss -= -d.netAh() / capacityAh * 100.0;
                }
            }
            rates[usable] = loss / d.days();
            // Two readings of the lowest cell; the mean cell's are averaged over many cells and add little.
            sigmas[usable] = Math.sqrt(2) * READING_VOLTS / slope / d.days();
            usable++;
        }
        boolean corrected = againstMean || capacityAh != null;
        if (usable < limits.minRests() || usable == 0) {
            return new SelfDischarge(null, null, null, usable, longRests, flat, offCurve, againstMean, corrected);
        }
        double resolution = 0;
        for (int i = 0; i < usable; i++) {
            resolution += sigmas[i] * sigmas[i];
        }
        resolution = MEDIAN_EFFICIENCY * Math.sqrt(resolution / usable) / Math.sqrt(usable);
        Arrays.sort(rates, 0, usable);
        double median = median(rates, usable);
        double[] deviations = new double[usable];
        for (int i = 0; i < usable; i++) {
            deviations[i] = Math.abs(rates[i] - median);
        }
        Arrays.sort(deviations);
        double scatter = MEDIAN_EFFICIENCY * MAD_TO_SIGMA * median(deviations, usable) / Math.sqrt(usable);
        return new SelfDischarge(median, Math.max(resolution, scatter), rates[usable - 1], usable, longRests, flat,
                offCurve, againstMean, corrected);
    }

    public boolean measured() {
        return medianPercentPerDay != null;
    }

    private static double median(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static boolean offCurve(OcvCurve ocv, double volts) {
        return volts < ocv.minVolts() - OFF_CURVE_VOLTS || volts > ocv.maxVolts() + OFF_CURVE_VOLTS;
    }
}
