package io.voltrace.edge.dbc;

/**
 * A DBC line that cannot be used. The message always starts with {@code file:line:} so it can be shown to a user as is,
 * e.g. {@code voltrace-bms.dbc:14: SG_ length 0 out of range 1..64}.
 */
public final class DbcParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    public DbcParseException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** Name of the DBC source (file name, or the name given to {@link DbcParser#parse(String, java.io.Reader)}). */
    public String file() {
        return file;
    }

    /** 1-based line number of the offending token. */
    public int line() {
        return line;
    }

    /** What is wrong, without the {@code file:line:} prefix. */
    public String reason() {
        return reason;
    }
}
