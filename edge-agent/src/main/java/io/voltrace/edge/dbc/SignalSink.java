package io.voltrace.edge.dbc;

/**
 * Receives the signals of one decoded frame, so decoding allocates nothing.
 * Implementations are called on the decoding thread, once per signal present in the frame, in signal order.
 */
@FunctionalInterface
public interface SignalSink {

    /**
     * @param signal      the signal definition
     * @param signalIndex its index in {@link DbcMessage#signals()}
     * @param raw         sign-extended integer for signed signals, the bit pattern otherwise (IEEE bits for floats;
     *                    an unsigned 64-bit value may read negative: use {@link Long#toUnsignedString(long)})
     * @param physical    raw * factor + offset
     */
    void accept(DbcSignal signal, int signalIndex, long raw, double physical);
}
