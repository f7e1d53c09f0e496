package io.voltrace.analytics.passport;

/**
 * What voltrace counted over the telemetry it holds. When that telemetry does not reach back to the begin of life,
 * these are not lifetime figures and the passport's lifetime attributes stay empty; the window's own figures are
 * reported here, labelled as such.
 *
 * @param fromTs                         first sample, ISO-8601
 * @param toTs                           last sample, ISO-8601
 * @param samples                        telemetry rows
 * @param coversBeginOfLife              whether the window starts at the begin of life
 * @param capacityThroughputAh           Ah charged plus Ah discharged
 * @param energyThroughputKwh            kWh charged plus kWh discharged
 * @param equivalentFullCycles           capacity throughput / (2 × rated capacity)
 * @param minutesAboveHigh               minutes above the high temperature boundary
 * @param minutesBelowLow                minutes below the low boundary
 * @param minutesChargingAboveHigh       minutes charging above the charging high boundary
 * @param minutesChargingBelowLow        minutes charging below the charging low boundary
 * @param unobservedMinutes              minutes in gaps too long to say anything about (edge offline)
 */
public record ObservedWindow(String fromTs, String toTs, int samples, boolean coversBeginOfLife,
                             double capacityThroughputAh, double energyThroughputKwh, double equivalentFullCycles,
                             double minutesAboveHigh, double minutesBelowLow, double minutesChargingAboveHigh,
                             double minutesChargingBelowLow, double unobservedMinutes) {
}
