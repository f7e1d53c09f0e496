package io.voltrace.edge.can;

import java.io.IOException;

/**
 * Where the agent reads frames from: a log replay, the BMS simulator, later SocketCAN. Not thread-safe: one reader.
 */
public interface CanFrameSource extends AutoCloseable {

    /** The next frame, blocking if the source is live; null once the source is exhausted. */
    CanFrame next() throws IOException;

    /** A short human description for logs, e.g. the file being replayed. */
    default String describe() {
        return getClass().getSimpleName();
    }

    @Override
    void close() throws IOException;
}
