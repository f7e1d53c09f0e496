package io.voltrace.edge.bms;

import java.util.List;

/**
 * A signal mapping file that cannot be used: every problem found, each as {@code file: field: reason} (or
 * {@code file:line:column: reason} for JSON syntax), so one run shows them all.
 */
public final class MappingException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    public MappingException(String source, List<String> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The mapping file's name as given to the reader. */
    public String source() {
        return source;
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return source + ": " + problems.size() + " problems:\n  " + String.join("\n  ", problems);
    }
}
