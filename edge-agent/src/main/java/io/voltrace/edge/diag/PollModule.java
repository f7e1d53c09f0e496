package io.voltrace.edge.diag;

/**
 * An ECU the poller talks to.
 *
 * @param name     e.g. {@code BMS}, {@code LBC}
 * @param request  where requests go (the ECU's receive address)
 * @param response where its responses come from
 */
public record PollModule(String name, IsoTpAddress request, IsoTpAddress response) {

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
