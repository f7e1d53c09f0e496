package io.voltrace.analytics.grading;

import io.voltrace.analytics.grading.Finding.Effect;
import io.voltrace.common.chemistry.Chemistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Safety screens over a pack's evidence: cell spread at rest, temperature, deep discharge, over-voltage and
 * self-discharge from telemetry; insulation, thermal events, faults and resistance growth from the pack's conditions.
 * Spread and self-discharge are read at rest only, where load and resistance differences between cells do not blur
 * them.
 */
final class SafetyScreen {
    private final GradingPolicy policy;

    SafetyScreen(GradingPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param capacityAh the pack's estimated capacity, to take counted charge out of the self-discharge reading;
     *                   null when unknown
     */
    List<Finding> screen(Chemistry chemistry, ScreenEvidence evidence, PackConditions conditions, Double capacityAh) {
        List<Finding> findings = new ArrayList<>();
        if (evidence.samples() == 0) {
            findings.add(new Finding("no telemetry: no safety screen possible", null, Effect.HOLD_REUSE));
        } else {
            if (evidence.spanDays() < policy.minTelemetryDays()) {
                findings.add(new Finding(String.format(Locale.ROOT,
                        "telemetry spans %.1f days, less than the %s days the safety screens need", evidence.spanDays(),
                        num(policy.minTelemetryDays(), 1)), null, Effect.HOLD_REUSE));
            }
            findings.add(cellSpread(evidence));
            findings.add(temperature(evidence));
            findings.add(deepDischarge(chemistry, evidence));
            findings.add(overVoltage(chemistry, evidence));
            findings.add(selfDischarge(chemistry, evidence, capacityAh));
        }
        findings.add(insulation(conditions));
        findings.add(thermalEvents(conditions));
        findings.addAll(faults(conditions));
        findings.add(resistance(conditions));
        return findings;
    }

    private Finding cellSpread(ScreenEvidence evidence) {
        if (evidence.rests().isEmpty()) {
            return new Finding(String.format(Locale.ROOT, "cell spread at rest not screened: no rest of %s min or more",
                    num(policy.rest().minRestMinutes(), 1)), null, Effect.HOLD_REUSE);
        }
        RestEvidence worst = evidence.rests().get(0);
        for (RestEvidence r : evidence.rests()) {
            if (r.cellSpreadVolts() > worst.cellSpreadVolts()) {
                worst = r;
            }
        }
        String measured = String.format(Locale.ROOT, "max cell spread at rest %.3f V", worst.cellSpreadVolts());
        if (worst.cellSpreadVolts() > policy.maxCellSpreadVolts()) {
            String limit = String.format(Locale.ROOT, " > %.3f V", policy.maxCellSpreadVolts());
            return new Finding(measured + limit + ": material recovery", measured + limit + " in the rest ending "
                    + Instant.ofEpochMilli(worst.endTs()), Effect.RECOVERY);
        }
        return Finding.pass(measured + String.format(Locale.ROOT, " ≤ %.3f V (%d rests)",
                policy.maxCellSpreadVolts(), evidence.rests().size()));
    }

    private Finding temperature(ScreenEvidence evidence) {
        DayExtremes worst = evidence.days().get(0);
        int over = 0;
        for (DayExtremes d : evidence.days()) {
            if (d.maxTempC() > worst.maxTempC()) {
                worst = d;
            }
            if (d.maxTempC() > policy.maxTempC()) {
                over++;
            }
        }
        String measured = String.format(Locale.ROOT, "max temperature %.1f °C", worst.maxTempC());
        String limit = String.format(Locale.ROOT, " %s %s °C", worst.maxTempC() > policy.maxTempC() ? ">" : "≤",
                num(policy.maxTempC(), 1));
        if (over > 0) {
            return new Finding(measured + limit + ": inspect before reuse", String.format(Locale.ROOT,
                    "%s%s at %s (on %s)", measured, limit, Instant.ofEpochMilli(worst.maxTempTs()), days(over)),
                    Effect.HOLD_REUSE);
        }
        return Finding.pass(measured + limit);
    }

    private Finding deepDischarge(Chemistry chemistry, ScreenEvidence evidence) {
        double floor = chemistry.ocv().minVolts();
        DayExtremes worst = evidence.days().get(0);
        int under = 0;
        for (DayExtremes d : evidence.days()) {
            if (d.minCellVolts() < worst.minCellVolts()) {
                worst = d;
            }
            if (d.minCellVolts() < floor) {
                under++;
            }
        }
        String measured = String.format(Locale.ROOT, "min cell voltage %.3f V", worst.minCellVolts());
        if (under > 0) {
            String limit = String.format(Locale.ROOT, " < %.3f V (%s empty)", floor, chemistry);
            return new Finding(measured + limit + ": deep discharge, inspect before reuse", String.format(Locale.ROOT,
                    "deep discharge: %s%s at %s (on %s)", measured, limit, Instant.ofEpochMilli(worst.minCellTs()),
                    days(under)), Effect.HOLD_REUSE);
        }
        return Finding.pass(measured + String.format(Locale.ROOT, " ≥ %.3f V (%s empty)", floor, chemistry));
    }

    private Finding overVoltage(Chemistry chemistry, ScreenEvidence evidence) {
        double ceiling = chemistry.ocv().maxVolts() + policy.overVoltageMarginVolts();
        DayExtremes worst = evidence.days().get(0);
        int over = 0;
        for (DayExtremes d : evidence.days()) {
            if (d.maxCellVolts() > worst.maxCellVolts()) {
                worst = d;
            }
            if (d.maxCellVolts() > ceiling) {
                over++;
            }
        }
        String measured = String.format(Locale.ROOT, "max cell voltage %.3f V", worst.maxCellVolts());
        String limit = String.format(Locale.ROOT, " %s %.3f V (%s full + %.2f V)",
                worst.maxCellVolts() > ceiling ? ">" : "≤", ceiling, chemistry, policy.overVoltageMarginVolts());
        if (over > 0) {
            return new Finding(measured + limit + ": over-voltage, inspect before reuse", String.format(Locale.ROOT,
                    "over-voltage: %s%s at %s (on %s)", measured, limit, Instant.ofEpochMilli(worst.maxCellTs()),
                    days(over)), Effect.HOLD_REUSE);
        }
        return Finding.pass(measured + limit);
    }

    /**
     * Median over long rests of the lowest cell's internal SOC loss per day against the mean cell (see
     * {@link SelfDischarge}: relaxation, parasitic loads and the current sensor's offset are common to all cells).
     * The median, because one rest disturbed by a temperature swing must not condemn a pack, while a soft short
     * drains the cell in every rest. The uncertainty is stated; the limit applies to the median itself.
     */
    private Finding selfDischarge(Chemistry chemistry, ScreenEvidence evidence, Double capacityAh) {
        SelfDischargeLimits limits = policy.selfDischarge();
        SelfDischarge sd = SelfDischarge.measure(chemistry, evidence, capacityAh, limits);
        String minHours = num(limits.minHours(), 1);
        if (!sd.measured()) {
            int usable = sd.usableRests();
            String why = String.format(Locale.ROOT,
                    "self-discharge not screened: %d rest%s with ≥ %s h of relaxed OCV%s%s, need %d", usable,
                    usable == 1 ? "" : "s", minHours,
                    sd.flatRests() > 0 ? String.format(Locale.ROOT, " (%d more on flat parts of the %s OCV curve)",
                            sd.flatRests(), chemistry) : "",
                    sd.offCurveRests() > 0 ? String.format(Locale.ROOT, " (%d more off the OCV curve)",
                            sd.offCurveRests()) : "",
                    limits.minRests());
            if (sd.longRests() == 0) {
                why = String.format(Locale.ROOT, "self-discharge not screened: no rest with ≥ %s h of relaxed OCV"
                        + " after %s h settling, need %d", minHours, num(limits.settleHours(), 1), limits.minRests());
            }
            return new Finding(why, null, limits.holdWhenUnscreened() ? Effect.HOLD_REUSE : Effect.NONE);
        }
        String measured = String.format(Locale.ROOT,
                "self-discharge of the lowest cell%s %.2f ± %.2f %%/day (median of %d rests of ≥ %s h, highest %.2f)%s",
                sd.againstMean() ? " against the mean cell" : "", sd.medianPercentPerDay(),
                sd.uncertaintyPercentPerDay(), sd.usableRests(), minHours, sd.highestPercentPerDay(),
                sd.corrected() ? "" : ", not corrected for counted charge");
        String limit = num(limits.maxPercentPerDay(), 2) + " %/day";
        if (sd.medianPercentPerDay() > limits.maxPercentPerDay()) {
            return new Finding(measured + " > " + limit + ": internal short suspected, material recovery",
                    measured + " > " + limit, Effect.RECOVERY);
        }
        return Finding.pass(measured + " ≤ " + limit);
    }

    private Finding insulation(PackConditions conditions) {
        InsulationLimits limits = policy.insulation();
        InsulationTest test = conditions.insulation();
        String min = num(limits.minOhmsPerVolt(), 1) + " Ω/V";
        if (test == null) {
            return new Finding("insulation not measured (telemetry does not carry it; limit " + min + ")", null,
                    limits.holdWhenUnmeasured() ? Effect.HOLD_REUSE : Effect.NONE);
        }
        String measured = String.format(Locale.ROOT, "insulation %.0f Ω/V (%.0f kΩ at %.0f V)", test.ohmsPerVolt(),
                test.resistanceOhms() / 1000.0, test.workingVoltageVolts());
        if (test.ohmsPerVolt() < limits.minOhmsPerVolt()) {
            return new Finding(measured + " < " + min + ": insulation fault, material recovery",
                    measured + " < " + min, Effect.RECOVERY);
        }
        return Finding.pass(measured + " ≥ " + min);
    }

    private Finding thermalEvents(PackConditions conditions) {
        Integer events = conditions.thermalEvents();
        if (events == null) {
            return Finding.pass("thermal events not reported");
        }
        String measured = events + " thermal event" + (events == 1 ? "" : "s") + " recorded";
        if (events > policy.maxThermalEvents()) {
            String limit = " > " + policy.maxThermalEvents() + " allowed";
            return new Finding(measured + limit + ": material recovery", measured + limit, Effect.RECOVERY);
        }
        return Finding.pass(measured + " ≤ " + policy.maxThermalEvents() + " allowed");
    }

    private List<Finding> faults(PackConditions conditions) {
        if (conditions.faults().isEmpty()) {
            return List.of(Finding.pass("no faults reported"));
        }
        List<Finding> findings = new ArrayList<>();
        for (Fault f : conditions.faults()) {
            if (policy.recoveryFaults().contains(f)) {
                findings.add(new Finding("fault reported: " + f + ": material recovery by policy",
                        "fault: " + f, Effect.RECOVERY));
            } else {
                findings.add(new Finding("fault reported: " + f + ": repair and test before reuse",
                        "fault: " + f, Effect.HOLD_REUSE));
            }
        }
        return findings;
    }

    private Finding resistance(PackConditions conditions) {
        Double increase = conditions.resistanceIncreasePercent();
        ResistanceLimits limits = policy.resistance();
        if (increase == null) {
            return Finding.pass("internal resistance increase not known");
        }
        String measured = String.format(Locale.ROOT, "internal resistance %+.0f %% over begin of life", increase);
        if (increase > limits.maxIncreasePercent()) {
            String limit = " > +" + num(limits.maxIncreasePercent(), 1) + " %";
            return new Finding(measured + limit + ": bench test before any reuse", measured + limit,
                    Effect.HOLD_REUSE);
        }
        if (increase > limits.highPowerMaxIncreasePercent()) {
            return new Finding(measured + " > +" + num(limits.highPowerMaxIncreasePercent(), 1)
                    + " %: low-rate uses only", null, Effect.LOW_POWER_ONLY);
        }
        return Finding.pass(measured + " ≤ +" + num(limits.highPowerMaxIncreasePercent(), 1) + " %");
    }

    private static String days(int count) {
        return count + " day" + (count == 1 ? "" : "s");
    }

    /** A threshold as written: 60, 60.5. */
    static String num(double value, int decimals) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
