package io.voltrace.analytics.grading;

/**
 * Internal-resistance growth screen, on (R − R_BOL) / R_BOL in percent. A pack whose resistance grew a lot delivers
 * less power and heats more: it keeps a reuse grade for low-rate uses only, and past doubling (the usual end-of-life
 * criterion) it needs a bench test before any reuse.
 *
 * @param highPowerMaxIncreasePercent above this, power-hungry uses (low-speed vehicles) are dropped
 * @param maxIncreasePercent          above this, no reuse grade without inspection and a bench test
 */
public record ResistanceLimits(double highPowerMaxIncreasePercent, double maxIncreasePercent) {

    public ResistanceLimits {
        if (!(highPowerMaxIncreasePercent > 0) || !(maxIncreasePercent >= highPowerMaxIncreasePercent)) {
            throw new IllegalArgumentException(
                    "resistance limits must be positive with maxIncreasePercent ≥ highPowerMaxIncreasePercent");
        }
    }
}
