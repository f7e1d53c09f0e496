package io.voltrace.edge.diag;

/**
 * An ECU the poller talks to.
 *
 * @param name     e.g. {@code BMS}, {@code LBC}
 * @param request  where requests go (the ECU's receive address)
 * @param response where its responses come from
 * @param session  the UDS diagnostic session its polls need (0x10 sub-function, e.g. 0x03 extended), opened before
 *                 the first poll and kept with tester present (0x3E); 0 for the default session (nothing to open)
 */
public record PollModule(String name, IsoTpAddress request, IsoTpAddress response, int session) {

    /** A module polled in the default session. */
    public PollModule(String name, IsoTpAddress request, IsoTpAddress response) {
        this(name, request, response, 0);
    }

    // Identity equality: two modules with the same ids in one definition are refused by the reader.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
