package io.voltrace.analytics.triage;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.grading.GradingPolicy;
import java.util.Locale;

/**
 * The grade an uncertain SOH supports: the grade of its central value when the whole ±2σ interval lies within that
 * grade's band, otherwise {@link Grade#NEEDS_TEST}, since the test could land it on either side of the boundary.
 *
 * @param grade  the grade
 * @param reason why, in one sentence
 */
public record TriageGrade(Grade grade, String reason) {

    public static TriageGrade of(double soh, double sigma, GradingPolicy policy) {
        double lo = soh - 2 * sigma;
        double hi = soh + 2 * sigma;
        double[] bounds = {policy.reuseGradeA(), policy.reuseGradeB(), policy.reuseGradeC()};
        for (double b : bounds) {
            if (lo < b && hi >= b) {
                return new TriageGrade(Grade.NEEDS_TEST, String.format(Locale.ROOT,
                        "SOH %.1f %% ± %.1f %% (2σ: %.1f-%.1f %%) straddles the %.0f %% grade boundary: a capacity "
                                + "test decides", soh, 2 * sigma, lo, hi, b));
            }
        }
        Grade g = soh >= policy.reuseGradeA() ? Grade.REUSE_A
                : soh >= policy.reuseGradeB() ? Grade.REUSE_B
                : soh >= policy.reuseGradeC() ? Grade.REUSE_C : Grade.RECOVERY;
        return new TriageGrade(g, String.format(Locale.ROOT, "SOH %.1f %% ± %.1f %% (2σ) lies within the %s band",
                soh, 2 * sigma, g));
    }
}
