package io.voltrace.analytics.soh;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pack capacity fitted to every settled rest at once, with the pack's own hysteresis and the relaxation short rests
 * still hold.
 *
 * <p>A rest voltage sits off the equilibrium OCV by half the gap between the charge and discharge branches: above it
 * after a charge, below it after a drive (Plett, <i>Battery Management Systems</i> vol. 1 §2.7). The gap is the
 * pack's own (NMC 10–30 mV, LFP 30–60 mV) and changes the SOC a voltage reads by a different amount wherever the OCV
 * curve's slope differs, so pairing rests on one branch does not cancel it: on NMC a discharge-branch pair from 80 to
 * 40 % reads 1 point more SOC change than there was, and the capacity 2–3 % low. A rest of an hour or two after a
 * load has also not finished relaxing (solid diffusion: tens of minutes to hours), and sits further off the same way.
 * Here both are fitted with the capacity: each rest gives its SOC as
 * {@code socAt(V − branch·(g + k·e^(−(t − minRest)/τ)))} and its counter reading; the counters follow
 * {@code A = A0(epoch) + drift·t + C·SOC/100}. For each half gap {@code g} and relaxation amplitude {@code k} on a
 * grid the rest is a weighted linear least-squares fit (weights the OCV slope squared: a millivolt is fewer points of
 * SOC where the curve is steep); the pair with the smallest residual is taken. Charge and discharge rests at
 * overlapping SOCs tell the gap apart from the capacity, rests of different lengths the relaxation. The drift term
 * takes up what the learned current offset left in the counters.
 *
 * <p>A rest's branch is the direction of the charge that last flowed before it (from the segments), once at least
 * {@code settledFraction} of nominal has gone that way (the minor loop closes after 10–20 % of capacity); a rest
 * after a smaller reversal is part of the way between branches and is left out.
 *
 * <p>The stated uncertainty adds in quadrature: the fit's standard error of C, including what the uncertainty of
 * {@code g} and {@code k} moves it by; the refit with every voltage moved by {@code ocvBiasVolts} (sensor offset);
 * the refit with the voltages tilted by {@code ocvShapeVolts} across the SOC range used (the cell's curve against the
 * chemistry's, independent at the two ends); the larger change when τ is halved or doubled; and the current sensor's
 * gain.
 *
 * @param minRestMinutes        a rest this long reads as nearly relaxed
 * @param settledFraction       net charge, fraction of nominal, that puts a rest on a branch
 * @param ocvShapeVolts         the cell's OCV against the chemistry's, one sigma, independent at the range's ends
 * @param ocvBiasVolts          a constant offset of every relaxed voltage (the voltage sensor), one sigma
 * @param currentGainPercent    the current sensor's gain error, one sigma
 * @param relaxTauMinutes       slow relaxation time constant (solid diffusion), known to a factor of two
 * @param outlierMads           rests whose weighted residual is further than this many scaled MADs are dropped
 * @param minRests              fewest rests that make a fit
 * @param maxUncertaintyPercent more than this (points of nominal, one sigma) gives no figure
 */
public record RestRegression(double minRestMinutes, double settledFraction, double ocvShapeVolts,
                             double ocvBiasVolts, double currentGainPercent, double relaxTauMinutes,
                             double outlierMads, int minRests, double maxUncertaintyPercent) {

    public static final String METHOD = "regression of counted charge on the SOC of settled rests, hysteresis fitted";

    private static final double MAD_TO_SIGMA = 1.4826;
    private static final Logger LOG = LoggerFactory.getLogger(RestRegression.class);
    private static final double OFF_CURVE_VOLTS = 0.010;
    private static final double MIN_SLOPE_VOLTS_PER_PERCENT = 0.003;
    /** Below this share of nominal nothing flowed that could move the branch: such a segment is passed over. */
    private static final double STILL_FRACTION = 0.01;
    private static final double GRID_VOLTS = 0.0005;
    /** Largest polarisation fitted at the shortest rest: the slow RC share of a 1 C drop, tens of mV at most. */
    private static final double MAX_RELAX_VOLTS = 0.010;
    private static final double MS_PER_DAY = 86_400_000.0;

    public RestRegression {
        if (!(minRestMinutes > 0) || !(settledFraction > STILL_FRACTION) || !(ocvShapeVolts >= 0)
                || !(ocvBiasVolts >= 0) || !(currentGainPercent >= 0)
                || !(relaxTauMinutes > 0) || !(outlierMads > 0) || minRests < 5 || !(maxUncertaintyPercent > 0)) {
            throw new IllegalArgumentException("rest regression parameters out of range");
        }
    }

    /**
     * One-hour rests; a branch after 10 % of nominal; OCV shape 1 mV and bias 2 mV, current gain 0.5 % (as
     * {@link CapacityEstimator}); relaxation decaying over 60 min (30–120 in the uncertainty); 3.5 MADs; 8 rests;
     * at most ±5 % of nominal.
     */
    public static RestRegression defaults() {
        return new RestRegression(60, 0.10, 0.001, 0.002, 0.5, 60, 3.5, 8, 5);
    }

    /** One rest as the fit sees it. */
    record Point(double days, double netAh, int epoch, double volts, int branch, double minutes) {
    }

    /** One weighted least-squares fit at a given half gap and relaxation amplitude. */
    record Fit(double halfGapVolts, double relaxVolts, double capacityAh, double capacityVar, double rss, int dof,
               double[] residuals) {
    }

    /**
     * @param segments the charges and drives between the rests (their directions give each rest's branch), or null:
     *                 then the net charge between consecutive rests does, which misreads a branch wherever a rest
     *                 is missing from {@code rests} (a charge and a drive between two rests given)
     */
    public SohEstimate estimate(String battery, Chemistry chemistry, double nominalAh, List<Rest> rests,
                                List<Segment> segments) {
        if (!(nominalAh > 0)) {
            throw new IllegalArgumentException("nominal capacity must be positive: " + nominalAh);
        }
        OcvCurve ocv = chemistry.ocv();
        List<Point> all = points(ocv, nominalAh, rests, segments);
        // A rest alone in its counting epoch only fits its own intercept.
        List<Point> points = all.stream()
                .filter(p -> all.stream().filter(q -> q.epoch() == p.epoch()).count() >= 2).toList();
        if (points.size() < minRests) {
            return SohEstimate.insufficient(battery, points.size(), METHOD, String.format(Locale.ROOT,
                    "%d settled rests (%s min or more, on a known branch, on a sloped part of the %s OCV curve), "
                            + "need %d", points.size(), num(minRestMinutes), chemistry, minRests));
        }
        double maxGap = maxHalfGapVolts(chemistry);
        RestLeastSquares ls = new RestLeastSquares(ocv, points, minRestMinutes);
        Fit best = profile(ls, maxGap, relaxTauMinutes);
        if (best == null) {
            return SohEstimate.insufficient(battery, points.size(), METHOD,
                    "the rests do not separate capacity from hysteresis and counter drift");
        }
        // Drop rests far off the fit (a mis-read voltage, a counter glitch), then fit again.
        double[] abs = Arrays.stream(best.residuals()).map(Math::abs).toArray();
        double limit = outlierMads * MAD_TO_SIGMA * median(abs);
        if (limit > 0) {
            List<Point> kept = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (abs[i] <= limit) {
                    kept.add(points.get(i));
                }
            }
            if (kept.size() < points.size() && kept.size() >= minRests) {
                RestLeastSquares keptLs = new RestLeastSquares(ocv, kept, minRestMinutes);
                Fit again = profile(keptLs, maxGap, relaxTauMinutes);
                if (again != null) {
                    points = kept;
                    ls = keptLs;
                    best = again;
                }
            }
        }
        double c = best.capacityAh();
        if (!(c > 0)) {
            return SohEstimate.insufficient(battery, points.size(), METHOD, String.format(Locale.ROOT,
                    "the fit gives a capacity of %.1f Ah", c));
        }
        double[] decay = ls.decay(relaxTauMinutes);
        double statAh = Math.sqrt(best.capacityVar() + nonlinearVar(ls, decay, best));
        double g = best.halfGapVolts();
        double k = best.relaxVolts();
        Fit biased = ls.fit(g, k, decay, ocvBiasVolts, 0);
        Fit tilted = ls.fit(g, k, decay, 0, ocvShapeVolts / Math.sqrt(2));
        // The relaxation's time constant is known only to a factor of two: refit at half and at twice it.
        Fit faster = profile(ls, maxGap, relaxTauMinutes / 2);
        Fit slower = profile(ls, maxGap, relaxTauMinutes * 2);
        double biasAh = biased == null ? 0 : biased.capacityAh() - c;
        double shapeAh = tilted == null ? 0 : tilted.capacityAh() - c;
        double tauAh = Math.max(faster == null ? 0 : Math.abs(faster.capacityAh() - c),
                slower == null ? 0 : Math.abs(slower.capacityAh() - c));
        double gainAh = currentGainPercent / 100 * c;
        double sigmaAh = Math.sqrt(statAh * statAh + biasAh * biasAh + shapeAh * shapeAh + tauAh * tauAh
                + gainAh * gainAh);
        double sigmaPercent = sigmaAh / nominalAh * 100;
        String detail = String.format(Locale.ROOT, "%d rests, half gap %.1f mV, relaxation %.1f mV at %s min; "
                        + "±%.1f %% = fit %.1f ⊕ OCV bias %.1f ⊕ OCV shape %.1f ⊕ relaxation time %.1f ⊕ current "
                        + "gain %.1f", points.size(), g * 1000, k * 1000, num(minRestMinutes), sigmaPercent,
                pct(statAh, nominalAh), pct(biasAh, nominalAh), pct(shapeAh, nominalAh), pct(tauAh, nominalAh),
                pct(gainAh, nominalAh));
        LOG.debug("{}: {}", battery, detail);
        if (sigmaPercent > maxUncertaintyPercent) {
            return SohEstimate.insufficient(battery, points.size(), METHOD, detail + ", more than "
                    + num(maxUncertaintyPercent) + " %");
        }
        return SohEstimate.of(battery, c, c / nominalAh * 100, sigmaPercent, points.size(), METHOD + " (" + detail
                + ")");
    }

    /**
     * What the uncertainty of the half gap and the relaxation amplitude adds to C's variance: their covariance from
     * the residual's curvature around the best fit (Δχ² = 1), through C's derivatives by them.
     */
    private double nonlinearVar(RestLeastSquares ls, double[] decay, Fit best) {
        if (best.dof() <= 0) {
            return 0;
        }
        double s2 = best.rss() / best.dof();
        double h = 0.0005;
        double g = Math.max(best.halfGapVolts(), h);
        double k = Math.max(best.relaxVolts(), h);
        Fit[][] f = new Fit[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                f[a][b] = ls.fit(g + (a - 1) * h, k + (b - 1) * h, decay, 0, 0);
                if (f[a][b] == null) {
                    return 0;
                }
            }
        }
        double hgg = (f[2][1].rss() - 2 * f[1][1].rss() + f[0][1].rss()) / (h * h);
        double hkk = (f[1][2].rss() - 2 * f[1][1].rss() + f[1][0].rss()) / (h * h);
        double hgk = (f[2][2].rss() - f[2][0].rss() - f[0][2].rss() + f[0][0].rss()) / (4 * h * h);
        double det = hgg * hkk - hgk * hgk;
        if (!(hgg > 0) || !(det > 0)) {
            return 0;
        }
        // χ² = RSS / s²; its Hessian is H / s², and the covariance 2 s² H⁻¹.
        double cgg = 2 * s2 * hkk / det;
        double ckk = 2 * s2 * hgg / det;
        double cgk = -2 * s2 * hgk / det;
        double dg = (f[2][1].capacityAh() - f[0][1].capacityAh()) / (2 * h);
        double dk = (f[1][2].capacityAh() - f[1][0].capacityAh()) / (2 * h);
        return Math.max(0, dg * dg * cgg + dk * dk * ckk + 2 * dg * dk * cgk);
    }

    /** Rests long enough, on a known branch, on a sloped part of the curve. */
    List<Point> points(OcvCurve ocv, double nominalAh, List<Rest> rests, List<Segment> segments) {
        List<Point> out = new ArrayList<>();
        if (rests.isEmpty()) {
            return out;
        }
        long t0 = rests.get(0).endMillis();
        List<Segment> bySegments = segments == null ? null
                : segments.stream().sorted(Comparator.comparingLong(Segment::endMillis)).toList();
        int branch = 0;
        for (int j = 0; j < rests.size(); j++) {
            Rest r = rests.get(j);
            if (bySegments != null) {
                branch = branchAfter(bySegments, r.startMillis(), nominalAh);
            } else if (j == 0 || r.epoch() != rests.get(j - 1).epoch()) {
                branch = 0;
            } else {
                double moved = (r.netAh() - rests.get(j - 1).netAh()) / nominalAh;
                if (Math.abs(moved) >= settledFraction) {
                    branch = moved > 0 ? 1 : -1;
                } else if (Math.abs(moved) >= STILL_FRACTION) {
                    branch = 0;
                }
            }
            if (branch == 0 || r.minutes() < minRestMinutes || r.ocvVolts() < ocv.minVolts() - OFF_CURVE_VOLTS
                    || r.ocvVolts() > ocv.maxVolts() + OFF_CURVE_VOLTS
                    || ocv.slopeAt(ocv.socAt(r.ocvVolts())) < MIN_SLOPE_VOLTS_PER_PERCENT) {
                continue;
            }
            out.add(new Point((r.endMillis() - t0) / MS_PER_DAY, r.netAh(), r.epoch(), r.ocvVolts(), branch,
                    r.minutes()));
        }
        return out;
    }

    /**
     * The branch a rest starting at {@code restStart} sits on: the direction of the charge that last flowed, once
     * {@code settledFraction} of nominal has gone that way (segments of under {@link #STILL_FRACTION} are passed
     * over); a reversal before that leaves the cell part of the way between branches (0).
     */
    private int branchAfter(List<Segment> segments, long restStart, double nominalAh) {
        int k = segments.size() - 1;
        while (k >= 0 && segments.get(k).endMillis() > restStart) {
            k--;
        }
        double sum = 0;
        for (; k >= 0; k--) {
            Segment s = segments.get(k);
            double signed = (s.direction() == Direction.CHARGE ? s.ah() : -s.ah()) / nominalAh;
            if (Math.abs(signed) < STILL_FRACTION) {
                continue;
            }
            if (sum != 0 && Math.signum(signed) != Math.signum(sum)) {
                return 0;
            }
            sum += signed;
            if (Math.abs(sum) >= settledFraction) {
                return sum > 0 ? 1 : -1;
            }
        }
        return 0;
    }

    /**
     * The half gap (0 to {@code maxGap}) and the relaxation amplitude (0 to {@link #MAX_RELAX_VOLTS}), on a grid,
     * whose fit leaves the smallest residual (the first such on ties). Only the residual is kept while searching; the
     * winner's fit is made again with its residuals.
     */
    private Fit profile(RestLeastSquares ls, double maxGap, double tauMinutes) {
        double[] decay = ls.decay(tauMinutes);
        boolean found = false;
        double bestRss = 0;
        double bestG = 0;
        double bestK = 0;
        for (double g = 0; g <= maxGap + 1e-12; g += GRID_VOLTS) {
            for (double k = 0; k <= MAX_RELAX_VOLTS + 1e-12; k += GRID_VOLTS) {
                if (ls.solve(g, k, decay, 0, 0) && (!found || ls.rss() < bestRss)) {
                    found = true;
                    bestRss = ls.rss();
                    bestG = g;
                    bestK = k;
                }
            }
        }
        return found ? ls.fit(bestG, bestK, decay, 0, 0) : null;
    }

    /**
     * Twice the largest half gap the literature gives for the chemistry (NMC 30 mV, LFP 60 mV full gap: Plett;
     * Dreyer et al., Nature Materials 2010): a fit at this bound says the data do not pin the gap.
     */
    static double maxHalfGapVolts(Chemistry chemistry) {
        return chemistry == Chemistry.LFP ? 0.060 : 0.030;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? 0 : (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2);
    }

    private static double pct(double ah, double nominalAh) {
        return Math.abs(ah) / nominalAh * 100;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
