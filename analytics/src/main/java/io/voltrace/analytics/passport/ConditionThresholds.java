package io.voltrace.analytics.passport;

/**
 * The boundaries a {@link TelemetryCounter} counts against: fixed per pack (chemistry, grading policy, temperature
 * limits). Made by {@link BatteryConditionBuilder#thresholds}, so that counting at arrival and counting a whole history
 * at once use the same ones.
 *
 * @param chargingAmps   pack current above which a sample counts as charging (the rest threshold)
 * @param limits         boundaries of the time-at-extreme-temperature attributes
 * @param deepDischargeV lowest cell below this is a deep discharge (the chemistry's empty voltage)
 * @param overVoltageV   highest cell above this is an over-voltage (full voltage plus the policy's margin)
 * @param overTempC      hottest cell above this is an over-temperature
 */
public record ConditionThresholds(double chargingAmps, TemperatureLimits limits, double deepDischargeV,
                                  double overVoltageV, double overTempC) {
}
