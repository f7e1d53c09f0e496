package io.voltrace.analytics.grading;

/**
 * The lowest cell's open-circuit voltage early and late in one long rest, and the charge the counters saw move
 * between: what self-discharge is read from.
 *
 * @param fromTs        first reading, epoch ms (mean time of its averaging window)
 * @param toTs          last reading, epoch ms
 * @param fromCellVolts lowest cell voltage at the first reading, averaged over the window
 * @param toCellVolts   lowest cell voltage at the last reading
 * @param netAh         net charge counted in between (charge positive); a parasitic load shows here
 */
public record OcvDrift(long fromTs, long toTs, double fromCellVolts, double toCellVolts, double netAh) {

    public OcvDrift {
        if (toTs <= fromTs) {
            throw new IllegalArgumentException("an OCV drift must run forward in time");
        }
    }

    public double days() {
        return (toTs - fromTs) / (double) DayExtremes.DAY_MS;
    }
}
