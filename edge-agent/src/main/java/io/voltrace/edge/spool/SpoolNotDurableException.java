package io.voltrace.edge.spool;

import java.io.IOException;

/**
 * The spool refused a record because an earlier write or fsync of its files failed: it can no longer promise that
 * what it accepts survives a power cut, so it accepts nothing until the agent restarts on a working disk.
 */
public final class SpoolNotDurableException extends IOException {
    public SpoolNotDurableException(String message, Throwable cause) {
        super(message, cause);
    }
}
