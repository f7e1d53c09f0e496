package io.voltrace.analytics.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Analyses a bench test by the documented procedure (docs/intake.md):
 * <ol>
 *   <li>The readings are cut into runs of rest, charge and discharge (|current| under the rest current is rest; a new
 *       bench step starts a new run).</li>
 *   <li><b>Residual capacity</b> (GB/T 34015: standard charge, rest, discharge at the stated current to the cutoff):
 *       a discharge counts when it ends within 0.05 V of the cutoff, holds its current within 5 %, and follows a
 *       charge that reached the charge-end voltage within 0.05 V with only rests and short pulses (each under 5 %
 *       of nominal capacity; their net charge out is added) between, or opens the file at that voltage, for a file
 *       that holds only the discharge. Its capacity is the bench's own discharge counter
 *       over the run when the file has one, else the current integrated (trapezoid) from the last reading at rest
 *       through the first reading at or below the cutoff, as a cycler counts it. The residual capacity is the last
 *       such discharge.</li>
 *   <li><b>DC resistance</b> (IEC 62660-1 / HPPC): at each step from rest into current, ΔV/ΔI between the rest's
 *       last reading and the reading {@code pulseSeconds} after the step's first reading (within ±20 %, at least
 *       ±1 s; coarser files give none at that time), with the SOC at the step.</li>
 *   <li><b>OCV and self-discharge</b>: every rest of 10 min or more, its last voltage and the voltage slope over its
 *       second half.</li>
 * </ol>
 * SOC is counted from the last anchor (the end of a standard charge = 100 %, a discharge to the cutoff = 0 %) over
 * the capacity of the next residual-capacity discharge (the last one after it; the nominal capacity when the file has
 * none).
 */
public final class IntakeAnalysis {

    private enum Mode { REST, CHARGE, DISCHARGE }

    private record Run(Mode mode, int from, int to) {
        int size() {
            return to - from;
        }
    }

    private final IntakeProcedure p;

    public IntakeAnalysis(IntakeProcedure procedure) {
        this.p = procedure;
    }

    public IntakeResult analyze(String code, String source, List<CyclerRow> rows, int skipped) {
        if (rows.size() < 2) {
            throw new IllegalArgumentException(source + ": " + rows.size() + " usable readings; a test needs more");
        }
        List<Run> runs = runs(rows);
        List<String> reasons = new ArrayList<>();
        List<IntakeResult.Discharge> discharges = new ArrayList<>();
        int notToCutoff = 0;
        int notConstant = 0;
        int noStandardCharge = 0;
        for (int k = 0; k < runs.size(); k++) {
            Run r = runs.get(k);
            if (r.mode() != Mode.DISCHARGE) {
                continue;
            }
            if (rows.get(r.to() - 1).volts() > p.cutoffVolts() + IntakeProcedure.TOLERANCE_VOLTS) {
                notToCutoff++;
            } else if (!constantCurrent(rows, r)) {
                notConstant++;
            } else {
                double pulsesAh = afterStandardCharge(rows, runs, k);
                if (Double.isNaN(pulsesAh)) {
                    noStandardCharge++;
                } else {
                    discharges.add(discharge(rows, r, pulsesAh));
                }
            }
        }
        double residualAh = Double.NaN;
        double residualWh = Double.NaN;
        if (discharges.isEmpty()) {
            reasons.add(String.format(Locale.ROOT, "no residual-capacity discharge: of %d discharges, %d did not reach "
                    + "the %.2f V cutoff, %d were not at constant current, %d did not follow a charge to %.2f V; "
                    + "run the GB/T 34015 test (standard charge, rest, constant-current discharge to the cutoff)",
                    notToCutoff + notConstant + noStandardCharge, notToCutoff, p.cutoffVolts(), notConstant,
                    noStandardCharge, p.chargeEndVolts()));
        } else {
            IntakeResult.Discharge last = discharges.get(discharges.size() - 1);
            residualAh = last.capacityAh();
            residualWh = last.energyWh();
            reasons.add(String.format(Locale.ROOT, "residual capacity %.4f Ah (%.1f %% of %.4g Ah nominal): the "
                    + "last of %d discharges from a standard charge to %.2f V to the %.2f V cutoff at %.3f A, "
                    + "counted by %s", residualAh, 100 * residualAh / p.nominalAh(), p.nominalAh(), discharges.size(),
                    p.chargeEndVolts(), p.cutoffVolts(), last.meanAmps(), last.counted()));
        }
        double[] soc = soc(rows, runs, discharges);
        List<IntakeResult.Resistance> resistances = resistances(rows, runs, soc);
        List<IntakeResult.RestOcv> rests = rests(rows, runs, soc);
        reasons.add(String.format(Locale.ROOT, "%d DC resistance readings at %.0f s after a step from rest; %d rests "
                + "of 10 min or more", resistances.size(), p.pulseSeconds(), rests.size()));
        return new IntakeResult(code, source, p, rows.size(), skipped, residualAh, residualWh,
                Double.isNaN(residualAh) ? Double.NaN : 100 * residualAh / p.nominalAh(), discharges, resistances,
                rests, reasons);
    }

