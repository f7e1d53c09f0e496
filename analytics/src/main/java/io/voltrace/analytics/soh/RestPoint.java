package io.voltrace.analytics.soh;

/**
 * The relaxed end of one rest: where the pack's charge stood (by the counters) and what SOC its OCV says.
 *
 * @param ts           end of the rest, epoch ms
 * @param netAh        net charge counter at the rest
 * @param counterEpoch counter epoch; charge compares only within one
 * @param ocvVolts     relaxed mean cell voltage
 * @param soc          SOC from the chemistry's OCV curve, percent
 * @param slope        OCV slope there, volts per percent: how sharply the voltage pins the SOC
 */
record RestPoint(long ts, double netAh, int counterEpoch, double ocvVolts, double soc, double slope,
                 double restMinutes) {
}
