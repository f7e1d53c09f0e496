package io.voltrace.analytics.soh;

import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Capacity as a cycler measures it: the charge out of a discharge that began at full charge and ran to the cutoff
 * voltage, counted through the first reading at or below the cutoff. The state now is what matters, so the most
 * recent few such discharges are averaged.
 *
 * <p>Uncertainty: where between two readings the current switched on and where the cutoff was crossed is unknown
 * (half a reading interval of current at each end), plus a current-gain allowance for the sensor.
 *
 * @param cutoffToleranceVolts a discharge that stopped this close above the cutoff still counts as reaching it (a
 *                             cycler with a slightly higher cutoff); its whole charge is then the capacity
 * @param recent               how many of the latest full discharges to average
 * @param gainAllowance        relative current-sensor gain error allowed for (0.001 = 0.1 %)
 * @param maxUncertaintyPercent more than this (points of nominal) gives no figure
 */
public record FullDischargeEstimator(double cutoffToleranceVolts, int recent, double gainAllowance,
                                     double maxUncertaintyPercent) {

    public static final String METHOD = "full discharge to cutoff (coulomb counting)";

    public FullDischargeEstimator {
        if (!(cutoffToleranceVolts >= 0) || recent < 1 || !(gainAllowance >= 0) || !(maxUncertaintyPercent > 0)) {
            throw new IllegalArgumentException("full-discharge estimator parameters out of range");
        }
    }

    public static FullDischargeEstimator defaults() {
        return new FullDischargeEstimator(0.05, 3, 0.001, 3);
    }

    /** A discharge's capacity reading and its one-sigma uncertainty, both ampere-hours. */
    public record Reading(Segment segment, double capacityAh, double uncertaintyAh) {
    }

    /** The full discharges among {@code segments}, in time order. */
    public List<Reading> readings(List<Segment> segments, double cutoffVolts) {
        List<Reading> out = new ArrayList<>();
        for (Segment s : segments) {
            Double capacity = capacityOf(s, cutoffVolts);
            if (capacity != null) {
                out.add(new Reading(s, capacity, uncertaintyAh(s, capacity)));
            }
        }
        out.sort(Comparator.comparingLong(r -> r.segment().endMillis()));
        return out;
    }

    public SohEstimate estimate(String battery, double nominalAh, double cutoffVolts, List<Segment> segments) {
        if (!(nominalAh > 0)) {
            throw new IllegalArgumentException("nominal capacity must be positive: " + nominalAh);
        }
        List<Reading> all = readings(segments, cutoffVolts);
        if (all.isEmpty()) {
            return SohEstimate.insufficient(battery, 0, METHOD, whyNone(segments, cutoffVolts));
        }
        List<Reading> used = all.subList(Math.max(0, all.size() - recent), all.size());
        int n = used.size();
        double[] caps = used.stream().mapToDouble(Reading::capacityAh).toArray();
        double mean = 0;
        double resolution2 = 0;
        for (Reading r : used) {
            mean += r.capacityAh() / n;
            resolution2 += r.uncertaintyAh() * r.uncertaintyAh() / n;
        }
        double scatter2 = 0;
        if (n >= 2) {
            double ss = 0;
            for (double c : caps) {
                ss += (c - mean) * (c - mean);
            }
            scatter2 = ss / (n - 1) / n;
        }
        double gain = gainAllowance * mean;
        double uncertaintyAh = Math.sqrt(resolution2 / n + scatter2 + gain * gain);
        double uncertaintyPercent = uncertaintyAh / nominalAh * 100;
        if (uncertaintyPercent > maxUncertaintyPercent) {
            return SohEstimate.insufficient(battery, n, METHOD, String.format(Locale.ROOT,
                    "%d full discharge%s disagree: ±%.1f %% of nominal is more than %s %%", n, n == 1 ? "" : "s",
                    uncertaintyPercent, maxUncertaintyPercent));
        }
        return SohEstimate.of(battery, mean, mean / nominalAh * 100, uncertaintyPercent, n, METHOD);
    }

    private Double capacityOf(Segment s, double cutoffVolts) {
        if (s.direction() != Direction.DISCHARGE || !s.fromFull() || s.interrupted()) {
            return null;
        }
        if (Double.isFinite(s.ahToCutoff())) {
            return s.ahToCutoff();
        }
        return s.minVolts() <= cutoffVolts + cutoffToleranceVolts ? s.ah() : null;
    }

    private double uncertaintyAh(Segment s, double capacityAh) {
        double intervalHours = s.readings() > 1 ? s.hours() / s.readings() : s.hours();
        double perEnd = Math.abs(s.meanAmps()) * intervalHours / 2;
        return Math.sqrt(2 * perEnd * perEnd + Math.pow(gainAllowance * capacityAh, 2));
    }

    private String whyNone(List<Segment> segments, double cutoffVolts) {
        int discharges = 0;
        int notFromFull = 0;
        int notToCutoff = 0;
        int interrupted = 0;
        for (Segment s : segments) {
            if (s.direction() != Direction.DISCHARGE) {
                continue;
            }
            discharges++;
            if (s.interrupted()) {
                interrupted++;
            } else if (!s.fromFull()) {
                notFromFull++;
            } else {
                notToCutoff++;
            }
        }
        if (discharges == 0) {
            return "no discharge segment";
        }
        return String.format(Locale.ROOT,
                "no full discharge among %d discharge segment%s (%d not begun at full charge, %d stopped above the "
                        + "%.2f V cutoff, %d broken by a data gap)",
                discharges, discharges == 1 ? "" : "s", notFromFull, notToCutoff, cutoffVolts, interrupted);
    }
}
