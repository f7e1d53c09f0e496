package io.voltrace.analytics.grading;

/**
 * Insulation screen. UN ECE R100 asks at least 100 Ω per volt of working voltage for DC high-voltage buses (500 Ω/V
 * where AC circuits are galvanically connected).
 *
 * @param minOhmsPerVolt     below this the pack goes to material recovery
 * @param holdWhenUnmeasured whether a pack without an insulation measurement is held back from reuse
 */
public record InsulationLimits(double minOhmsPerVolt, boolean holdWhenUnmeasured) {

    public InsulationLimits {
        if (!(minOhmsPerVolt > 0)) {
            throw new IllegalArgumentException("insulation minimum must be positive: " + minOhmsPerVolt);
        }
    }
}
