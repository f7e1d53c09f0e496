package io.voltrace.evidence;

/**
 * A stretch of abuse as the battery regulation counts it (EU 2023/1542 Annex VII "negative events").
 *
 * @param kind        what happened
 * @param startMillis first reading in the condition
 * @param endMillis   first reading out of it (or the last reading, when the stream ended in it)
 * @param extreme     the worst value seen: volts for voltage events, °C for temperature events
 */
public record NegativeEvent(Kind kind, long startMillis, long endMillis, double extreme) implements Evidence {

    public enum Kind {
        /** A cell below the deep-discharge voltage. */
        DEEP_DISCHARGE,
        /** A cell above the over-voltage limit. */
        OVER_VOLTAGE,
        /** Cell temperature outside the storage and use range. */
        EXTREME_TEMPERATURE,
        /** Charge current while a cell is too cold or too hot to take it. */
        CHARGING_AT_EXTREME_TEMPERATURE
    }

    public double seconds() {
        return (endMillis - startMillis) / 1000.0;
    }
}
