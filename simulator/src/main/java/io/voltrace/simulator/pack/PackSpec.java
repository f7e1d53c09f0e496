package io.voltrace.simulator.pack;

import io.voltrace.common.chemistry.Chemistry;

/**
 * What a simulated pack is made of, and its hidden truth.
 *
 * @param chemistry    cell chemistry, NMC or LFP
 * @param cellsSeries  cells in series, at most 96 for the reference DBC
 * @param nominalAh    nameplate capacity of the series string, ampere-hours
 * @param trueSoh      the pack's real state of health, percent of nominal capacity (mean over its cells)
 * @param climateC     mean ambient temperature where the vehicle lives, °C
 * @param seed         makes the run repeatable
 */
public record PackSpec(Chemistry chemistry, int cellsSeries, double nominalAh, double trueSoh, double climateC,
                       long seed) {
    public PackSpec {
        if (chemistry != Chemistry.NMC && chemistry != Chemistry.LFP) {
            throw new IllegalArgumentException("the simulator models NMC and LFP cells, not " + chemistry);
        }
        if (cellsSeries < 1 || cellsSeries > 96) {
            throw new IllegalArgumentException("cellsSeries must be 1..96, was " + cellsSeries);
        }
        if (!(nominalAh > 0)) {
            throw new IllegalArgumentException("nominalAh must be positive, was " + nominalAh);
        }
        if (!(trueSoh > 20 && trueSoh <= 110)) {
            throw new IllegalArgumentException("trueSoh must be in (20, 110] percent, was " + trueSoh);
        }
    }
}
