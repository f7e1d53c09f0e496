package io.voltrace.analytics.soh.model;

import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Capacity from constant-current segments through a {@link CellModel}: each segment's voltage windows that the model
 * has fits for give a capacity each, combined by their errors on unseen cells ({@link #reading}). The latest
 * {@code recent} segments with a figure are averaged; their sigmas are not divided down, because one cell's
 * windows err together.
 *
 * <p>A pack of several cells in parallel is scaled by its nominal capacity against the model's.
 *
 * @param recent                how many of the latest usable segments to average
 * @param maxUncertaintyPercent a window whose sigma is more than this (points of nominal) is not used
 */
public record ModelEstimator(int recent, double maxUncertaintyPercent) {

    public static final String METHOD = "cell-type model from aging data";

    public ModelEstimator {
        if (recent < 1 || !(maxUncertaintyPercent > 0)) {
            throw new IllegalArgumentException("model estimator parameters out of range");
        }
    }

    public static ModelEstimator defaults() {
        return new ModelEstimator(3, 3);
    }

    /** One window's capacity. */
    public record WindowEstimate(Segment segment, Direction direction, double lowVolts, double highVolts,
                                 double capacityAh, double sigmaAh) {
    }

    /** Every window of {@code s} the model can read, or empty with the reason in {@code why} (first element). */
    public List<WindowEstimate> windows(Segment s, CellModel model, double nominalAh, String[] why) {
        List<WindowEstimate> out = new ArrayList<>();
        WindowSet set = s.direction() == Direction.CHARGE ? model.charge() : model.discharge();
        if (!"leave-one-cell-out".equals(model.sigmaSource())) {
            why[0] = "the model was fitted on one cell (" + String.join(", ", model.cells()) + "): its error on "
                    + "another cell is unknown; calibrate on two cells or more";
            return out;
        }
        if (set == null) {
            why[0] = "the model has no " + s.direction().name().toLowerCase(Locale.ROOT) + " windows";
            return out;
        }
        if (!WindowCharge.constantCurrent(s, s.direction())) {
            why[0] = "current not constant, reversed or interrupted";
            return out;
        }
        double rate = WindowCharge.cRate(s, nominalAh);
        if (Math.abs(rate - set.cRate()) > WindowCharge.CURRENT_TOLERANCE * set.cRate()) {
            why[0] = String.format(Locale.ROOT, "at %.2f C, the model is for %.2f C", rate, set.cRate());
            return out;
        }
        double scale = nominalAh / model.nominalAh();
        boolean anyWindow = false;
        for (WindowFit f : set.windows()) {
            double w = WindowCharge.of(s, f.lowVolts(), set.spanVolts());
            if (!Double.isFinite(w)) {
                continue;
            }
            anyWindow = true;
            double wm = w / scale;
            if (!f.covers(wm) || f.sigmaAh() / model.nominalAh() * 100 > maxUncertaintyPercent) {
                continue;
            }
            out.add(new WindowEstimate(s, s.direction(), f.lowVolts(), f.lowVolts() + set.spanVolts(),
                    f.capacityAh(wm) * scale, f.sigmaAh() * scale));
        }
        if (out.isEmpty()) {
            why[0] = anyWindow ? "its windows' charge lies outside what the model was fitted on, or their error on "
                    + "unseen cells is above " + maxUncertaintyPercent + " % of nominal"
                    : String.format(Locale.ROOT, "it spans %.2f–%.2f V, no %.2f V window the model knows",
                    s.minVolts(), s.maxVolts(), set.spanVolts());
        }
        return out;
    }

    /**
     * The segment's capacity from every window the model can read in it: their mean weighted by the inverse square
     * of each window's error on unseen cells. The sigma is that of the surest window, not divided down: the windows
     * of one segment overlap and err together. Null, with the reason in {@code why}, when no window is usable.
     * The result's voltages span the windows used.
     */
    public WindowEstimate reading(Segment s, CellModel model, double nominalAh, String[] why) {
        List<WindowEstimate> all = windows(s, model, nominalAh, why);
        if (all.isEmpty()) {
            return null;
        }
        double weights = 0;
        double sum = 0;
        double sigma = Double.POSITIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (WindowEstimate e : all) {
            double w = 1 / (e.sigmaAh() * e.sigmaAh());
            weights += w;
            sum += w * e.capacityAh();
            sigma = Math.min(sigma, e.sigmaAh());
            low = Math.min(low, e.lowVolts());
            high = Math.max(high, e.highVolts());
        }
        return new WindowEstimate(s, s.direction(), low, high, sum / weights, sigma);
    }

    public SohEstimate estimate(String battery, double nominalAh, CellModel model, List<Segment> segments) {
        List<WindowEstimate> used = new ArrayList<>();
        String[] why = {null};
        int refused = 0;
        for (int i = segments.size() - 1; i >= 0 && used.size() < recent; i--) {
            Segment s = segments.get(i);
            if (s.ah() < 0.05 * nominalAh) {
                continue;
            }
            WindowEstimate e = reading(s, model, nominalAh, why);
            if (e != null) {
                used.add(e);
            } else {
                refused++;
            }
        }
        if (used.isEmpty()) {
            return SohEstimate.insufficient(battery, 0, METHOD, refused == 0 ? "no charge or discharge segment"
                    : refused + " segment" + (refused == 1 ? "" : "s") + " without a usable window; the latest: "
                    + why[0]);
        }
        double cap = 0;
        double sigma = 0;
        for (WindowEstimate e : used) {
            cap += e.capacityAh() / used.size();
            sigma += e.sigmaAh() / used.size();
        }
        WindowEstimate last = used.get(0);
        String method = String.format(Locale.ROOT, "%s (%s), %s windows within %.2f–%.2f V", METHOD,
                String.join(", ", model.cells()), last.direction().name().toLowerCase(Locale.ROOT), last.lowVolts(),
                last.highVolts());
        return SohEstimate.of(battery, cap, cap / nominalAh * 100, sigma / nominalAh * 100, used.size(), method);
    }
}
