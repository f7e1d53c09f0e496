package io.voltrace.analytics.passport;

/**
 * Battery Pass "temperatureInformation": cumulated minutes outside the boundaries.
 *
 * @param limits                      the boundaries used
 * @param timeExtremeHighTemp         minutes above the high boundary
 * @param timeExtremeLowTemp          minutes below the low boundary
 * @param timeExtremeHighTempCharging minutes charging above the charging high boundary
 * @param timeExtremeLowTempCharging  minutes charging below the charging low boundary
 */
public record TemperatureInformation(TemperatureLimits limits, Attribute timeExtremeHighTemp,
                                     Attribute timeExtremeLowTemp, Attribute timeExtremeHighTempCharging,
                                     Attribute timeExtremeLowTempCharging) {
}
