package io.voltrace.analytics.grading;

/**
 * How self-discharge is screened: the lowest cell's open-circuit SOC is read early and late in long rests, and the
 * drop per day, less what the coulomb counters saw leave the pack, is the internal loss. A soft short in one cell
 * shows there first, long before it moves the pack average.
 *
 * @param maxPercentPerDay           median internal SOC loss per day above which the pack goes to material recovery
 * @param settleHours                hours into a rest before the first reading, so relaxation after current is over
 * @param minHours                   shortest time between the two readings
 * @param minRests                   fewest long rests that make a verdict
 * @param minOcvSlopeVoltsPerPercent readings where the OCV curve is flatter than this are skipped (LFP plateau)
 * @param holdWhenUnscreened         whether a pack without enough long rests is held back from reuse
 */
public record SelfDischargeLimits(
        double maxPercentPerDay,
        double settleHours,
        double minHours,
        int minRests,
        double minOcvSlopeVoltsPerPercent,
        boolean holdWhenUnscreened) {

    public SelfDischargeLimits {
        if (!(maxPercentPerDay > 0) || !(settleHours >= 0) || !(minHours > 0) || minRests < 1
                || !(minOcvSlopeVoltsPerPercent >= 0)) {
            throw new IllegalArgumentException("self-discharge limits out of range");
        }
    }
}
