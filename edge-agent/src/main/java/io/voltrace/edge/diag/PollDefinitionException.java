package io.voltrace.edge.diag;

/** A poll definition that cannot be used; the message lists every problem as {@code file: place: reason}. */
public final class PollDefinitionException extends Exception {
    public PollDefinitionException(String message) {
        super(message);
    }
}
