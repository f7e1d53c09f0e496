package io.voltrace.analytics.soh;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Evidence;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Capacity from one charging session: the charge counted over it divided by the span of state of charge it covered.
 * Constant or stepped current, with or without a constant-voltage end: the charge comes from the counter, whatever
 * the current did. The SOC at each end comes from every source that knows it, combined by their uncertainties:
 * <ul>
 *   <li><b>relaxed voltage</b> at a rest of {@code minRestMinutes} or more just before or after, through the
 *       chemistry's OCV curve; one sigma is the curve's shape and bias error over its slope there (rests on flat
 *       parts are not used);</li>
 *   <li><b>the BMS's SOC</b> read at the end of the same rest, when the log has it: the BMS re-anchors to its own
 *       OCV table at rest. Its error is {@code bmsSocSigmaPercent} plus the rounding of its integer figure (a
 *       uniform step / √12). Read while current flows it only repeats the BMS's own capacity, and is not used;</li>
 *   <li><b>a constant-voltage end</b> that tapered: full, 100 % with {@code fullSocSigmaPercent}.</li>
 * </ul>
 * Sessions whose SOC span is under {@code minDeltaSocPercent} are not used. The latest session with the smallest
 * uncertainty is given; sessions are not averaged down, because they share the OCV curve's and the BMS's errors.
 *
 * @param minRestMinutes      a rest this long reads as relaxed
 * @param minDeltaSocPercent  smallest SOC span used
 * @param ocvShapeVolts       the cell's OCV against the chemistry's curve, one sigma
 * @param ocvBiasVolts        voltage sensor offset and hysteresis, one sigma
 * @param bmsSocSigmaPercent  the BMS's SOC error at rest, one sigma (points)
 * @param fullSocSigmaPercent how far from 100 % a tapered CV end may stop, one sigma (points)
 * @param currentGainPercent  the current sensor's gain error, one sigma
 * @param maxUncertaintyPercent more than this (points of nominal) gives no figure
 */
