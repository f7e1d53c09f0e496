package io.voltrace.ingest.store;

/** The time-series store refused, failed or did not answer in time; the data in question was not acknowledged. */
public class TelemetryStoreException extends RuntimeException {
    private final boolean rejected;

    public TelemetryStoreException(String message) {
        this(message, null, false);
    }

    public TelemetryStoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param rejected true when the store answered and refused this data as bad (a retry of the same data would be
     *                 refused again); false when it could not be reached, failed, or was busy (a retry may succeed)
     */
    public TelemetryStoreException(String message, Throwable cause, boolean rejected) {
        super(message, cause);
        this.rejected = rejected;
    }

    /** Whether the store refused the data itself, as opposed to being unreachable or failing. */
    public boolean rejected() {
        return rejected;
    }
}
