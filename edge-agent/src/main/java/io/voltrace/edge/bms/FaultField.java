package io.voltrace.edge.bms;

import java.util.List;
import java.util.Objects;

/**
 * A signal raising a named fault flag.
 *
 * @param signal    the DBC signal (or {@code Message.Signal})
 * @param flag      the flag's name in the BMS model, e.g. {@code isolation_fault}
 * @param activeRaw raw values meaning "active"; empty for the usual rule, active when the raw value is not 0
 */
public record FaultField(String signal, String flag, List<Long> activeRaw, FieldOptions options) {
    public FaultField {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(flag, "flag");
        activeRaw = List.copyOf(activeRaw);
        Objects.requireNonNull(options, "options");
    }
}
