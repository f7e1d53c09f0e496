package io.voltrace.ingest.validation;

import java.util.Objects;

/**
 * A refused message: the reason class and a sentence naming the field and sample, e.g.
 * {@code samples[3].packVoltage = 1612.0 V is outside 0..1500 V}.
 */
public record Rejection(RejectReason reason, String detail) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason.label() + ": " + detail;
    }
}
