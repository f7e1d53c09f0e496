package io.voltrace.analytics.grading;

import io.voltrace.analytics.intake.IntakeResult;
import java.util.Locale;

/**
 * A recycler's own measurement of a battery's capacity, which the grader uses before any telemetry estimate: a bench
 * intake test (residual capacity, a measurement), or a pulse triage (an estimate whose ±2σ interval must lie inside
 * one grade band, or the battery needs the bench test).
 *
 * @param kind         bench test or triage
 * @param capacityAh   capacity, ampere-hours
 * @param sohPercent   capacity over nominal, percent
 * @param sigmaPercent one-sigma uncertainty, points of nominal
 * @param source       where it came from (file, model), for the reasons
 */
public record IntakeEvidence(Kind kind, double capacityAh, double sohPercent, double sigmaPercent, String source) {

    /** How the capacity was found. */
    public enum Kind { TESTED, TRIAGED }

    /** The bench's counting resolution, when the file states none: one sigma, points of nominal. */
    static final double BENCH_SIGMA_PERCENT = 0.5;

    public IntakeEvidence {
        if (kind == null || !(capacityAh > 0) || !(sohPercent > 0) || !(sigmaPercent >= 0)) {
            throw new IllegalArgumentException("intake evidence needs a kind, a positive capacity and SOH, and a "
                    + "non-negative uncertainty");
        }
    }

    /** A bench test's residual capacity, or null when the test holds none. */
    public static IntakeEvidence tested(IntakeResult r) {
        if (!Double.isFinite(r.residualAh())) {
            return null;
        }
        return new IntakeEvidence(Kind.TESTED, r.residualAh(), r.sohPercent(), BENCH_SIGMA_PERCENT, r.source());
    }

    public static IntakeEvidence triaged(double sohPercent, double sigmaPercent, double nominalAh, String source) {
        return new IntakeEvidence(Kind.TRIAGED, sohPercent * nominalAh / 100, sohPercent, sigmaPercent, source);
    }

    /** How the figure was found, for reasons and the assessment's method. */
    public String method() {
        return kind == Kind.TESTED ? "bench intake test (GB/T 34015 residual capacity, " + source + ")"
                : "pulse triage (" + source + ")";
    }

    String preference(boolean telemetryEstimate, Double telemetrySoh) {
        String what = kind == Kind.TESTED ? "tested capacity" : "triage estimate";
        return telemetryEstimate
                ? String.format(Locale.ROOT, "%s from the %s used before the telemetry estimate (SOH %.1f %%)", what,
                method(), telemetrySoh)
                : what + " from the " + method() + " used: no telemetry estimate";
    }
}
