package io.voltrace.analytics.grading;

import io.voltrace.analytics.soh.RestDetector;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Retirement grading thresholds. They are conventions (EV packs usually retire at 70–80 % SOH, below ~60 % goes to
 * material recovery), not one standard, so each user of the grader may set its own: in code, or in a JSON file read by
 * {@link #load(Path)}. The shipped defaults live in the resource {@value #DEFAULT_RESOURCE}, which documents every
 * field; a user file needs only the fields it changes.
 *
 * @param reuseGradeA            SOH percent at or above which a pack is cascade reuse grade A
 * @param reuseGradeB            SOH percent at or above which it is grade B
 * @param reuseGradeC            SOH percent at or above which it is grade C; below, material recovery
 * @param maxCellSpreadVolts     largest cell-voltage spread at rest; a wider one means a weak or damaged cell
 * @param maxTempC               any cell temperature above this is flagged
 * @param overVoltageMarginVolts cell voltage allowed above the chemistry's full-charge OCV before it is flagged
 * @param rest                   what counts as rest when reading cell spread and OCV
 * @param selfDischarge          self-discharge screen
 * @param insulation             insulation-resistance screen
 * @param resistance             internal-resistance growth screen
 * @param maxThermalEvents       more recorded thermal events than this send the pack to material recovery
 * @param recoveryFaults         reported faults that send the pack to material recovery; other faults hold reuse
 * @param minTelemetryDays       telemetry spanning fewer days is too thin to screen a pack for reuse
 */
public record GradingPolicy(
        double reuseGradeA,
        double reuseGradeB,
        double reuseGradeC,
        double maxCellSpreadVolts,
        double maxTempC,
        double overVoltageMarginVolts,
        RestDetector rest,
        SelfDischargeLimits selfDischarge,
        InsulationLimits insulation,
        ResistanceLimits resistance,
        int maxThermalEvents,
        Set<Fault> recoveryFaults,
        double minTelemetryDays) {

    /** Class-path resource holding the shipped default policy. */
    public static final String DEFAULT_RESOURCE = "/io/voltrace/analytics/grading/grading-policy.json";

    public GradingPolicy {
        if (!(reuseGradeA > reuseGradeB && reuseGradeB > reuseGradeC && reuseGradeC > 0)) {
            throw new IllegalArgumentException("reuse grade thresholds must fall: A > B > C > 0");
        }
        if (!(maxCellSpreadVolts > 0) || Double.isNaN(maxTempC) || !(overVoltageMarginVolts >= 0) || rest == null
                || selfDischarge == null || insulation == null || resistance == null || maxThermalEvents < 0
                || recoveryFaults == null || !(minTelemetryDays >= 0)) {
            throw new IllegalArgumentException("safety screen limits out of range");
        }
        recoveryFaults = recoveryFaults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(recoveryFaults));
    }

    /** The shipped policy, from {@value #DEFAULT_RESOURCE}. */
    public static GradingPolicy defaults() {
        return PolicyFile.DEFAULTS;
    }

    /**
     * Reads a policy file over the shipped defaults: fields the file leaves out keep their default.
     *
     * @throws GradingPolicyException naming file, line and field of every problem found
     */
    public static GradingPolicy load(Path file) {
        return PolicyFile.load(file);
    }

    /** As {@link #load(Path)}, from text; {@code source} names it in errors. */
    public static GradingPolicy parse(String json, String source) {
        return PolicyFile.parse(json, source);
    }

    public GradingPolicy withReuseGrades(double a, double b, double c) {
        return new GradingPolicy(a, b, c, maxCellSpreadVolts, maxTempC, overVoltageMarginVolts, rest, selfDischarge,
                insulation, resistance, maxThermalEvents, recoveryFaults, minTelemetryDays);
    }

    public GradingPolicy withSelfDischarge(SelfDischargeLimits limits) {
        return new GradingPolicy(reuseGradeA, reuseGradeB, reuseGradeC, maxCellSpreadVolts, maxTempC,
                overVoltageMarginVolts, rest, limits, insulation, resistance, maxThermalEvents, recoveryFaults,
                minTelemetryDays);
    }

    public GradingPolicy withInsulation(InsulationLimits limits) {
        return new GradingPolicy(reuseGradeA, reuseGradeB, reuseGradeC, maxCellSpreadVolts, maxTempC,
                overVoltageMarginVolts, rest, selfDischarge, limits, resistance, maxThermalEvents, recoveryFaults,
                minTelemetryDays);
    }
}
