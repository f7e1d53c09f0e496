package io.voltrace.analytics.grading;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the grader needs beyond telemetry: findings of an inspection, a bench test or the BMS's own monitors. Each part
 * is optional; an unknown part is named in the grading's reasons and, where the policy says so, holds back reuse.
 *
 * @param insulation                insulation measurement, or null when none was made
 * @param thermalEvents             thermal events recorded over the pack's life, or null when unknown
 * @param faults                    faults reported by inspection or the BMS; empty when none
 * @param resistanceIncreasePercent internal resistance increase (R − R_BOL) / R_BOL × 100, or null when unknown
 */
public record PackConditions(
        InsulationTest insulation,
        Integer thermalEvents,
        Set<Fault> faults,
        Double resistanceIncreasePercent) {

    public PackConditions {
        faults = faults == null || faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (thermalEvents != null && thermalEvents < 0) {
            throw new IllegalArgumentException("thermal events cannot be negative: " + thermalEvents);
        }
        if (resistanceIncreasePercent != null && !Double.isFinite(resistanceIncreasePercent)) {
            throw new IllegalArgumentException("resistance increase must be finite");
        }
    }

    /** Nothing known beyond telemetry. */
    public static PackConditions none() {
        return new PackConditions(null, null, Set.of(), null);
    }

    public PackConditions withInsulation(InsulationTest test) {
        return new PackConditions(test, thermalEvents, faults, resistanceIncreasePercent);
    }

    public PackConditions withThermalEvents(int events) {
        return new PackConditions(insulation, events, faults, resistanceIncreasePercent);
    }

    public PackConditions withFaults(Set<Fault> reported) {
        return new PackConditions(insulation, thermalEvents, reported, resistanceIncreasePercent);
    }

    public PackConditions withResistanceIncreasePercent(double percent) {
        return new PackConditions(insulation, thermalEvents, faults, percent);
    }
}
