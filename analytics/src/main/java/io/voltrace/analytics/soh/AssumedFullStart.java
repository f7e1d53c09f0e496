package io.voltrace.analytics.soh;

import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.evidence.CurrentStep;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.util.List;
import java.util.Locale;

/**
 * Capacity from a file that holds only a discharge to the cutoff, begun under load at its first reading (a cycler's
 * discharge step exported alone, right after a charge the file does not hold). Nothing in the file says the cell was
 * full; when the start is near the charge-end voltage it is assumed so, and the uncertainty carries what that
 * assumption and the unseen start may cost:
 * <ul>
 *   <li><b>the unseen start</b>: the current began at an unknown time up to one reading interval before the first
 *       reading (a cycler logs its first row of a step an interval in); half an interval of current is added, with
 *       the spread of a uniform unknown (interval / √12);</li>
 *   <li><b>not quite full</b>: the open-circuit voltage at the start is the loaded voltage plus the IR drop. The
 *       drop is current × resistance, and resistance × capacity of lithium-ion cells at a 30 s time scale lies
 *       between 0.05 and 0.25 Ω·Ah (an 18650 at 0.1 Ω and 2 Ah is 0.2; a 60 Ah automotive cell at 1–2 mΩ is
 *       0.06–0.12); where the file has its own current steps, their resistance ±30 % is used instead. Over that
 *       range, uniform, the charge the cell would lack below the charge-end voltage (at the larger of the
 *       discharge's own dQ/dV over its first 0.1 V and the chemistry's OCV curve at the top) has a root mean
 *       square that is one sigma. The figure itself stays that of a full start: the assumption is stated, not
 *       corrected for.</li>
 * </ul>
 *
 * @param gainAllowance         relative current-sensor gain error (0.001 = 0.1 %)
 * @param cutoffToleranceVolts  a discharge stopping this close above the cutoff still reached it
 * @param maxUncertaintyPercent more than this (points of nominal) gives no figure, with the reason
 */
public record AssumedFullStart(double gainAllowance, double cutoffToleranceVolts, double maxUncertaintyPercent) {

    /** Resistance × capacity of lithium-ion cells at a 30 s time scale, Ω·Ah: the range assumed without a step. */
    static final double MIN_OHM_AH = 0.05;
    static final double MAX_OHM_AH = 0.25;

    public static final String METHOD = "full discharge to cutoff, file begins under load (start assumed full)";

    public static AssumedFullStart defaults() {
        return new AssumedFullStart(0.001, 0.05, 5);
    }

    /**
     * @param chargeEndVolts the cell's charge-end voltage (per cell)
     * @return an estimate, or null when the log is not a discharge begun under load at its first reading
     */
    public SohEstimate estimate(String battery, double nominalAh, double cutoffVolts, double chargeEndVolts,
                                OcvCurve ocv, EvidenceLog log) {
        if (log.segments().isEmpty()) {
            return null;
        }
        Segment s = log.segments().get(0);
        if (s.direction() != Direction.DISCHARGE || s.fromFull() || s.interrupted()
                || !Double.isNaN(s.restVoltsBefore())) {
            return null;
        }
        for (Rest r : log.rests()) {
            if (r.startMillis() <= s.startMillis()) {
                return null; // the file rests first: the usual paths judge it
            }
        }
        double countedAh = Double.isFinite(s.ahToCutoff()) ? s.ahToCutoff()
                : s.minVolts() <= cutoffVolts + cutoffToleranceVolts ? s.ah() : Double.NaN;
        if (!Double.isFinite(countedAh)) {
            return SohEstimate.insufficient(battery, 0, METHOD, String.format(Locale.ROOT,
                    "the discharge stopped at %.3f V, above the %.2f V cutoff", s.minVolts(), cutoffVolts));
        }
        double amps = Math.abs(s.meanAmps());
        double intervalHours = s.readings() > 1 ? s.hours() / (s.readings() - 1) : s.hours();
        double unseenAh = amps * intervalHours;
        double ohms = resistance(log.steps());
        double lowOhms = Double.isNaN(ohms) ? MIN_OHM_AH / nominalAh : 0.7 * ohms;
        double highOhms = Double.isNaN(ohms) ? MAX_OHM_AH / nominalAh : 1.3 * ohms;
        double rmsDeficitVolts = rmsDeficit(chargeEndVolts - s.startVolts(), amps * lowOhms, amps * highOhms);
        double ocvTopSlope = nominalAh * 0.10 / Math.max(1e-3, ocv.maxVolts() - ocv.voltsAt(90));
        double dqdv = Math.max(startSlope(s), ocvTopSlope);
        double deficitAh = rmsDeficitVolts * dqdv;
        double capacity = countedAh + unseenAh / 2;
        double sigmaAh = Math.sqrt(unseenAh * unseenAh / 12 + deficitAh * deficitAh
                + Math.pow(gainAllowance * capacity, 2));
        double sigmaPercent = sigmaAh / nominalAh * 100;
        if (!(sigmaPercent <= maxUncertaintyPercent)) {
            return SohEstimate.insufficient(battery, 1, METHOD, String.format(Locale.ROOT,
                    "the file begins under load at %.3f V, too far below the %.2f V charge end to assume it full: "
                            + "with an IR drop of %.3f–%.3f V (%s) the cell may lack %.3f Ah (±%.1f %% of nominal, "
                            + "more than %s %%)", s.startVolts(), chargeEndVolts, amps * lowOhms, amps * highOhms,
                    Double.isNaN(ohms) ? "no current step in the file: 0.05–0.25 Ω·Ah assumed" : String.format(
                            Locale.ROOT, "%.1f mΩ ±30 %% from the file's current steps", ohms * 1000),
                    deficitAh, sigmaPercent, maxUncertaintyPercent));
        }
        return SohEstimate.of(battery, capacity, capacity / nominalAh * 100, sigmaPercent, 1, METHOD);
    }

    /**
     * Root mean square of max(0, gap − drop) for a drop uniform in [low, high]: the voltage the start may lie below
     * full, over the range of IR drops.
     */
    static double rmsDeficit(double gap, double low, double high) {
        if (high <= low) {
            double d = Math.max(0, gap - low);
            return d;
        }
        // ∫ max(0, gap − x)² dx over [low, high] / (high − low)
        double a = Math.max(0, gap - high);
        double b = Math.max(0, gap - low);
        return Math.sqrt((b * b * b - a * a * a) / 3 / (high - low));
    }

    /** Median ΔV/ΔI of steps of at least half the largest step: the small ones are noise. */
    private static double resistance(List<CurrentStep> steps) {
        double biggest = 0;
        for (CurrentStep c : steps) {
            biggest = Math.max(biggest, Math.abs(c.deltaAmps()));
        }
        double finalBiggest = biggest;
        double[] ohms = steps.stream().filter(c -> Math.abs(c.deltaAmps()) >= 0.5 * finalBiggest)
                .mapToDouble(CurrentStep::ohms).sorted().toArray();
        return ohms.length == 0 ? Double.NaN : ohms[ohms.length / 2];
    }

    /** Ah per volt over the discharge's first 0.1 V below its first reading. */
    private static double startSlope(Segment s) {
        if (s.curve() == null) {
            return s.ah() / Math.max(0.1, s.startVolts() - s.minVolts());
        }
        double q = s.curve().ahAt(s.startVolts() - 0.1);
        return Double.isFinite(q) ? q / 0.1 : s.ah() / Math.max(0.1, s.startVolts() - s.minVolts());
    }
}
