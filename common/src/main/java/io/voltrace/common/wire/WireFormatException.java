package io.voltrace.common.wire;

/** A message that cannot be read as a voltrace wire message; the message says why. */
public class WireFormatException extends Exception {
    public WireFormatException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public WireFormatException(String reason) {
        super(reason);
    }
}
