package io.voltrace.ingest.store;

/** The time-series store refused, failed or did not answer in time; the data in question was not acknowledged. */
public class TelemetryStoreException extends RuntimeException {

    public TelemetryStoreException(String message) {
        super(message);
    }

    public TelemetryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
