package io.voltrace.analytics.grading;

import io.voltrace.analytics.grading.Finding.Effect;
import io.voltrace.analytics.soh.PackTable;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.analytics.triage.TriageGrade;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Grades a retired pack for cascade reuse or material recovery. Safety comes first: a failed screen decides
 * whatever the capacity, and a flagged or unscreenable pack gets no reuse grade without inspection. Then the SOH
 * estimate decides, and thin evidence means a bench test, never a guessed grade. Thread-safe.
 */
public final class Grader {
    /** The use that draws high power; packs with grown resistance lose it. */
    static final String HIGH_POWER_USE = "low-speed vehicles";

    private final GradingPolicy policy;
    private final SafetyScreen safety;

    public Grader(GradingPolicy policy) {
        this.policy = policy;
        this.safety = new SafetyScreen(policy);
    }

    public GradingPolicy policy() {
        return policy;
    }

    /**
     * @param estimate  the pack's state of health
     * @param chemistry its cell chemistry, whose voltage window the deep-discharge and over-voltage screens use
     * @param samples   its telemetry, any order
     */
    public Grading grade(SohEstimate estimate, Chemistry chemistry, List<PackSample> samples) {
        return grade(estimate, chemistry, samples, PackConditions.none());
    }

    /** As {@link #grade(SohEstimate, Chemistry, List)}, with what inspection and the BMS's monitors found. */
    public Grading grade(SohEstimate estimate, Chemistry chemistry, List<PackSample> samples,
                         PackConditions conditions) {
        return grade(estimate, chemistry, ScreenEvidence.extract(PackTable.of(samples), policy), conditions);
    }

    /**
     * Grades from evidence extracted beforehand ({@link ScreenEvidence#extract}), the way a fleet is graded: a year of
     * telemetry is reduced as it arrives, not re-read at retirement.
     */
    public Grading grade(SohEstimate estimate, Chemistry chemistry, ScreenEvidence evidence,
                         PackConditions conditions) {
        return grade(estimate, null, chemistry, evidence, conditions);
    }

    /**
     * As {@link #grade(SohEstimate, Chemistry, ScreenEvidence, PackConditions)}, with the recycler's own capacity
     * figure, which comes before the telemetry estimate; a triage whose ±2σ interval straddles a grade boundary
     * needs the bench test.
     *
     * @param intake a bench test or a triage, or null
     */
    public Grading grade(SohEstimate telemetry, IntakeEvidence intake, Chemistry chemistry, ScreenEvidence evidence,
                         PackConditions conditions) {
        List<String> reasons = new ArrayList<>();
        SohEstimate estimate = telemetry;
        if (intake != null) {
            reasons.add(intake.preference(telemetry.sufficient(), telemetry.sohPercent()));
            estimate = SohEstimate.of(telemetry.battery(), intake.capacityAh(), intake.sohPercent(),
                    intake.sigmaPercent(), telemetry.segments(), intake.method());
        }
        List<String> flags = new ArrayList<>();
        boolean recovery = false;
        boolean holdReuse = false;
        boolean lowPowerOnly = false;
        Double capacityAh = estimate.sufficient() ? estimate.capacityAh() : null;
        for (Finding f : safety.screen(chemistry, evidence, conditions, capacityAh)) {
            reasons.add(f.reason());
            if (f.flag() != null) {
                flags.add(f.flag());
            }
            recovery |= f.effect() == Effect.RECOVERY;
            holdReuse |= f.effect() == Effect.HOLD_REUSE;
            lowPowerOnly |= f.effect() == Effect.LOW_POWER_ONLY;
        }

        Grade grade;
        List<String> uses;
        if (recovery) {
            grade = Grade.RECOVERY;
            reasons.add("failed safety screen: material recovery whatever the capacity");
        } else if (!estimate.sufficient()) {
            grade = Grade.NEEDS_TEST;
            reasons.add("capacity not established: " + estimate.insufficientReason());
        } else {
            if (intake == null) {
                reasons.add(String.format(Locale.ROOT, "capacity %.1f Ah from %d charge segments (%s)",
                        estimate.capacityAh(), estimate.segments(), estimate.method()));
            } else {
                reasons.add(String.format(Locale.ROOT, "capacity %.3f Ah from the %s", estimate.capacityAh(),
                        intake.method()));
            }
            grade = bySoh(estimate, reasons);
            if (intake != null && intake.kind() == IntakeEvidence.Kind.TRIAGED) {
                TriageGrade bounded = TriageGrade.of(intake.sohPercent(), intake.sigmaPercent(), policy);
                if (bounded.grade() == Grade.NEEDS_TEST) {
                    reasons.add(bounded.reason());
                    grade = Grade.NEEDS_TEST;
                }
            }
            if (grade.reuse() && holdReuse) {
                reasons.add("reuse grade " + letter(grade)
                        + " held back: safety findings above need inspection and a bench test first");
                grade = Grade.NEEDS_TEST;
            }
        }
        uses = new ArrayList<>(grade.uses());
        if (grade.reuse() && lowPowerOnly && uses.remove(HIGH_POWER_USE)) {
            reasons.add("grown resistance: " + HIGH_POWER_USE + " dropped from the uses");
            if (uses.isEmpty()) {
                uses.add("low-rate stationary energy storage");
            }
        }
        return new Grading(estimate.battery(), grade, uses, reasons, flags);
    }

    private Grade bySoh(SohEstimate estimate, List<String> reasons) {
        String soh = String.format(Locale.ROOT, "SOH %.1f %% (±%.1f)", estimate.sohPercent(),
                estimate.uncertaintyPercent());
        double value = estimate.sohPercent();
        if (value >= policy.reuseGradeA()) {
            reasons.add(soh + " is ≥ " + num(policy.reuseGradeA()) + ": cascade reuse grade A");
            return Grade.REUSE_A;
        }
        if (value >= policy.reuseGradeB()) {
            reasons.add(soh + " is in " + range(policy.reuseGradeB(), policy.reuseGradeA())
                    + ": cascade reuse grade B");
            return Grade.REUSE_B;
        }
        if (value >= policy.reuseGradeC()) {
            reasons.add(soh + " is in " + range(policy.reuseGradeC(), policy.reuseGradeB())
                    + ": cascade reuse grade C");
            return Grade.REUSE_C;
        }
        reasons.add(soh + " is below " + num(policy.reuseGradeC()) + ": material recovery");
        return Grade.RECOVERY;
    }

    private static String range(double low, double high) {
        return "[" + num(low) + ", " + num(high) + ")";
    }

    private static String num(double value) {
        return SafetyScreen.num(value, 1);
    }

    private static String letter(Grade grade) {
        return grade.name().substring(grade.name().length() - 1);
    }
}
