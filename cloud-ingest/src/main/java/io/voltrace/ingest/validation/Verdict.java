package io.voltrace.ingest.validation;

import io.voltrace.common.wire.TelemetryBatch;

/** The outcome of decoding and checking one message: exactly one of {@code batch} and {@code rejection} is set. */
public record Verdict(TelemetryBatch batch, Rejection rejection) {

    public Verdict {
        if ((batch == null) == (rejection == null)) {
            throw new IllegalArgumentException("a verdict holds either a batch or a rejection");
        }
    }

    public static Verdict accept(TelemetryBatch batch) {
        return new Verdict(batch, null);
    }

    public static Verdict reject(RejectReason reason, String detail) {
        return new Verdict(null, new Rejection(reason, detail));
    }

    public boolean accepted() {
        return batch != null;
    }
}
