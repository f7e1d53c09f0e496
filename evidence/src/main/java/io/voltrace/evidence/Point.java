package io.voltrace.evidence;

import io.voltrace.common.wire.PackSample;

/**
 * One time-ordered reading of a pack or cell. Current is positive when charging. Optional readings are NaN when the
 * source does not have them.
 *
 * @param timeMillis   time, milliseconds (epoch or since the start of a test; only differences matter)
 * @param current      amperes, charge positive
 * @param voltage      mean cell voltage, volts (a pack's voltage over its cells in series)
 * @param tempMinC     coldest temperature reading, °C, or NaN
 * @param tempMaxC     hottest temperature reading, °C, or NaN
 * @param cellMinVolts lowest cell voltage, or NaN
 * @param cellMaxVolts highest cell voltage, or NaN
 * @param ahCharged    cumulative charge-in counter kept at full rate upstream, or NaN (then current is integrated)
 * @param ahDischarged cumulative charge-out counter, or NaN
 */
public record Point(
        long timeMillis,
        double current,
        double voltage,
        double tempMinC,
        double tempMaxC,
        double cellMinVolts,
        double cellMaxVolts,
        double ahCharged,
        double ahDischarged) implements java.io.Serializable {

    /** A cycler or logger reading: time, current, voltage and one temperature (NaN if none). */
    public static Point of(long timeMillis, double current, double voltage, double tempC) {
        return new Point(timeMillis, current, voltage, tempC, tempC, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * The edge's telemetry sample: mean cell voltage, cell extremes, temperature extremes and the full-rate coulomb
     * counters, which are exact where the sampled current is only a snapshot.
     */
    public static Point of(PackSample s) {
        return new Point(s.ts(), s.packCurrent(), s.cellVoltageAvg(), s.tempMin(), s.tempMax(), s.cellVoltageMin(),
                s.cellVoltageMax(), s.ahCharged(), s.ahDischarged());
    }

    boolean hasCounters() {
        return Double.isFinite(ahCharged) && Double.isFinite(ahDischarged);
    }

    boolean hasCellVoltages() {
        return Double.isFinite(cellMinVolts) && Double.isFinite(cellMaxVolts);
    }
}
