package io.voltrace.ingest.health;

import io.voltrace.analytics.grading.Fault;
import io.voltrace.analytics.grading.InsulationTest;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.soh.ResistanceEstimate;
import io.voltrace.analytics.soh.ResistanceEstimator;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.evidence.CurrentStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the edge agents reported of a battery's safety monitors, as grading conditions: the latest insulation reading
 * becomes the insulation test, and every BMS fault flag ever raised a reported fault (the policy decides between
 * material recovery and repair-and-test). Cleared faults still count: an intermittent insulation or contactor fault
 * is exactly what a second-life buyer must know about. What the edge's extractor saw at full CAN rate (negative events,
 * current steps) is reported beside the figures the cloud takes from the one-second telemetry. Reads the battery's
 * {@link EdgeReduction} (reduced as the evidence arrived), never the stored history.
 */
final class EdgeConditions {
    /** The full-rate steps the resistance estimate combines: readings at most this far apart (its default). */
    static final double STEP_MAX_SECONDS = 30;
    /** ... and taken at most at this mean cell voltage (its default band's top). */
    static final double STEP_MAX_VOLTS = 10;

    /** The conditions to grade with, and one line each on what the edge reported. */
    record Applied(PackConditions conditions, List<String> reasons) {
    }

    private EdgeConditions() {
    }

    static Applied apply(EdgeReduction edge, BatteryRecord battery, PackConditions known) {
        return apply(edge, battery, known, null);
    }

    /**
     * As {@link #apply(EdgeReduction, BatteryRecord, PackConditions)}, with the full-rate resistance estimated when the
     * reduction was saved ({@link #estimate}); null: estimated here.
     */
    static Applied apply(EdgeReduction edge, BatteryRecord battery, PackConditions known, ResistanceEstimate stored) {
        List<String> reasons = new ArrayList<>();
        PackConditions conditions = known;

        EdgeReduction.Insulation ins = edge.insulation();
        if (ins != null) {
            double working = battery.workingVolts(ins.latestPackVoltage());
            String line = String.format(Locale.ROOT, "BMS insulation monitor: latest %.0f kΩ on %s, lowest %.0f kΩ"
                            + " on %s (%d readings); judged against %.0f V working voltage",
                    ins.latestKohm(), Instant.ofEpochMilli(ins.latestTs()), ins.lowestKohm(),
                    Instant.ofEpochMilli(ins.lowestTs()), ins.readings(), working);
            if (known.insulation() == null) {
                conditions = conditions.withInsulation(new InsulationTest(ins.latestKohm() * 1000, working));
            } else {
                line += "; an insulation test given with the request takes precedence";
            }
            reasons.add(line);
        }

        if (!edge.faults().isEmpty()) {
            Set<Fault> faults = EnumSet.noneOf(Fault.class);
            faults.addAll(known.faults());
            List<String> parts = new ArrayList<>();
            for (EdgeReduction.FaultFlag flag : edge.faults()) {
                if (flag.raised() > 0) {
                    faults.add(faultOf(flag.name()));
                }
                List<String> events = new ArrayList<>();
                for (EdgeReduction.FaultEvent e : flag.recent()) {
                    events.add((e.active() ? "raised " : "cleared ") + Instant.ofEpochMilli(e.ts()));
                }
                long all = flag.raised() + flag.cleared();
                String older = all > flag.recent().size() ? String.format(Locale.ROOT,
                        "raised %d times, cleared %d times since %s; newest ", flag.raised(), flag.cleared(),
                        Instant.ofEpochMilli(flag.firstTs())) : "";
                parts.add(flag.name() + " (" + faultOf(flag.name()) + ": " + older + String.join(", ", events) + ")");
            }
            reasons.add("BMS faults reported by the edge: " + String.join("; ", parts));
            conditions = conditions.withFaults(faults);
        }
        fullRateSteps(edge, battery, stored, reasons);
        fullRateEvents(edge.events(), reasons);
        return new Applied(conditions, reasons);
    }

