package io.voltrace.analytics.soh;

import io.voltrace.evidence.Segment;
import io.voltrace.evidence.VoltageCurve;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Capacity from partial segments: each segment's charge–voltage curve is matched against a reference curve of the same
 * cell (taken when new, at a like current) over the voltage window the segment covered. If the cell had only lost
 * capacity evenly, its charge between any two voltages would be the reference's times a scale; least squares finds
 * that scale and the offset (where in the reference the segment began).
 *
 * <p>What this cannot see: a curve that changed shape (growing polarisation moves the voltage plateaus, capacity is
 * lost unevenly along the curve). The fit still returns a scale then, and it can be far off. The two halves of the
 * window are therefore fitted apart as well: where they disagree, the disagreement goes into the uncertainty. And
 * the charge outside the window is extrapolated, so the uncertainty also grows with the unseen share of the curve
 * times the fade seen: a window far from the reference and holding little of the curve gives no figure. NASA's aged
 * 18650 cells show why (see docs/validation.md): their upper-voltage windows shrink much faster than their capacity.
 *
 * <p>Flat parts of the reference (LFP's plateau) are skipped: where the voltage moves less than
 * {@code minSlopeVoltsPerPercent} per percent of capacity, a millivolt of noise or drift is several percent of charge.
 *
 * @param currentTolerance        a segment's mean current must be within this share of the reference's
 * @param maxCurrentVariation     and its current's standard deviation within this share of its mean (constant
 *                                current: curves at changing current do not compare)
 * @param settleSeconds           charge moved in a segment's first seconds is skipped: from rest the voltage is
 *                                still settling into its polarisation
 * @param minWindowVolts          narrowest voltage window fitted
 * @param minWindowShare          smallest share of the reference capacity the window must span
 * @param minLevels               fewest grid levels fitted
 * @param minSlopeVoltsPerPercent reference levels flatter than this are skipped
 * @param recent                  how many of the latest matching segments to combine
 * @param maxUncertaintyPercent   more than this (points of nominal) gives no figure
 */