    private Mode mode(CyclerRow r) {
        if (Math.abs(r.amps()) < p.restAmps()) {
            return Mode.REST;
        }
        return r.amps() > 0 ? Mode.CHARGE : Mode.DISCHARGE;
    }

    private List<Run> runs(List<CyclerRow> rows) {
        List<Run> runs = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= rows.size(); i++) {
            if (i == rows.size() || mode(rows.get(i)) != mode(rows.get(from))
                    || rows.get(i).step() != rows.get(from).step()) {
                runs.add(new Run(mode(rows.get(from)), from, i));
                from = i;
            }
        }
        return runs;
    }

    private static boolean constantCurrent(List<CyclerRow> rows, Run r) {
        double mean = 0;
        for (int i = r.from(); i < r.to(); i++) {
            mean += rows.get(i).amps() / r.size();
        }
        for (int i = r.from(); i < r.to(); i++) {
            if (Math.abs(rows.get(i).amps() - mean) > IntakeProcedure.CC_TOLERANCE * Math.abs(mean)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The charge taken out (net) by short pulses between the standard charge and discharge {@code k}, or NaN when
     * the discharge does not follow a standard charge.
     */
    private double afterStandardCharge(List<CyclerRow> rows, List<Run> runs, int k) {
        double pulsesAh = 0;
        for (int j = k - 1; j >= 0; j--) {
            Run r = runs.get(j);
            if (r.mode() == Mode.REST) {
                continue;
            }
            if (r.mode() == Mode.CHARGE && maxVolts(rows, r) >= p.chargeEndVolts() - IntakeProcedure.TOLERANCE_VOLTS) {
                return pulsesAh;
            }
            double net = netOut(rows, r);
            if (Math.abs(net) > IntakeProcedure.PULSE_SHARE * p.nominalAh()) {
                return Double.NaN; // a real charge or discharge came between: not from full
            }
            pulsesAh += net;
        }
        // The file opens with this discharge: a bench export of the discharge alone, after the charge.
        int first = Math.max(0, runs.get(k).from() - 1);
        return pulsesAh == 0 && rows.get(first).volts() >= p.chargeEndVolts() - 2 * IntakeProcedure.TOLERANCE_VOLTS
                ? 0 : Double.NaN;
    }

    /** Net charge out over a run (trapezoid, from the reading before it). */
    private static double netOut(List<CyclerRow> rows, Run r) {
        double ah = 0;
        for (int i = Math.max(1, r.from()); i < r.to(); i++) {
            CyclerRow a = rows.get(i - 1);
            CyclerRow b = rows.get(i);
            ah -= (a.amps() + b.amps()) / 2 * (b.seconds() - a.seconds()) / 3600;
        }
        return ah;
    }

    private static double maxVolts(List<CyclerRow> rows, Run r) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = r.from(); i < r.to(); i++) {
            max = Math.max(max, rows.get(i).volts());
        }
        return max;
    }

    private IntakeResult.Discharge discharge(List<CyclerRow> rows, Run r, double pulsesAh) {
        CyclerRow first = rows.get(r.from());
        CyclerRow last = rows.get(r.to() - 1);
        double ah;
        double wh;
        String counted;
        if (Double.isFinite(first.dischargeAh()) && Double.isFinite(last.dischargeAh())) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double minWh = Double.POSITIVE_INFINITY;
            double maxWh = Double.NEGATIVE_INFINITY;
            for (int i = r.from(); i < r.to(); i++) {
                min = Math.min(min, rows.get(i).dischargeAh());
                max = Math.max(max, rows.get(i).dischargeAh());
                minWh = Math.min(minWh, rows.get(i).dischargeWh());
                maxWh = Math.max(maxWh, rows.get(i).dischargeWh());
            }
            ah = max - min;
            wh = Double.isFinite(maxWh - minWh) ? maxWh - minWh : integral(rows, r)[1];
            counted = "bench counter";
        } else {
            double[] both = integral(rows, r);
            ah = both[0];
            wh = both[1];
            counted = "current integral";
        }
        double meanAmps = 0;
        for (int i = r.from(); i < r.to(); i++) {
            meanAmps -= rows.get(i).amps() / r.size();
        }
        if (pulsesAh != 0) {
            // Short pulses after the full charge took this out before the discharge: it belongs to the capacity.
            wh += pulsesAh * wh / ah;
            ah += pulsesAh;
            counted += String.format(Locale.ROOT, " plus %.4f Ah of pulses after the charge", pulsesAh);
        }
        return new IntakeResult.Discharge(first.seconds(), last.seconds(), meanAmps, ah, wh, counted);
    }

    /** Ah and Wh out, trapezoid from the reading before the run through the first reading at or below cutoff. */
    private double[] integral(List<CyclerRow> rows, Run r) {
        double ah = 0;
        double wh = 0;
        // Starting at r.from() makes the first interval the one from the last reading at rest into the discharge.
        for (int i = Math.max(1, r.from()); i < r.to(); i++) {
            CyclerRow a = rows.get(i - 1);
            CyclerRow b = rows.get(i);
            double hours = (b.seconds() - a.seconds()) / 3600;
            ah -= (a.amps() + b.amps()) / 2 * hours;
            wh -= (a.amps() * a.volts() + b.amps() * b.volts()) / 2 * hours;
            if (b.volts() <= p.cutoffVolts()) {
                break;
            }
        }
        return new double[] {ah, wh};
    }

    /**
     * SOC at every reading, counted from the last anchor over the capacity of the battery at the time (the next
     * residual-capacity discharge, else the last, else nominal: a long ageing file loses capacity as it goes); NaN
     * before the first anchor.
     */
    private double[] soc(List<CyclerRow> rows, List<Run> runs, List<IntakeResult.Discharge> discharges) {
        double[] soc = new double[rows.size()];
        double current = Double.NaN;
        int runIndex = 0;
        int next = 0;
        for (int i = 0; i < rows.size(); i++) {
            while (next < discharges.size() - 1 && discharges.get(next).endSeconds() < rows.get(i).seconds()) {
                next++;
            }
            double basisAh = discharges.isEmpty() ? p.nominalAh() : discharges.get(next).capacityAh();
            boolean anchored = false;
            while (runIndex < runs.size() - 1 && i >= runs.get(runIndex).to()) {
                Run ended = runs.get(runIndex);
                CyclerRow end = rows.get(ended.to() - 1);
                if (ended.mode() == Mode.CHARGE
                        && maxVolts(rows, ended) >= p.chargeEndVolts() - IntakeProcedure.TOLERANCE_VOLTS) {
                    current = 100;
                    anchored = true;
                } else if (ended.mode() == Mode.DISCHARGE
                        && end.volts() <= p.cutoffVolts() + IntakeProcedure.TOLERANCE_VOLTS) {
                    current = 0;
                    anchored = true;
                }
                runIndex++;
            }
            // The anchor holds at the run's last reading: the bench stopped there, so the gap to this reading
            // carried no current.
            if (i > 0 && Double.isFinite(current) && !anchored) {
                CyclerRow a = rows.get(i - 1);
                CyclerRow b = rows.get(i);
                current += 100 * (a.amps() + b.amps()) / 2 * (b.seconds() - a.seconds()) / 3600 / basisAh;
            }
            soc[i] = current;
        }
        return soc;
    }

    private List<IntakeResult.Resistance> resistances(List<CyclerRow> rows, List<Run> runs, double[] soc) {
        List<IntakeResult.Resistance> out = new ArrayList<>();
        double tolerance = Math.max(1, 0.2 * p.pulseSeconds());
        for (int k = 1; k < runs.size(); k++) {
            Run rest = runs.get(k - 1);
            Run pulse = runs.get(k);
            if (rest.mode() != Mode.REST || pulse.mode() == Mode.REST) {
                continue;
            }
            CyclerRow before = rows.get(rest.to() - 1);
            CyclerRow start = rows.get(pulse.from());
            CyclerRow best = null;
            for (int i = pulse.from(); i < pulse.to(); i++) {
                double after = rows.get(i).seconds() - start.seconds();
                if (Math.abs(after - p.pulseSeconds()) <= tolerance
                        && (best == null || Math.abs(after - p.pulseSeconds())
                        < Math.abs(best.seconds() - start.seconds() - p.pulseSeconds()))) {
                    best = rows.get(i);
                }
            }
            if (best == null || Math.abs(best.amps() - start.amps()) > 0.1 * Math.abs(start.amps())) {
                continue; // no reading at the stated time, or the current changed: not a step response
            }
            double ohms = (best.volts() - before.volts()) / (best.amps() - before.amps());
            out.add(new IntakeResult.Resistance(start.seconds(), soc[rest.to() - 1], before.volts(), best.amps(),
                    best.seconds() - start.seconds(), ohms));
        }
        return out;
    }

    private static List<IntakeResult.RestOcv> rests(List<CyclerRow> rows, List<Run> runs, double[] soc) {
        List<IntakeResult.RestOcv> out = new ArrayList<>();
        for (Run r : runs) {
            if (r.mode() != Mode.REST) {
                continue;
            }
            CyclerRow first = rows.get(r.from());
            CyclerRow last = rows.get(r.to() - 1);
            double seconds = last.seconds() - first.seconds();
            if (seconds < IntakeProcedure.MIN_REST_SECONDS) {
                continue;
            }
            double half = first.seconds() + seconds / 2;
            double st = 0;
            double sv = 0;
            double stt = 0;
            double stv = 0;
            int n = 0;
            for (int i = r.from(); i < r.to(); i++) {
                CyclerRow row = rows.get(i);
                if (row.seconds() >= half) {
                    double t = (row.seconds() - half) / 3600;
                    st += t;
                    sv += row.volts();
                    stt += t * t;
                    stv += t * row.volts();
                    n++;
                }
            }
            double slope = n >= 2 && n * stt - st * st > 0 ? (n * stv - st * sv) / (n * stt - st * st) : Double.NaN;
            out.add(new IntakeResult.RestOcv(first.seconds(), seconds / 3600, soc[r.to() - 1], last.volts(),
                    1000 * slope));
        }
        return out;
    }
}
