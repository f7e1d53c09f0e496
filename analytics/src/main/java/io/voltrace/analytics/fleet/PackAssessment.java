package io.voltrace.analytics.fleet;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.recovery.RecoveryEstimate;
import io.voltrace.analytics.rul.RemainingLife;

/**
 * Everything the fleet analysis says about one pack.
 *
 * @param history  the pack and its health history
 * @param life     remaining life
 * @param grade    retirement grade, or null when the pack was not graded
 * @param grading  the grading with its reasons, or null when the grade came from elsewhere or there is none
 * @param recovery recoverable metals, or null when the chemistry has no figures
 */
public record PackAssessment(PackHistory history, RemainingLife life, Grade grade, Grading grading,
                             RecoveryEstimate recovery) {

    public PackAssessment {
        if (grading != null && grade != grading.grade()) {
            throw new IllegalArgumentException("grade differs from its grading");
        }
    }

    public String battery() {
        return history.profile().battery();
    }
}
