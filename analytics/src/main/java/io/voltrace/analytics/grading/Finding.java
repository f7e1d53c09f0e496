package io.voltrace.analytics.grading;

/**
 * One safety screen's result.
 *
 * @param reason what was measured against what limit
 * @param flag   the safety flag to raise, or null
 * @param effect what it does to the grade
 */
record Finding(String reason, String flag, Effect effect) {

    enum Effect {
        /** Passed, or nothing to act on. */
        NONE,
        /** Reuse only where little power is drawn. */
        LOW_POWER_ONLY,
        /** Flagged or not screenable: no reuse grade without inspection and a bench test. */
        HOLD_REUSE,
        /** Fails the pack: material recovery whatever its capacity. */
        RECOVERY
    }

    static Finding pass(String reason) {
        return new Finding(reason, null, Effect.NONE);
    }
}
