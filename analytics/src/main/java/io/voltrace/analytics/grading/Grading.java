package io.voltrace.analytics.grading;

import java.util.List;

/**
 * A retirement decision and everything behind it.
 *
 * @param battery     battery code
 * @param grade       the decision
 * @param uses        what the pack suits, for the grade
 * @param reasons     each screen and threshold the decision passed through, with its numbers
 * @param safetyFlags safety findings, empty when none
 */
public record Grading(String battery, Grade grade, List<String> uses, List<String> reasons,
                      List<String> safetyFlags) {

    public Grading {
        uses = List.copyOf(uses);
        reasons = List.copyOf(reasons);
        safetyFlags = List.copyOf(safetyFlags);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a grading must carry its reasons");
        }
    }
}
