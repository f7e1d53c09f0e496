package io.voltrace.analytics.grading;

import io.voltrace.analytics.grading.Finding.Effect;
import io.voltrace.analytics.soh.PackTable;
import io.voltrace.analytics.soh.RestPeriod;
import io.voltrace.common.chemistry.Chemistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * Safety screens over a pack's telemetry: cell spread at rest, temperature, deep discharge and over-voltage.
 * Spread is read at rest only, where load and resistance differences between cells do not widen it.
 */
final class SafetyScreen {
    private final GradingPolicy policy;

    SafetyScreen(GradingPolicy policy) {
        this.policy = policy;
    }

    List<Finding> screen(Chemistry chemistry, Table pack) {
        List<Finding> findings = new ArrayList<>();
        if (pack.rowCount() == 0) {
            findings.add(new Finding("no telemetry: no safety screen possible", null, Effect.HOLD_REUSE));
            return findings;
        }
        findings.add(cellSpread(pack));
        findings.add(temperature(pack));
        findings.add(deepDischarge(chemistry, pack));
        findings.add(overVoltage(chemistry, pack));
        return findings;
    }

    /**
     * Spread per rest is the median over its relaxed rows, so one glitched reading cannot send a pack to recovery;
     * a weak cell shows in every row of a rest. The worst rest counts.
     */
    private Finding cellSpread(Table pack) {
        List<RestPeriod> rests = policy.rest().find(pack);
        if (rests.isEmpty()) {
            return new Finding(String.format(Locale.ROOT, "cell spread at rest not screened: no rest of %s min or more",
                    num(policy.rest().minRestMinutes(), 1)), null, Effect.HOLD_REUSE);
        }
        long[] ts = pack.longColumn(PackTable.TS).asLongArray();
        double[] min = pack.doubleColumn(PackTable.CELL_MIN).asDoubleArray();
        double[] max = pack.doubleColumn(PackTable.CELL_MAX).asDoubleArray();
        long minRestMs = Math.round(policy.rest().minRestMinutes() * 60_000.0);
        double worst = Double.NEGATIVE_INFINITY;
        long worstTs = 0;
        for (RestPeriod r : rests) {
            double[] spread = new double[r.lastRow() - r.firstRow() + 1];
            int count = 0;
            for (int i = r.firstRow(); i <= r.lastRow(); i++) {
                if (ts[i] - r.startTs() >= minRestMs) {
                    spread[count++] = max[i] - min[i];
                }
            }
            Arrays.sort(spread, 0, count);
            double median = count % 2 == 1 ? spread[count / 2] : (spread[count / 2 - 1] + spread[count / 2]) / 2;
            if (median > worst) {
                worst = median;
                worstTs = r.endTs();
            }
        }
        String measured = String.format(Locale.ROOT, "max cell spread at rest %.3f V", worst);
        if (worst > policy.maxCellSpreadVolts()) {
            String limit = String.format(Locale.ROOT, " > %.3f V", policy.maxCellSpreadVolts());
            return new Finding(measured + limit + ": material recovery",
                    measured + limit + " in the rest ending " + Instant.ofEpochMilli(worstTs), Effect.RECOVERY);
        }
        return Finding.pass(measured + String.format(Locale.ROOT, " ≤ %.3f V", policy.maxCellSpreadVolts()));
    }

    private Finding temperature(Table pack) {
        double[] temp = pack.doubleColumn(PackTable.TEMP_MAX).asDoubleArray();
        int worst = argMax(temp);
        String measured = String.format(Locale.ROOT, "max temperature %.1f °C", temp[worst]);
        if (temp[worst] > policy.maxTempC()) {
            int over = countAbove(temp, policy.maxTempC());
            String limit = String.format(Locale.ROOT, " > %s °C", num(policy.maxTempC(), 1));
            return new Finding(measured + limit + ": inspect before reuse", String.format(Locale.ROOT,
                    "%s%s at %s (%d sample%s above)", measured, limit, at(pack, worst), over, over == 1 ? "" : "s"),
                    Effect.HOLD_REUSE);
        }
        return Finding.pass(measured + String.format(Locale.ROOT, " ≤ %s °C", num(policy.maxTempC(), 1)));
    }

    private Finding deepDischarge(Chemistry chemistry, Table pack) {
        double[] min = pack.doubleColumn(PackTable.CELL_MIN).asDoubleArray();
        int worst = argMin(min);
        double floor = chemistry.ocv().minVolts();
        String measured = String.format(Locale.ROOT, "min cell voltage %.3f V", min[worst]);
        if (min[worst] < floor) {
            int under = countBelow(min, floor);
            String limit = String.format(Locale.ROOT, " < %.3f V (%s empty)", floor, chemistry);
            return new Finding(measured + limit + ": deep discharge, inspect before reuse", String.format(Locale.ROOT,
                    "deep discharge: %s%s at %s (%d sample%s below)", measured, limit, at(pack, worst), under,
                    under == 1 ? "" : "s"), Effect.HOLD_REUSE);
        }
        return Finding.pass(measured + String.format(Locale.ROOT, " ≥ %.3f V (%s empty)", floor, chemistry));
    }

    private Finding overVoltage(Chemistry chemistry, Table pack) {
        double[] max = pack.doubleColumn(PackTable.CELL_MAX).asDoubleArray();
        int worst = argMax(max);
        double ceiling = chemistry.ocv().maxVolts() + policy.overVoltageMarginVolts();
        String measured = String.format(Locale.ROOT, "max cell voltage %.3f V", max[worst]);
        if (max[worst] > ceiling) {
            int over = countAbove(max, ceiling);
            String limit = String.format(Locale.ROOT, " > %.3f V (%s full + %.2f V)", ceiling, chemistry,
                    policy.overVoltageMarginVolts());
            return new Finding(measured + limit + ": over-voltage, inspect before reuse", String.format(Locale.ROOT,
                    "over-voltage: %s%s at %s (%d sample%s above)", measured, limit, at(pack, worst), over,
                    over == 1 ? "" : "s"), Effect.HOLD_REUSE);
        }
        return Finding.pass(measured + String.format(Locale.ROOT, " ≤ %.3f V (%s full + %.2f V)", ceiling, chemistry,
                policy.overVoltageMarginVolts()));
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argMin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int countBelow(double[] values, double limit) {
        int count = 0;
        for (double v : values) {
            if (v < limit) {
                count++;
            }
        }
        return count;
    }

    private static int countAbove(double[] values, double limit) {
        int count = 0;
        for (double v : values) {
            if (v > limit) {
                count++;
            }
        }
        return count;
    }

    private static Instant at(Table pack, int row) {
        return Instant.ofEpochMilli(pack.longColumn(PackTable.TS).get(row));
    }

    /** A threshold as written: 60, 60.5. */
    static String num(double value, int decimals) {
        return value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
