package io.voltrace.analytics.passport;

/**
 * Everything the battery condition takes from a pack's telemetry, counted sample by sample in time order
 * ({@link TelemetryCounter}), in bounded size whatever the pack's age: the counters' throughput, the minutes at extreme
 * temperatures, the negative-event episodes, and the last sample (to count on from it, and for the state of charge).
 * An immutable snapshot: what a reducer saves, and what {@link BatteryConditionBuilder} builds the condition from.
 *
 * @param samples                  finite samples counted
 * @param firstTs                  first sample counted, epoch ms (0 when none)
 * @param throughputAh             Ah charged plus Ah discharged, from the counters' steps
 * @param energyKwh                each step's Ah × the mean pack voltage of its two samples, kWh
 * @param counterRestarts          steps over which a counter went back (a fresh counter; the step is not counted)
 * @param minutesAboveHigh         minutes whose first sample's hottest cell was above the high boundary
 * @param minutesBelowLow          minutes whose first sample's coldest cell was below the low boundary
 * @param minutesChargingAboveHigh minutes charging above the charging high boundary
 * @param minutesChargingBelowLow  minutes charging below the charging low boundary
 * @param unobservedMinutes        minutes in gaps longer than {@link TelemetryCounter#MAX_GAP_MS}
 * @param deepDischarge            episodes of the lowest cell below the deep-discharge boundary
 * @param overVoltage              episodes of the highest cell above the over-voltage boundary
 * @param overTemperature          episodes of the hottest cell above the over-temperature boundary
 * @param last                     the last sample counted, or null when none
 */
public record TelemetryTotals(long samples, long firstTs, double throughputAh, double energyKwh, int counterRestarts,
                              double minutesAboveHigh, double minutesBelowLow, double minutesChargingAboveHigh,
                              double minutesChargingBelowLow, double unobservedMinutes, Episodes deepDischarge,
                              Episodes overVoltage, Episodes overTemperature, Last last) {

    public TelemetryTotals {
        if ((samples == 0) != (last == null) || samples < 0) {
            throw new IllegalArgumentException("telemetry totals: " + samples + " samples with"
                    + (last == null ? "out" : "") + " a last sample");
        }
    }

    /** Nothing counted yet. */
    public static TelemetryTotals none() {
        return new TelemetryTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Episodes.none(false), Episodes.none(true),
                Episodes.none(true), null);
    }

    /** The last sample's time, epoch ms (0 when none). */
    public long lastTs() {
        return last == null ? 0 : last.ts();
    }

    /**
     * Separate runs of consecutive samples beyond a boundary.
     *
     * @param count  episodes so far
     * @param inside whether the last sample was beyond the boundary (an episode still open)
     * @param worst  the most extreme value seen beyond it (±infinity before the first episode)
     * @param lastTs the last sample beyond it, epoch ms
     */
    public record Episodes(int count, boolean inside, double worst, long lastTs) {
        /** @param high whether beyond means above (worst is the maximum) rather than below */
        public static Episodes none(boolean high) {
            return new Episodes(0, false, high ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, 0);
        }
    }

    /** The fields of the last sample that counting on and the state of charge need. */
    public record Last(long ts, double packVoltage, double packCurrent, double soc, double ahCharged,
                       double ahDischarged, double tempMin, double tempMax) {
    }
}