    /**
     * The ohmic resistance (per cell in series) from the edge's full-rate current steps, in the band the telemetry
     * figure uses: a pure function of the reduction and the battery, estimated when the reduction is saved.
     */
    static ResistanceEstimate estimate(EdgeReduction edge, BatteryRecord battery) {
        List<CurrentStep> steps = new ArrayList<>(edge.usable().size());
        for (EdgeReduction.Step e : edge.usable()) {
            steps.add(new CurrentStep(e.ts(), e.fromAmps(), e.toAmps(), e.ohms() * (e.toAmps() - e.fromAmps()),
                    e.ohms(), e.seconds(), e.tempC() == null ? Double.NaN : e.tempC(), e.cellVolts()));
        }
        return ResistanceEstimator.defaults()
                .inVoltageBand(HealthReducer.minStepVolts(battery), STEP_MAX_VOLTS)
                .estimate(battery.code(), steps);
    }

    /** The reason line on {@link #estimate}'s figure; {@code stored} is it when saved with the reduction, or null. */
    private static void fullRateSteps(EdgeReduction edge, BatteryRecord battery, ResistanceEstimate stored,
                                      List<String> reasons) {
        if (edge.steps() == 0) {
            return;
        }
        ResistanceEstimate r = stored != null ? stored : estimate(edge, battery);
        if (!r.sufficient()) {
            reasons.add("ohmic resistance at full CAN rate (edge, " + edge.steps() + " current steps, "
                    + edge.usable().size() + " in the estimate's window): not established: " + r.insufficientReason());
            return;
        }
        int n = battery.cellsSeries();
        reasons.add(String.format(Locale.ROOT, "ohmic resistance at full CAN rate (edge): %.1f mΩ (±%.1f) at %.0f °C"
                        + " from %d current steps", r.ohms() * n * 1000, r.uncertaintyOhms() * n * 1000,
                r.referenceTempC(), r.steps()));
    }

    /** Negative events the edge saw at full rate, which one-second samples may miss: by kind, with the worst value. */
    private static void fullRateEvents(List<EdgeReduction.EventKind> kinds, List<String> reasons) {
        if (kinds.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (EdgeReduction.EventKind k : kinds) {
            String kind = k.kind();
            boolean voltage = kind.equals("DEEP_DISCHARGE") || kind.equals("OVER_VOLTAGE");
            parts.add(String.format(Locale.ROOT, "%d %s (%.1f s in all, worst %.2f %s)", k.count(),
                    kind.toLowerCase(Locale.ROOT).replace('_', ' '), k.millis() / 1000.0, k.worst(),
                    voltage ? "V" : "°C"));
        }
        reasons.add("negative events at full CAN rate (edge): " + String.join(", ", parts));
    }

    /** The worse of two extremes: lower for deep discharge, higher for over-voltage, further from 25 °C otherwise. */
    static double worse(String kind, double a, double b) {
        return switch (kind) {
            case "DEEP_DISCHARGE" -> Math.min(a, b);
            case "OVER_VOLTAGE" -> Math.max(a, b);
            // Equally far from 25 °C: the hotter, so that the result does not depend on which came first.
            default -> Math.abs(b - 25) > Math.abs(a - 25) || (Math.abs(b - 25) == Math.abs(a - 25) && b > a) ? b : a;
        };
    }

    /** The grading's fault for a BMS flag name from the edge's signal mapping; unknown flags are BMS faults. */
    static Fault faultOf(String flag) {
        String f = flag.toLowerCase(Locale.ROOT);
        if (f.contains("isolation") || f.contains("insulation")) {
            return Fault.INSULATION_FAULT;
        }
        if (f.contains("contactor")) {
            return Fault.CONTACTOR_FAULT;
        }
        if (f.contains("coolant")) {
            return Fault.COOLANT_LEAK;
        }
        if (f.contains("swell")) {
            return Fault.CELL_SWELLING;
        }
        if (f.contains("vent")) {
            return Fault.VENTING;
        }
        if (f.contains("water")) {
            return Fault.WATER_INGRESS;
        }
        if (f.contains("electrolyte")) {
            return Fault.ELECTROLYTE_LEAKAGE;
        }
        return Fault.BMS_FAULT;
    }
}
