package io.voltrace.analytics.grading;

/**
 * One UTC day of a pack's telemetry, reduced to what the voltage and temperature screens read.
 *
 * @param dayStartTs   start of the day, epoch ms (UTC midnight)
 * @param samples      telemetry rows that day
 * @param minCellVolts lowest cell voltage seen
 * @param minCellTs    when, epoch ms
 * @param maxCellVolts highest cell voltage seen
 * @param maxCellTs    when, epoch ms
 * @param maxTempC     highest cell temperature seen, °C
 * @param maxTempTs    when, epoch ms
 */
public record DayExtremes(
        long dayStartTs,
        int samples,
        double minCellVolts,
        long minCellTs,
        double maxCellVolts,
        long maxCellTs,
        double maxTempC,
        long maxTempTs) {

    public static final long DAY_MS = 86_400_000L;

    public DayExtremes {
        if (samples < 1 || dayStartTs % DAY_MS != 0) {
            throw new IllegalArgumentException("a day needs at least one sample and must start at UTC midnight");
        }
    }

    /** Both days' extremes, for the same day seen in two extraction windows. */
    DayExtremes merge(DayExtremes other) {
        if (other.dayStartTs != dayStartTs) {
            throw new IllegalArgumentException("not the same day");
        }
        boolean lowerMin = other.minCellVolts < minCellVolts;
        boolean higherMax = other.maxCellVolts > maxCellVolts;
        boolean hotter = other.maxTempC > maxTempC;
        return new DayExtremes(dayStartTs, samples + other.samples,
                lowerMin ? other.minCellVolts : minCellVolts, lowerMin ? other.minCellTs : minCellTs,
                higherMax ? other.maxCellVolts : maxCellVolts, higherMax ? other.maxCellTs : maxCellTs,
                hotter ? other.maxTempC : maxTempC, hotter ? other.maxTempTs : maxTempTs);
    }
}
