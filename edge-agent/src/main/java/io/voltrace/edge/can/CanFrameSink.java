package io.voltrace.edge.can;

import java.io.IOException;

/** Where frames are written: a CAN interface, an in-process bus. */
@FunctionalInterface
public interface CanFrameSink {

    /** Sends one frame; throws when the bus refuses it (interface down, buffer full). */
    void send(CanFrame frame) throws IOException;
}
