package io.voltrace.edge.bms;

import java.util.Objects;

/**
 * The pack current signal and its sign convention. The model's current is positive when charging; a DBC whose
 * current is positive when discharging is flipped. The sign has no default: getting it wrong swaps the charge and
 * discharge counters, so every mapping must say it.
 *
 * @param positiveWhen what a positive value of the signal (after the DBC's factor and offset) means
 */
public record CurrentField(String signal, Direction positiveWhen, FieldOptions options) {

    public enum Direction {
        CHARGING, DISCHARGING
    }

    public CurrentField {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(positiveWhen, "positiveWhen");
        Objects.requireNonNull(options, "options");
    }

    /** +1 or -1: what turns the signal into charge-positive amperes (the scale is applied as well). */
    public double sign() {
        return positiveWhen == Direction.CHARGING ? 1 : -1;
    }
}
