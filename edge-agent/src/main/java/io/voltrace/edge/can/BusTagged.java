package io.voltrace.edge.can;

/**
 * A source that reads several buses: says which one the frame it returned last came from, so the agent decodes it
 * with that bus's DBC and mapping. A plain {@link CanFrameSource} reads one bus, bus 0.
 */
public interface BusTagged {
    /** The bus (0-based, in the order the agent's settings list them) of the frame {@code next()} returned last. */
    int bus();

    /** The bus of the frame {@code source} returned last: its own answer when it reads several, else 0. */
    static int of(CanFrameSource source) {
        return source instanceof BusTagged t ? t.bus() : 0;
    }
}
