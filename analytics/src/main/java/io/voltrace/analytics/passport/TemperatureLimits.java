package io.voltrace.analytics.passport;

/**
 * Temperature boundaries for the "time at extreme temperature" attributes, °C. The defaults are typical cell datasheet
 * windows (operation −20…55 °C, charging 0…45 °C); set the pack's own when known.
 *
 * @param lowC          below this is extreme low
 * @param highC         above this is extreme high
 * @param chargingLowC  charging below this is charging at extreme low (lithium plating risk)
 * @param chargingHighC charging above this is charging at extreme high
 */
public record TemperatureLimits(double lowC, double highC, double chargingLowC, double chargingHighC) {

    public TemperatureLimits {
        if (!(lowC < highC) || !(chargingLowC < chargingHighC)) {
            throw new IllegalArgumentException("temperature limits must have low < high");
        }
    }

    public static TemperatureLimits defaults() {
        return new TemperatureLimits(-20, 55, 0, 45);
    }
}
