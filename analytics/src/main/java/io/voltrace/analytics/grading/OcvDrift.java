package io.voltrace.analytics.grading;

/**
 * The lowest cell's and the mean cell's open-circuit voltage early and late in one long rest, and the charge the
 * counters saw move between: what self-discharge is read from. The mean cell is what makes the reading immune to
 * what every cell shares: relaxation after the last current, a parasitic load, the current sensor's offset.
 *
 * @param fromTs            first reading, epoch ms (mean time of its averaging window)
 * @param toTs              last reading, epoch ms
 * @param fromCellVolts     lowest cell voltage at the first reading, averaged over the window
 * @param toCellVolts       lowest cell voltage at the last reading
 * @param netAh             net charge counted in between (charge positive); a parasitic load shows here
 * @param fromMeanCellVolts mean cell voltage at the first reading, or NaN when not known (evidence stored before
 *                          it was kept)
 * @param toMeanCellVolts   mean cell voltage at the last reading, or NaN likewise
 */
public record OcvDrift(long fromTs, long toTs, double fromCellVolts, double toCellVolts, double netAh,
                       double fromMeanCellVolts, double toMeanCellVolts) {

    public OcvDrift {
        if (toTs <= fromTs) {
            throw new IllegalArgumentException("an OCV drift must run forward in time");
        }
    }

    /** A drift of the lowest cell alone, without the pack's mean cell (read the old way: counted charge out). */
    public OcvDrift(long fromTs, long toTs, double fromCellVolts, double toCellVolts, double netAh) {
        this(fromTs, toTs, fromCellVolts, toCellVolts, netAh, Double.NaN, Double.NaN);
    }

    public double days() {
        return (toTs - fromTs) / (double) DayExtremes.DAY_MS;
    }

    /** Whether the mean cell was read at both ends, so the lowest cell can be read against it. */
    public boolean hasMean() {
        return Double.isFinite(fromMeanCellVolts) && Double.isFinite(toMeanCellVolts);
    }
}
