package io.voltrace.analytics.table;

/** A bad row of a table, named by file, line and column: the row is skipped, the message kept, the rest goes on. */
public final class RowProblem extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RowProblem(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome of reading, not a bug: no stack to collect
    }
}
