package io.voltrace.edge.bms;

import java.util.Objects;

/**
 * One signal feeding one scalar field.
 *
 * @param signal  the DBC signal's name, or {@code Message.Signal} when the name occurs in more than one message
 * @param options scale, rate limit, invalid values
 */
public record SignalField(String signal, FieldOptions options) {
    public SignalField {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(options, "options");
    }

    public static SignalField of(String signal) {
        return new SignalField(signal, FieldOptions.DEFAULT);
    }
}
