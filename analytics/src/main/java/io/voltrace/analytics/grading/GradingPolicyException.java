package io.voltrace.analytics.grading;

import java.util.List;

/** A grading policy file that cannot be used, with every problem found in it (file:line: field: reason). */
public final class GradingPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public GradingPolicyException(String source, List<String> problems) {
        super("grading policy " + source + " has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code source:line: field: reason}. */
    public List<String> problems() {
        return problems;
    }
}
