package io.voltrace.analytics.soh;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.StatUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pack capacity from stored telemetry by coulomb counting between rest points.
 *
 * <p>The BMS's SOC is counted against nameplate capacity, so capacity derived from it just returns the nameplate. The
 * two independent facts are the edge's coulomb counters (exact charge moved) and the relaxed OCV at rest (true SOC
 * via the chemistry's curve). Each pair of rest points far enough apart in SOC gives capacity = |ΔAh| / |ΔSOC|; the
 * readings are combined robustly, because a rest cut short or a mis-read voltage gives a wild one now and then.
 * A rest voltage is not the OCV, though: it sits on the charge or the discharge hysteresis branch and, after an hour
 * or two, still relaxes. So every settled rest is first fitted at once with the pack's own gap and relaxation
 * ({@link RestRegression}); only where that gives no figure are rests paired, and then only on one branch. A raw
 * telemetry table ({@link #estimate}) takes the same way as an extractor's rests ({@link #estimateFromRests}).
 *
 * @param rest                       what counts as a rest long enough to read OCV (its length; a table's rests are
 *                                   found with the extractor's current threshold, 2 % of 1 C)
 * @param minDeltaSocPercent         smallest SOC change between paired rest points; a small ΔSOC amplifies the
 *                                   OCV reading's error
 * @param minSegments                fewest readings that make an estimate
 * @param minOcvSlopeVoltsPerPercent rest points where the OCV curve is flatter than this are skipped: there a
 *                                   millivolt is several percent of SOC (the LFP plateau)
 * @param ocvWindowMinutes           relaxed voltage is averaged over the rest's last minutes, past the minimum rest
 * @param maxSegmentHours            longest span paired, to keep counter drift and self-discharge out
 * @param outlierMads                readings further than this many scaled MADs from the median are rejected
 * @param maxUncertaintyPercent      readings that disagree more than this (percent of nominal, one sigma) give no
 *                                   figure
 * @param ocvShapeVolts              how far the cell's own OCV curve wanders from the chemistry's, point to point,
 *                                   one sigma; taken as independent at a segment's two ends
 * @param ocvBiasVolts               a constant offset of the relaxed voltage (the voltage sensor, hysteresis), one
 *                                   sigma; the same at both ends, so only the curve's change in slope between them
 *                                   turns it into an SOC error. Both are systematic: they do not average away over
 *                                   segments
 * @param currentGainPercent         the current sensor's gain error, one sigma; the extractor removes an offset but
 *                                   not a gain, which scales every ampere-hour and so the capacity
 * @param regression                 the fit over all settled rests, tried first
 */
public record CapacityEstimator(
        RestDetector rest,
        double minDeltaSocPercent,
        int minSegments,
        double minOcvSlopeVoltsPerPercent,
        double ocvWindowMinutes,
        double maxSegmentHours,
        double outlierMads,
        double maxUncertaintyPercent,
        double ocvShapeVolts,
        double ocvBiasVolts,
        double currentGainPercent,
        RestRegression regression) {

    public static final String METHOD = "coulomb-counting between rest points";

    /** MAD × 1.4826 estimates the standard deviation of normally distributed readings. */
    private static final double MAD_TO_SIGMA = 1.4826;
    /** A relaxed voltage this far outside the OCV curve clamps to 0 or 100 % and says nothing exact. */
    private static final double OFF_CURVE_VOLTS = 0.010;

    private static final Logger LOG = LoggerFactory.getLogger(CapacityEstimator.class);

    public CapacityEstimator {
        if (rest == null || !(minDeltaSocPercent > 0) || minSegments < 1 || !(minOcvSlopeVoltsPerPercent >= 0)
                || !(ocvWindowMinutes > 0) || !(maxSegmentHours > 0) || !(outlierMads > 0)
                || !(maxUncertaintyPercent > 0) || !(ocvShapeVolts >= 0) || !(ocvBiasVolts >= 0) || !(currentGainPercent >= 0)
                || regression == null) {
            throw new IllegalArgumentException("capacity estimator parameters out of range");
        }
    }

    public static CapacityEstimator defaults() {
        return new CapacityEstimator(RestDetector.defaults(), 25, 3, 0.003, 5, 168, 3.5, 5, 0.001, 0.002, 0.5,
                RestRegression.defaults());
    }

    public CapacityEstimator withMinSegments(int segments) {
        return new CapacityEstimator(rest, minDeltaSocPercent, segments, minOcvSlopeVoltsPerPercent, ocvWindowMinutes,
                maxSegmentHours, outlierMads, maxUncertaintyPercent, ocvShapeVolts, ocvBiasVolts,
                currentGainPercent, regression);
    }

    /**
     * The estimate from a stored telemetry table: the rows are read as the edge reads its stream
     * ({@link TableEvidence}), and the rests and the charges and drives between them go to
     * {@link #estimateFromRests(String, Chemistry, double, List, List)}, the evidence path's estimator.
     */
    public SohEstimate estimate(String battery, Chemistry chemistry, double nominalAh, List<PackSample> samples) {
        if (!(nominalAh > 0)) {
            throw new IllegalArgumentException("nominal capacity must be positive: " + nominalAh);
        }
        List<PackSample> rows = TableEvidence.usable(samples);
        if (rows.isEmpty()) {
            return SohEstimate.insufficient(battery, 0, METHOD, "no usable samples");
        }
        EvidenceLog log = TableEvidence.extract(chemistry, nominalAh, rows, rest.minRestMinutes(), ocvWindowMinutes);
        if (log.rests().stream().noneMatch(r -> r.minutes() >= rest.minRestMinutes())) {
            return SohEstimate.insufficient(battery, 0, METHOD, String.format(Locale.ROOT,
                    "no rest of %s min or more (|current| < %s A, counters still) in %d samples",
                    num(rest.minRestMinutes()), num(TableEvidence.restAmps(chemistry, nominalAh)), rows.size()));
        }
        return estimateFromRests(battery, chemistry, nominalAh, log.rests(), log.segments());
    }

    /**
     * The same estimate from rests an {@link io.voltrace.evidence.EvidenceExtractor} reported (at the edge, or over a
     * logger file), without the charges and drives between them: see {@link #estimateFromRests(String, Chemistry,
     * double, List, List)}.
     */
    public SohEstimate estimateFromRests(String battery, Chemistry chemistry, double nominalAh, List<Rest> rests) {
        return estimateFromRests(battery, chemistry, nominalAh, rests, null);
    }

    /**
     * The same estimate from rests an {@link io.voltrace.evidence.EvidenceExtractor} reported. First every settled
     * rest at once, with the pack's own hysteresis gap and relaxation fitted ({@link RestRegression}); where that
     * gives no figure (too few rests on a known branch), chained pairs of rests on one hysteresis branch. Only rests
     * of {@code rest.minRestMinutes()} or more are relaxed enough to read OCV from.
     *
     * @param segments the charges and drives between the rests (whose directions tell each rest's hysteresis
     *                 branch even where a rest is missing from {@code rests}), or null
     */
    public SohEstimate estimateFromRests(String battery, Chemistry chemistry, double nominalAh, List<Rest> rests,
                                         List<Segment> segments) {
        if (!(nominalAh > 0)) {
            throw new IllegalArgumentException("nominal capacity must be positive: " + nominalAh);
        }
        List<Rest> readable = rests.stream()
                .filter(r -> !outsideTable(chemistry, r.ocvVolts()) && !onPlateau(chemistry, r.ocvVolts())).toList();
        // Without the segments the fit reads a rest's branch from the net charge since the rest before it in the
        // list: a rest left out would mislabel the next one, so then the fit is tried only if none is left out.
        SohEstimate fitted = segments == null && readable.size() < rests.size()
                ? SohEstimate.insufficient(battery, 0, RestRegression.METHOD, String.format(Locale.ROOT,
                        "%d of %d rests unreadable (outside %s–%s %% SOC or on a flat part of the %s OCV curve), "
                                + "and without the charges and drives between rests leaving them out would "
                                + "mislabel the next rest's hysteresis branch", rests.size() - readable.size(),
                        rests.size(), num(MIN_TABLE_SOC), num(MAX_TABLE_SOC), chemistry))
                : regression.estimate(battery, chemistry, nominalAh, readable, segments);
        if (fitted.sufficient()) {
            return SohEstimate.of(battery, fitted.capacityAh(), fitted.sohPercent(), fitted.uncertaintyPercent(),
                    fitted.segments(), METHOD);
        }
        LOG.debug("{}: {}: {}", battery, RestRegression.METHOD, fitted.insufficientReason());
        SohEstimate paired = pairedFromRests(battery, chemistry, nominalAh, rests);
        if (paired.sufficient()) {
            return paired;
        }
        return SohEstimate.insufficient(battery, Math.max(paired.segments(), fitted.segments()), METHOD,
                paired.insufficientReason() + "; fitted over all rests: " + fitted.insufficientReason());
    }

    private SohEstimate pairedFromRests(String battery, Chemistry chemistry, double nominalAh, List<Rest> rests) {
        List<RestPoint> points = new ArrayList<>();
        for (Rest r : rests) {
            if (r.minutes() >= rest.minRestMinutes()) {
                double soc = chemistry.ocv().socAt(r.ocvVolts());
                points.add(new RestPoint(r.endMillis(), r.netAh(), r.epoch(), r.ocvVolts(), soc,
                        chemistry.ocv().slopeAt(soc), r.minutes()));
            }
        }
        if (points.isEmpty()) {
            return SohEstimate.insufficient(battery, 0, METHOD, String.format(Locale.ROOT,
                    "no rest of %s min or more among %d rests", num(rest.minRestMinutes()), rests.size()));
        }
        return fromRestPoints(battery, chemistry, nominalAh, points);
    }

    /**
     * Chained pairs of rests on one hysteresis branch. Rests on different branches are not paired: their offsets
     * (half the branch gap each, above the OCV after a charge, below it after a drive) add with a known sign, so
     * the SOC change always reads too large and the capacity low, by a gap the pack does not tell (on LFP 15–30 mV
     * at 2–5 mV/% is 3–15 points at each end). That is a bias no stated uncertainty covers; such a log gets no
     * figure from the pairs.
     */
    private SohEstimate fromRestPoints(String battery, Chemistry chemistry, double nominalAh,
                                       List<RestPoint> points) {
        int[] branchOf = branches(points, nominalAh);
        List<RestPoint> usable = new ArrayList<>();
        List<Integer> usableBranch = new ArrayList<>();
        int flat = 0;
        int offCurve = 0;
        int outside = 0;
        for (int j = 0; j < points.size(); j++) {
            RestPoint p = points.get(j);
            if (p.ocvVolts() < chemistry.ocv().minVolts() - OFF_CURVE_VOLTS
                    || p.ocvVolts() > chemistry.ocv().maxVolts() + OFF_CURVE_VOLTS) {
                offCurve++;
            } else if (outsideTable(chemistry, p.ocvVolts())) {
                outside++;
            } else if (onPlateau(chemistry, p.ocvVolts())) {
                flat++;
            } else {
                usable.add(p);
                usableBranch.add(branchOf[j]);
            }
        }
        List<ChargeSegment> paired = pairSameBranch(usable,
                usableBranch.stream().mapToInt(Integer::intValue).toArray());
        List<ChargeSegment> segments = paired.stream().filter(ChargeSegment::consistent).toList();
        LOG.debug("{}: {} rests, {} flat, {} off curve, {} segments ({} inconsistent)", battery,
                points.size(), flat, offCurve, segments.size(), paired.size() - segments.size());
        if (segments.size() < minSegments) {
            return SohEstimate.insufficient(battery, segments.size(), METHOD, String.format(Locale.ROOT,
                    "%d usable charge segment%s between rest points, need %d (%d rest points of %s min or more%s%s%s%s"
                            + "; pairs only on one hysteresis branch)",
                    segments.size(), segments.size() == 1 ? "" : "s", minSegments, points.size(),
                    num(rest.minRestMinutes()),
                    outside > 0 ? String.format(Locale.ROOT, ", %d outside the %s–%s %% SOC the %s OCV table "
                            + "describes", outside, num(MIN_TABLE_SOC), num(MAX_TABLE_SOC), chemistry) : "",
                    flat > 0 ? String.format(Locale.ROOT, ", %d on flat parts of the %s OCV curve", flat,
                            chemistry) : "",
                    offCurve > 0 ? String.format(Locale.ROOT, ", %d off the OCV curve", offCurve) : "",
                    paired.size() > segments.size() ? String.format(Locale.ROOT,
                            ", %d with charge against the SOC change", paired.size() - segments.size()) : ""));
        }
        return combine(battery, nominalAh, segments, hysteresisHalfGapVolts(chemistry));
    }

    /**
     * Whether a rest at this voltage reads outside {@link #MIN_TABLE_SOC}–{@link #MAX_TABLE_SOC} % SOC. Near empty and
     * full a cell's curve departs most from its chemistry's table (the knees move from cell to cell and with the
     * loss of lithium inventory as it ages; the simulator's own curve form misses the table by tens of mV there, by
     * 3–5 mV between), so a reading there is off by points of SOC an OCV-shape term of millivolts does not state.
     * On LFP these ends are the only steep parts: on simulator development seeds 1–10, the estimate from LFP rests
     * there was more than 3 σ off in 9 of its 12 answers, by up to 26 points of SOH.
     */
    static boolean outsideTable(Chemistry chemistry, double volts) {
        double soc = chemistry.ocv().socAt(volts);
        return soc < MIN_TABLE_SOC || soc > MAX_TABLE_SOC;
    }

    /** The SOC range in which a rest's reading of the chemistry's OCV table is trusted. */
    static final double MIN_TABLE_SOC = 10;
    static final double MAX_TABLE_SOC = 90;

    /**
     * Whether a rest at this voltage sits where the OCV curve cannot carry a capacity: flatter than
     * {@code minOcvSlopeVoltsPerPercent}, or where the chemistry's hysteresis half gap moves the SOC it reads by more
     * than {@link #MAX_HYSTERESIS_SOC_POINTS}.
     */
    boolean onPlateau(Chemistry chemistry, double volts) {
        double slope = chemistry.ocv().slopeAt(chemistry.ocv().socAt(volts));
        return slope < minOcvSlopeVoltsPerPercent
                || hysteresisHalfGapVolts(chemistry) / slope > MAX_HYSTERESIS_SOC_POINTS;
    }

    /**
     * Most points of SOC the chemistry's typical half gap ({@link #hysteresisHalfGapVolts}) may move a rest's reading.
     * Neither the fit, whose one half gap stands for the whole pack, nor one-branch pairs, which cancel the gap only
     * where it is the same at both ends, remove the gap's change along the curve; the more points of SOC a
     * millivolt of gap is, the more of that change is left in the capacity. 2.5 points is what the gap does on NMC
     * where its curve is flattest (10 mV at 4 mV/%), where both were validated (docs/validation.md, #13): every NMC
     * rest passes. On LFP (22.5 mV) only the ends pass, below 10 % and above 95 % SOC (20–120 mV/%); its 10–20 %
     * and 90–95 % (5–7 mV/%: 3–4.5 points for the typical gap, 3–6 for the literature's 15–30 mV) do not. On
     * simulator development seeds 1–10 the fit over LFP's sloped rests answered 14 times, 8 of them outside its
     * ±2σ (up to 9.8 σ). With
     * {@link #outsideTable} this leaves LFP no readable rest: its capacity must come from other evidence.
     */
    static final double MAX_HYSTERESIS_SOC_POINTS = 2.5;

    /**
     * Which hysteresis branch each rest's voltage sits on: a cell's rest voltage after charging lies above its
     * equilibrium OCV, after discharging below, by half the branch gap (NMC 10–30 mV, LFP 30–60 mV: Plett, Battery
     * Management Systems vol. 1 §2.7; Dreyer et al., Nature Materials 9, 2010), and moves to the other branch once a
     * few percent of the capacity has flowed the other way. So the net charge since the previous rest tells the
     * branch: +1 above {@link #BRANCH_FRACTION} of nominal charged, −1 as much discharged, else as before (0 unknown).
     */
    static int[] branches(List<RestPoint> points, double nominalAh) {
        int[] branch = new int[points.size()];
        for (int j = 1; j < points.size(); j++) {
            RestPoint prev = points.get(j - 1);
            RestPoint p = points.get(j);
            if (p.counterEpoch() != prev.counterEpoch()) {
                continue;
            }
            double moved = p.netAh() - prev.netAh();
            branch[j] = moved > BRANCH_FRACTION * nominalAh ? 1
                    : (moved < -BRANCH_FRACTION * nominalAh ? -1 : branch[j - 1]);
        }
        return branch;
    }

    /**
     * Chains rest points as {@link #pair} does, but only points on the same known hysteresis branch with each other:
     * their hysteresis offsets are the same and cancel in the SOC change (after one drive to after a later drive; after
     * one charge to after a later one).
     */
    private List<ChargeSegment> pairSameBranch(List<RestPoint> points, int[] branch) {
        List<ChargeSegment> segments = new ArrayList<>();
        for (int b : new int[]{-1, 1}) {
            List<RestPoint> on = new ArrayList<>();
            for (int j = 0; j < points.size(); j++) {
                if (branch[j] == b && points.get(j).restMinutes() >= SETTLED_REST_MINUTES) {
                    on.add(points.get(j));
                }
            }
            segments.addAll(pair(on));
        }
        segments.sort(java.util.Comparator.comparingLong(sg -> sg.to().ts()));
        return segments;
    }

    /**
     * Half the gap between the charge and discharge OCV branches, the middle of the ranges cited at
     * {@link #branches} (LCO taken as NMC): the offset a rest voltage carries, up or down by its branch, one sigma.
     * The estimator does not remove it (a pack's own gap is unknown, and may be near zero): pairing on one branch
     * makes it the same at both ends, where only the OCV curve's change of slope turns it into an SOC error.
     */
    static double hysteresisHalfGapVolts(Chemistry chemistry) {
        return chemistry == Chemistry.LFP ? 0.0225 : 0.010;
    }

    /**
     * Rests paired on one branch must have lasted this long: after a drive or a charge, diffusion keeps the voltage
     * millivolts off its rest value for an hour or more (relaxation time constants of tens of minutes to hours), and
     * a rest cut short at one end of a segment and long at the other does not cancel.
     */
    static final double SETTLED_REST_MINUTES = 60;

    /** Net charge, as a fraction of nominal, that moves a cell from one hysteresis branch to the other. */
    static final double BRANCH_FRACTION = 0.05;

    /**
     * Chains rest points: from each anchor, the next point far enough away in SOC closes a segment and becomes the
     * next anchor. Segments then share only end points, so their errors stay nearly independent.
     */
    private List<ChargeSegment> pair(List<RestPoint> points) {
        List<ChargeSegment> segments = new ArrayList<>();
        long maxSpanMs = Math.round(maxSegmentHours * 3_600_000.0);
        int anchor = 0;
        for (int j = 1; j < points.size(); j++) {
            RestPoint to = points.get(j);
            while (anchor < j && (points.get(anchor).counterEpoch() != to.counterEpoch()
                    || to.ts() - points.get(anchor).ts() > maxSpanMs)) {
                anchor++;
            }
            if (anchor == j) {
                continue;
            }
            RestPoint from = points.get(anchor);
            if (Math.abs(to.soc() - from.soc()) >= minDeltaSocPercent) {
                segments.add(new ChargeSegment(from, to));
                anchor = j;
            }
        }
        return segments;
    }

    /**
     * Median and MAD reject outliers; the rest are averaged weighted by |ΔSOC|, the longer the surer. The stated
     * uncertainty adds, in quadrature, the scatter's standard error (which shrinks with more segments) and the
     * systematic terms that do not: the OCV model's error at each end of a segment, through the curve's slope there,
     * relative to the segment's SOC change, and the current sensor's gain.
     */
    private SohEstimate combine(String battery, double nominalAh, List<ChargeSegment> segments,
                                double hysteresisVolts) {
        // Plain arrays with the statistics Tablesaw's columns call (commons-math3 StatUtils: percentile 50 for the
        // median, sum), in the same order: the same figures to the last bit, without a table per battery.
        int size = segments.size();
        double[] capacity = new double[size];
        double[] weights = new double[size];
        double[] ocvRel = new double[size];
        for (int i = 0; i < size; i++) {
            ChargeSegment s = segments.get(i);
            capacity[i] = s.capacityAh();
            weights[i] = Math.abs(s.deltaSoc());
            ocvRel[i] = ocvRelativeError(s, hysteresisVolts);
        }
        double median = median(capacity);
        double[] deviation = new double[size];
        for (int i = 0; i < size; i++) {
            deviation[i] = Math.abs(capacity[i] - median);
        }
        double mad = median(deviation);
        // MAD 0 means half the readings coincide; nothing then measures spread, so nothing is rejected.
        double limit = mad > 0 ? outlierMads * MAD_TO_SIGMA * mad : Double.POSITIVE_INFINITY;
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (deviation[i] <= limit) {
                n++;
            }
        }
        double[] kept = new double[n];
        double[] weight = new double[n];
        double[] ocvRelative = new double[n];
        for (int i = 0, k = 0; i < size; i++) {
            if (deviation[i] <= limit) {
                kept[k] = capacity[i];
                weight[k] = weights[i];
                ocvRelative[k] = ocvRel[i];
                k++;
            }
        }
        if (n < minSegments) {
            return SohEstimate.insufficient(battery, n, METHOD, String.format(Locale.ROOT,
                    "only %d of %d charge segments agree within %s MADs of the median, need %d", n,
                    segments.size(), num(outlierMads), minSegments));
        }
        double[] product = new double[n];
        double keptMedian = median(kept);
        double[] keptDeviation = new double[n];
        for (int i = 0; i < n; i++) {
            product[i] = kept[i] * weight[i];
            keptDeviation[i] = Math.abs(kept[i] - keptMedian);
        }
        double weightSum = StatUtils.sum(weight);
        double capacityAh = StatUtils.sum(product) / weightSum;
        double spreadAh = MAD_TO_SIGMA * median(keptDeviation);
        double scatterPercent = spreadAh / Math.sqrt(n) / nominalAh * 100.0;
        // Weighted RMS, not divided by √n: the same cell is off its curve the same way at every rest.
        double[] weightedSquares = new double[n];
        for (int i = 0; i < n; i++) {
            weightedSquares[i] = ocvRelative[i] * ocvRelative[i] * weight[i];
        }
        double ocvPercent = Math.sqrt(StatUtils.sum(weightedSquares) / weightSum)
                * capacityAh / nominalAh * 100.0;
        double gainPercent = currentGainPercent / 100.0 * capacityAh / nominalAh * 100.0;
        double uncertaintyPercent = Math.sqrt(scatterPercent * scatterPercent + ocvPercent * ocvPercent
                + gainPercent * gainPercent);
        if (uncertaintyPercent > maxUncertaintyPercent) {
            return SohEstimate.insufficient(battery, n, METHOD, String.format(Locale.ROOT,
                    "%d charge segments give ±%.1f %% of nominal (scatter ±%.1f, OCV model ±%.1f, current gain "
                            + "±%.1f), more than %s %%", n, uncertaintyPercent, scatterPercent, ocvPercent,
                    gainPercent, num(maxUncertaintyPercent)));
        }
        LOG.debug("{}: ±{} % = scatter {} ⊕ OCV model {} ⊕ current gain {}", battery, uncertaintyPercent,
                scatterPercent, ocvPercent, gainPercent);
        return SohEstimate.of(battery, capacityAh, capacityAh / nominalAh * 100.0, uncertaintyPercent, n, METHOD);
    }

    /** One segment's relative capacity error from the OCV model: its SOC change is off by the two ends' errors. */
    private double ocvRelativeError(ChargeSegment segment, double hysteresisVolts) {
        double from = 1 / segment.from().slope();
        double to = 1 / segment.to().slope();
        double shape = ocvShapeVolts * Math.sqrt(from * from + to * to);
        double bias = ocvBiasVolts * (to - from);
        // The hysteresis offset: on one branch the same at both ends, like a bias.
        double hysteresis = hysteresisVolts * (to - from);
        return Math.sqrt(shape * shape + bias * bias + hysteresis * hysteresis) / Math.abs(segment.deltaSoc());
    }

    /** The median as Tablesaw's {@code DoubleColumn.median()} computes it (no missing values here). */
    private static double median(double[] values) {
        return StatUtils.percentile(values, 50.0);
    }

    /** A parameter as written: 20, 0.5, 3.5. */
    private static String num(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
