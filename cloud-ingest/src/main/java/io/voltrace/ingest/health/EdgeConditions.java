package io.voltrace.ingest.health;

import io.voltrace.analytics.grading.Fault;
import io.voltrace.analytics.grading.InsulationTest;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.soh.ResistanceEstimate;
import io.voltrace.analytics.soh.ResistanceEstimator;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.evidence.CurrentStep;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the edge agents reported of a battery's safety monitors, as grading conditions: the latest insulation reading
 * becomes the insulation test, and every BMS fault flag ever raised a reported fault (the policy decides between
 * material recovery and repair-and-test). Cleared faults still count: an intermittent insulation or contactor fault
 * is exactly what a second-life buyer must know about. What the edge's extractor saw at full CAN rate (negative events,
 * current steps) is reported beside the figures the cloud takes from the one-second telemetry.
 */
final class EdgeConditions {
    /** The conditions to grade with, and one line each on what the edge reported. */
    record Applied(PackConditions conditions, List<String> reasons) {
    }

    private EdgeConditions() {
    }

    static Applied apply(EdgeEvidenceStore store, BatteryRecord battery, PackConditions known) {
        List<String> reasons = new ArrayList<>();
        PackConditions conditions = known;

        // One read of the battery's evidence of every type (oldest first), split by type: each list keeps the order
        // the per-type reads gave.
        Map<HealthEvidence.Type, List<HealthEvidence>> byType = new EnumMap<>(HealthEvidence.Type.class);
        for (HealthEvidence e : store.evidence(battery.code(), null, Instant.EPOCH,
                Instant.ofEpochMilli(Long.MAX_VALUE), Integer.MAX_VALUE)) {
            byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
        }
        List<HealthEvidence> readings = byType.getOrDefault(HealthEvidence.Type.INSULATION, List.of());
        if (!readings.isEmpty()) {
            HealthEvidence latest = readings.get(readings.size() - 1);
            HealthEvidence lowest = readings.get(0);
            for (HealthEvidence r : readings) {
                lowest = r.insulationKohm() < lowest.insulationKohm() ? r : lowest;
            }
            double working = battery.workingVolts(latest.packVoltage());
            String line = String.format(Locale.ROOT, "BMS insulation monitor: latest %.0f kΩ on %s, lowest %.0f kΩ"
                            + " on %s (%d readings); judged against %.0f V working voltage",
                    latest.insulationKohm(), Instant.ofEpochMilli(latest.ts()), lowest.insulationKohm(),
                    Instant.ofEpochMilli(lowest.ts()), readings.size(), working);
            if (known.insulation() == null) {
                conditions = conditions.withInsulation(new InsulationTest(latest.insulationKohm() * 1000, working));
            } else {
                line += "; an insulation test given with the request takes precedence";
            }
            reasons.add(line);
        }

        List<HealthEvidence> faultEvents = byType.getOrDefault(HealthEvidence.Type.FAULT, List.of());
        Map<String, List<String>> history = new LinkedHashMap<>();
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        faults.addAll(known.faults());
        for (HealthEvidence e : faultEvents) {
            history.computeIfAbsent(e.name(), n -> new ArrayList<>())
                    .add((e.active() ? "raised " : "cleared ") + Instant.ofEpochMilli(e.ts()));
            if (e.active()) {
                faults.add(faultOf(e.name()));
            }
        }
        if (!history.isEmpty()) {
            List<String> parts = new ArrayList<>();
            history.forEach((name, events) -> parts.add(name + " (" + faultOf(name) + ": "
                    + String.join(", ", events) + ")"));
            reasons.add("BMS faults reported by the edge: " + String.join("; ", parts));
            conditions = conditions.withFaults(faults);
        }
        fullRateSteps(byType.getOrDefault(HealthEvidence.Type.CURRENT_STEP, List.of()), battery, reasons);
        fullRateEvents(byType.getOrDefault(HealthEvidence.Type.NEGATIVE_EVENT, List.of()), battery, reasons);
        return new Applied(conditions, reasons);
    }

    /** The ohmic resistance from the edge's full-rate current steps, in the band the telemetry figure uses. */
    private static void fullRateSteps(List<HealthEvidence> sent, BatteryRecord battery, List<String> reasons) {
        if (sent.isEmpty()) {
            return;
        }
        List<CurrentStep> steps = new ArrayList<>(sent.size());
        for (HealthEvidence e : sent) {
            steps.add(new CurrentStep(e.ts(), e.fromAmps(), e.toAmps(), e.ohms() * (e.toAmps() - e.fromAmps()),
                    e.ohms(), e.seconds(), e.tempC() == null ? Double.NaN : e.tempC(), e.cellVolts()));
        }
        ResistanceEstimate r = ResistanceEstimator.defaults()
                .inVoltageBand(battery.chemistry().ocv().voltsAt(HealthService.STEP_MIN_SOC_PERCENT), 10)
                .estimate(battery.code(), steps);
        if (!r.sufficient()) {
            reasons.add("ohmic resistance at full CAN rate (edge, " + sent.size() + " current steps): not established: "
                    + r.insufficientReason());
            return;
        }
        int n = battery.cellsSeries();
        reasons.add(String.format(Locale.ROOT, "ohmic resistance at full CAN rate (edge): %.1f mΩ (±%.1f) at %.0f °C"
                        + " from %d current steps", r.ohms() * n * 1000, r.uncertaintyOhms() * n * 1000,
                r.referenceTempC(), r.steps()));
    }

    /** Negative events the edge saw at full rate, which one-second samples may miss: by kind, with the worst value. */
    private static void fullRateEvents(List<HealthEvidence> events, BatteryRecord battery, List<String> reasons) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, List<HealthEvidence>> byKind = new LinkedHashMap<>();
        for (HealthEvidence e : events) {
            byKind.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, list) -> {
            double seconds = 0;
            boolean voltage = kind.equals("DEEP_DISCHARGE") || kind.equals("OVER_VOLTAGE");
            double worst = list.get(0).extreme();
            for (HealthEvidence e : list) {
                seconds += (e.endTs() - e.ts()) / 1000.0;
                worst = worse(kind, worst, e.extreme());
            }
            parts.add(String.format(Locale.ROOT, "%d %s (%.1f s in all, worst %.2f %s)", list.size(),
                    kind.toLowerCase(Locale.ROOT).replace('_', ' '), seconds, worst, voltage ? "V" : "°C"));
        });
        reasons.add("negative events at full CAN rate (edge): " + String.join(", ", parts));
    }

    /** The worse of two extremes: lower for deep discharge, higher for over-voltage, further from 25 °C otherwise. */
    private static double worse(String kind, double a, double b) {
        return switch (kind) {
            case "DEEP_DISCHARGE" -> Math.min(a, b);
            case "OVER_VOLTAGE" -> Math.max(a, b);
            default -> Math.abs(b - 25) > Math.abs(a - 25) ? b : a;
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
