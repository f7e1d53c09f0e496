package io.voltrace.ingest.registry;

/** The registry database failed or could not be reached. */
public class RegistryException extends RuntimeException {

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