public record CurveMatchEstimator(double currentTolerance, double maxCurrentVariation, double settleSeconds,
                                  double minWindowVolts, double minWindowShare, int minLevels,
                                  double minSlopeVoltsPerPercent, int recent, double maxUncertaintyPercent) {

    public static final String METHOD = "partial-segment curve matching against a reference";

    public CurveMatchEstimator {
        if (!(currentTolerance > 0) || !(maxCurrentVariation > 0) || !(settleSeconds >= 0)
                || !(minWindowVolts > 0) || !(minWindowShare > 0) || minLevels < 6
                || !(minSlopeVoltsPerPercent >= 0) || recent < 1 || !(maxUncertaintyPercent > 0)) {
            throw new IllegalArgumentException("curve-match estimator parameters out of range");
        }
    }

    public static CurveMatchEstimator defaults() {
        return new CurveMatchEstimator(0.15, 0.10, 60, 0.10, 0.10, 12, 0.003, 10, 3);
    }

    /** Why a segment was not matched. */
    public enum Refusal {
        DIRECTION("runs the other way from the reference"),
        INTERRUPTED("broken by a data gap"),
        NO_CURVE("current reversed inside it"),
        CURRENT("at another current than the reference"),
        NOT_CONSTANT("current not constant"),
        WINDOW("voltage window too narrow or too little charge in it"),
        FLAT("window on flat parts of the curve");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    /** A match, or why there is none. */
    public record Result(CurveMatch match, Refusal refusal) {
    }

    public Result match(ReferenceCurve ref, Segment s) {
        if (s.direction() != ref.curve().direction()) {
            return refused(Refusal.DIRECTION);
        }
        if (s.interrupted()) {
            return refused(Refusal.INTERRUPTED);
        }
        VoltageCurve curve = s.curve();
        if (curve == null) {
            return refused(Refusal.NO_CURVE);
        }
        double refAmps = Math.abs(ref.meanAmps());
        double amps = Math.abs(s.meanAmps());
        if (Math.abs(amps - refAmps) > currentTolerance * refAmps) {
            return refused(Refusal.CURRENT);
        }
        if (s.ampsStdDev() > maxCurrentVariation * amps) {
            return refused(Refusal.NOT_CONSTANT);
        }
        VoltageCurve rc = ref.curve();
        if (rc.size() != curve.size() || rc.level(0) != curve.level(0) || rc.stepVolts() != curve.stepVolts()) {
            throw new IllegalArgumentException("segment and reference curves are on different voltage grids");
        }
        double settleAh = amps * settleSeconds / 3600;
        double[] xs = new double[curve.size()];
        double[] ys = new double[curve.size()];
        double[] vs = new double[curve.size()];
        int n = 0;
        int flat = 0;
        for (int i = 1; i < curve.size() - 1; i++) {
            double x = rc.ahAtLevel(i);
            double y = curve.ahAtLevel(i);
            if (Double.isNaN(x) || Double.isNaN(y) || y < settleAh) {
                continue;
            }
            double below = rc.ahAtLevel(i - 1);
            double above = rc.ahAtLevel(i + 1);
            if (Double.isNaN(below) || Double.isNaN(above)) {
                continue;
            }
            double percentPerLevel = Math.abs(above - below) / 2 / ref.capacityAh() * 100;
            if (percentPerLevel > 0 && rc.stepVolts() / percentPerLevel < minSlopeVoltsPerPercent) {
                flat++;
                continue;
            }
            xs[n] = x;
            ys[n] = y;
            vs[n] = rc.level(i);
            n++;
        }
        if (n < minLevels && flat > 0) {
            return refused(Refusal.FLAT);
        }
        if (n < minLevels) {
            return refused(Refusal.WINDOW);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            lo = Math.min(lo, vs[k]);
            hi = Math.max(hi, vs[k]);
            xMin = Math.min(xMin, xs[k]);
            xMax = Math.max(xMax, xs[k]);
        }
        double share = (xMax - xMin) / ref.capacityAh();
        if (hi - lo < minWindowVolts || share < minWindowShare) {
            return refused(Refusal.WINDOW);
        }
        double[] all = fit(xs, ys, 0, n);
        // Levels run in voltage order, so the two halves are the window's upper and lower voltages.
        double[] firstHalf = fit(xs, ys, 0, n / 2);
        double[] secondHalf = fit(xs, ys, n / 2, n);
        double scale = all[0];
        if (!(scale > 0)) {
            return refused(Refusal.WINDOW);
        }
        double shape = Math.abs(firstHalf[0] - secondHalf[0]) / scale;
        double fitRel = all[2] / scale;
        double refRel = ref.uncertaintyAh() / ref.capacityAh();
        // The charge outside the window is extrapolated: it may have faded as the window did, not at all, or twice
        // as much; one sigma is the unseen share times the fade seen. Conservative for a cell that faded evenly,
        // calibrated on NASA's cells, which did not (docs/validation.md: 99 % and 72 % of fits within two sigma).
        double extrapolation = (1 - Math.min(1, share)) * Math.abs(1 - scale);
        double rel = Math.sqrt(fitRel * fitRel + shape * shape / 4 + refRel * refRel
                + extrapolation * extrapolation);
        return new Result(new CurveMatch(scale * ref.capacityAh(), scale, all[1], n, lo, hi, share, shape, rel),
                null);
    }

    public SohEstimate estimate(String battery, double nominalAh, ReferenceCurve ref, List<Segment> segments) {
        if (!(nominalAh > 0)) {
            throw new IllegalArgumentException("nominal capacity must be positive: " + nominalAh);
        }
        List<Segment> ordered = new ArrayList<>(segments);
        ordered.sort(Comparator.comparingLong(Segment::endMillis));
        List<CurveMatch> matches = new ArrayList<>();
        Map<Refusal, Integer> refusals = new EnumMap<>(Refusal.class);
        for (Segment s : ordered) {
            Result r = match(ref, s);
            if (r.match() != null) {
                matches.add(r.match());
            } else {
                refusals.merge(r.refusal(), 1, Integer::sum);
            }
        }
        if (matches.isEmpty()) {
            return SohEstimate.insufficient(battery, 0, METHOD, segments.isEmpty() ? "no segment"
                    : "no segment matches the reference curve (" + describe(refusals) + ")");
        }
        List<CurveMatch> used = matches.subList(Math.max(0, matches.size() - recent), matches.size());
        int n = used.size();
        double[] caps = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            CurveMatch m = used.get(i);
            caps[i] = m.capacityAh();
            double sigma = m.relativeUncertainty() * m.capacityAh();
            weights[i] = 1 / (sigma * sigma);
        }
        double capacity;
        double sigmaAh;
        if (n >= 3) {
            double[] h = Robust.huber(caps, weights, 1.5);
            capacity = h[0];
            double inverse = 0;
            for (double w : weights) {
                inverse += w;
            }
            // The fits' own uncertainties or the scatter between segments, whichever is larger.
            sigmaAh = Math.max(h[1], 1 / Math.sqrt(inverse));
        } else {
            double sw = 0;
            double swx = 0;
            for (int i = 0; i < n; i++) {
                sw += weights[i];
                swx += weights[i] * caps[i];
            }
            capacity = swx / sw;
            sigmaAh = 1 / Math.sqrt(sw);
        }
        double uncertaintyPercent = sigmaAh / nominalAh * 100;
        if (uncertaintyPercent > maxUncertaintyPercent) {
            CurveMatch last = used.get(n - 1);
            return SohEstimate.insufficient(battery, n, METHOD, String.format(Locale.ROOT,
                    "%d matched segment%s leave ±%.1f %% of nominal, more than %s %% (latest: %.2f–%.2f V, upper "
                            + "and lower half of the window disagree by %.1f %%: the curve has changed shape since "
                            + "the reference)",
                    n, n == 1 ? "" : "s", uncertaintyPercent, num(maxUncertaintyPercent), last.lowVolts(),
                    last.highVolts(), last.shapeDisagreement() * 100));
        }
        return SohEstimate.of(battery, capacity, capacity / nominalAh * 100, uncertaintyPercent, n, METHOD);
    }

    /** Least squares y = a·x + b over [from, to): {a, b, standard error of a}. */
    private static double[] fit(double[] xs, double[] ys, int from, int to) {
        int n = to - from;
        double mx = 0;
        double my = 0;
        for (int k = from; k < to; k++) {
            mx += xs[k] / n;
            my += ys[k] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (int k = from; k < to; k++) {
            sxx += (xs[k] - mx) * (xs[k] - mx);
            sxy += (xs[k] - mx) * (ys[k] - my);
        }
        if (!(sxx > 0)) {
            return new double[]{Double.NaN, Double.NaN, Double.POSITIVE_INFINITY};
        }
        double a = sxy / sxx;
        double b = my - a * mx;
        double ss = 0;
        for (int k = from; k < to; k++) {
            double r = ys[k] - a * xs[k] - b;
            ss += r * r;
        }
        double se = n > 2 ? Math.sqrt(ss / (n - 2) / sxx) : Double.POSITIVE_INFINITY;
        return new double[]{a, b, se};
    }

    private static Result refused(Refusal r) {
        return new Result(null, r);
    }

    private static String describe(Map<Refusal, Integer> refusals) {
        return refusals.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().reason)
                .collect(Collectors.joining(", "));
    }

    private static String num(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
