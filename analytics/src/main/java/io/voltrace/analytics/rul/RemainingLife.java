package io.voltrace.analytics.rul;

/**
 * A pack's remaining useful life until its SOH thresholds, in days and in equivalent cycles.
 *
 * @param battery              battery code
 * @param asOfTs               the last SOH reading, epoch ms: remaining life counts from here
 * @param lastSohPercent       that reading's SOH
 * @param lastEquivalentCycles that reading's equivalent cycles
 * @param intervalPercent      coverage of the intervals, e.g. 90
 * @param days                 projection in days
 * @param cycles               projection in equivalent cycles
 */
public record RemainingLife(String battery, long asOfTs, double lastSohPercent, double lastEquivalentCycles,
                            double intervalPercent, LifeProjection days, LifeProjection cycles) {
}