public record ChargeSessionEstimator(double minRestMinutes, double minDeltaSocPercent, double ocvShapeVolts,
                                     double ocvBiasVolts, double bmsSocSigmaPercent, double fullSocSigmaPercent,
                                     double currentGainPercent, double maxUncertaintyPercent) {

    public static final String METHOD = "charging session: charge counted over the SOC span it covered";
    private static final double MIN_SLOPE_VOLTS_PER_PERCENT = 0.003;

    public ChargeSessionEstimator {
        if (!(minRestMinutes > 0) || !(minDeltaSocPercent > 0) || !(ocvShapeVolts >= 0) || !(ocvBiasVolts >= 0)
                || !(bmsSocSigmaPercent > 0) || !(fullSocSigmaPercent > 0) || !(currentGainPercent >= 0)
                || !(maxUncertaintyPercent > 0)) {
            throw new IllegalArgumentException("charge-session estimator parameters out of range");
        }
    }

    /**
     * 20 min rests; 20 points of SOC; OCV 1 mV shape and 2 mV bias (as {@link CapacityEstimator}); the BMS's SOC at
     * rest ±2 points (BMS makers state ±3–5 % as a bound, read here as about two sigma); a CV end 1 point from
     * full; 0.5 % current gain.
     */
    public static ChargeSessionEstimator defaults() {
        return new ChargeSessionEstimator(20, 20, 0.001, 0.002, 2.0, 1.0, 0.5, 5);
    }

    /** What one end of a session knows of its SOC. */
    public record Anchor(double socPercent, double sigmaPercent, String source) {
    }

    /** One session's capacity. */
    public record Session(long startMillis, long endMillis, double ah, Anchor start, Anchor end, double capacityAh,
                          double sigmaAh) {

        public String evidence() {
            return String.format(Locale.ROOT, "charging session %.0f → %.0f %% SOC (start: %s; end: %s)",
                    start.socPercent(), end.socPercent(), start.source(), end.source());
        }
    }

    /** Every session the log holds with both ends anchored, in time order. */
    public List<Session> sessions(Chemistry chemistry, EvidenceLog log, List<SocReading> bmsSoc) {
        List<Evidence> all = new ArrayList<>();
        all.addAll(log.segments());
        all.addAll(log.rests());
        all.sort(Comparator.comparingLong(ChargeSessionEstimator::startOf));
        double step = socStep(bmsSoc);
        List<Session> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!(all.get(i) instanceof Segment s) || s.direction() != Direction.CHARGE || s.interrupted()) {
                continue;
            }
            Rest before = i > 0 && all.get(i - 1) instanceof Rest r && relaxed(r) ? r : null;
            Rest after = i + 1 < all.size() && all.get(i + 1) instanceof Rest r && relaxed(r) ? r : null;
            if (before == null) {
                continue;
            }
            Anchor start = combine(ocvAnchor(chemistry.ocv(), before), bmsAnchor(before, bmsSoc, step));
            if (start == null) {
                continue;
            }
            Anchor end;
            double ah;
            if (s.reachedFull()) {
                end = new Anchor(100, fullSocSigmaPercent, "constant-voltage end, full");
                ah = s.ah();
            } else if (after != null && after.epoch() == before.epoch()) {
                end = combine(ocvAnchor(chemistry.ocv(), after), bmsAnchor(after, bmsSoc, step));
                ah = after.netAh() - before.netAh();
            } else {
                continue;
            }
            if (end == null) {
                continue;
            }
            double span = end.socPercent() - start.socPercent();
            if (span < minDeltaSocPercent || !(ah > 0)) {
                continue;
            }
            double capacity = ah / span * 100;
            double rel2 = (start.sigmaPercent() * start.sigmaPercent() + end.sigmaPercent() * end.sigmaPercent())
                    / (span * span) + Math.pow(currentGainPercent / 100, 2);
            out.add(new Session(s.startMillis(), s.endMillis(), ah, start, end, capacity, capacity * Math.sqrt(rel2)));
        }
        return out;
    }

    public SohEstimate estimate(String battery, Chemistry chemistry, double nominalAh, EvidenceLog log,
                                List<SocReading> bmsSoc) {
        List<Session> sessions = sessions(chemistry, log, bmsSoc);
        long charges = log.segments().stream().filter(s -> s.direction() == Direction.CHARGE).count();
        if (sessions.isEmpty()) {
            return SohEstimate.insufficient(battery, 0, METHOD, String.format(Locale.ROOT,
                    "no charge among %d with a relaxed rest (%s min or more) before it and a relaxed rest or a "
                            + "constant-voltage end after it, %s points of SOC or more apart", charges,
                    num(minRestMinutes), num(minDeltaSocPercent)));
        }
        Session best = null;
        for (Session s : sessions) {
            if (best == null || s.sigmaAh() <= best.sigmaAh()) {
                best = s;
            }
        }
        double sigmaPercent = best.sigmaAh() / nominalAh * 100;
        if (sigmaPercent > maxUncertaintyPercent) {
            return SohEstimate.insufficient(battery, sessions.size(), METHOD, String.format(Locale.ROOT,
                    "the best of %d sessions (%s) is uncertain by ±%.1f %% of nominal, more than %s %%",
                    sessions.size(), best.evidence(), sigmaPercent, num(maxUncertaintyPercent)));
        }
        return SohEstimate.of(battery, best.capacityAh(), best.capacityAh() / nominalAh * 100, sigmaPercent,
                sessions.size(), METHOD + "; " + best.evidence());
    }

    private boolean relaxed(Rest r) {
        return r.minutes() >= minRestMinutes;
    }

    private Anchor ocvAnchor(OcvCurve ocv, Rest r) {
        double v = r.ocvVolts();
        if (v < ocv.minVolts() - 0.01 || v > ocv.maxVolts() + 0.01) {
            return null;
        }
        double soc = ocv.socAt(v);
        double slope = ocv.slopeAt(soc);
        if (slope < MIN_SLOPE_VOLTS_PER_PERCENT) {
            return null;
        }
        double sigmaVolts = Math.hypot(ocvShapeVolts, ocvBiasVolts);
        return new Anchor(soc, sigmaVolts / slope, String.format(Locale.ROOT, "OCV %.3f V", v));
    }

    private Anchor bmsAnchor(Rest r, List<SocReading> soc, double step) {
        SocReading last = null;
        long settled = r.startMillis() + (long) (minRestMinutes * 60_000);
        for (SocReading s : soc) {
            if (s.timeMillis() >= settled && s.timeMillis() <= r.endMillis()) {
                last = s;
            }
        }
        if (last == null) {
            return null;
        }
        double sigma = Math.sqrt(bmsSocSigmaPercent * bmsSocSigmaPercent + step * step / 12);
        return new Anchor(last.socPercent(), sigma, String.format(Locale.ROOT, "BMS SOC %s %%",
                num(last.socPercent())));
    }

    /** Inverse-variance mean of the anchors that exist; null when none does. */
    static Anchor combine(Anchor a, Anchor b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        double wa = 1 / (a.sigmaPercent() * a.sigmaPercent());
        double wb = 1 / (b.sigmaPercent() * b.sigmaPercent());
        return new Anchor((a.socPercent() * wa + b.socPercent() * wb) / (wa + wb), Math.sqrt(1 / (wa + wb)),
                a.source() + " and " + b.source());
    }

    /** The BMS's rounding step: 1 point when every figure is whole, else the smallest step seen (0 if none). */
    static double socStep(List<SocReading> soc) {
        if (soc.isEmpty()) {
            return 0;
        }
        boolean whole = soc.stream().allMatch(s -> s.socPercent() == Math.rint(s.socPercent()));
        if (whole) {
            return 1;
        }
        double step = Double.POSITIVE_INFINITY;
        for (int i = 1; i < soc.size(); i++) {
            double d = Math.abs(soc.get(i).socPercent() - soc.get(i - 1).socPercent());
            if (d > 1e-9) {
                step = Math.min(step, d);
            }
        }
        return Double.isFinite(step) ? step : 0;
    }

    private static long startOf(Evidence e) {
        return e instanceof Segment s ? s.startMillis() : e instanceof Rest r ? r.startMillis() : e.endMillis();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
