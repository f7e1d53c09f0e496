package io.voltrace.ingest.ledger;

/** An event the battery's history makes impossible, or that its actor may not record; the message says why. */
public class ImpossibleHistoryException extends IllegalStateException {
    public ImpossibleHistoryException(String message) {
        super(message);
    }
}
