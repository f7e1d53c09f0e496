package io.voltrace.analytics.soh.aging;

import io.voltrace.analytics.soh.AssumedFullStart;
import io.voltrace.analytics.soh.EvidenceLog;
import io.voltrace.analytics.soh.FullDischargeEstimator;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.analytics.soh.model.CellModel;
import io.voltrace.analytics.soh.model.CellModelCalibrator;
import io.voltrace.analytics.soh.model.ModelEstimator;
import io.voltrace.analytics.soh.model.WindowCharge;
import io.voltrace.analytics.soh.model.WindowFit;
import io.voltrace.analytics.soh.model.WindowSet;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validation {@code soh validate-aging} prints: on labelled aging data, (1) capacity from every whole cycle by the
 * full-discharge estimator against the labels, and (2) capacity from single voltage windows through a cell model
 * calibrated on the other cells only, scored on the held-out cell. Errors are in percent of the rated capacity
 * (points of SOH), the scale a grade is decided on.
 */
public record LeaveOneCellOut(Chemistry chemistry, double nominalAh, ExtractorConfig config,
                              CellModelCalibrator calibrator, ModelEstimator estimator) {

    /** Whole-cycle capacity of one cell against its labels. */
    public record WholeCycles(String cell, int labelled, int valid, int measured, Errors againstLabel,
                              Errors againstDelivered, Errors dischargeOnly, int dischargeOnlyRefused) {
    }

    /** One window position on one held-out cell. */
    public record WindowScore(String cell, Direction direction, double lowVolts, double highVolts, Errors all,
                              Errors given, double sigmaPercent) {
    }

    /** What one held-out cell gave. */
    public record HeldOut(String cell, CellModel model, List<WindowScore> windows, Errors anyCharge,
                          Errors anyDischarge, Errors givenCharge, Errors givenDischarge, Errors bestCharge,
                          Errors bestDischarge) {
    }

    public record Report(List<WholeCycles> whole, List<HeldOut> heldOut) {
    }

    public Report run(List<CellHistory> cells) {
        List<WholeCycles> whole = new ArrayList<>();
        for (CellHistory h : cells) {
            whole.add(wholeCycles(h));
        }
        List<HeldOut> held = new ArrayList<>();
        if (cells.size() >= 2) {
            for (int k = 0; k < cells.size(); k++) {
                List<CellHistory> train = new ArrayList<>(cells);
                CellHistory test = train.remove(k);
                held.add(score(test, calibrator.calibrate(train, chemistry, nominalAh)));
            }
        }
        return new Report(whole, held);
    }

    WholeCycles wholeCycles(CellHistory h) {
        Errors label = new Errors(nominalAh);
        Errors delivered = new Errors(nominalAh);
        int measured = 0;
        for (Map.Entry<Integer, FullDischargeEstimator.Reading> e : new TreeMap<>(h.full()).entrySet()) {
            CapacityLabel l = h.cell().labels().get(e.getKey());
            if (l == null || !h.valid().contains(e.getKey())) {
                continue;
            }
            measured++;
            double cap = e.getValue().capacityAh();
            label.add(cap, l.capacityAh(), e.getValue().uncertaintyAh());
            double d = h.cell().deliveredAh(l);
            delivered.add(cap, Double.isFinite(d) ? d : l.capacityAh(), e.getValue().uncertaintyAh());
        }
        Errors only = new Errors(nominalAh);
        int refused = 0;
        for (Integer c : new TreeMap<>(h.full()).keySet()) {
            CapacityLabel l = h.cell().labels().get(c);
            if (l == null || !h.valid().contains(c) || !Double.isFinite(l.startSeconds())) {
                continue;
            }
            SohEstimate e = dischargeOnly(h, l);
            if (e == null || !e.sufficient()) {
                refused++;
                continue;
            }
            double d = h.cell().deliveredAh(l);
            only.add(e.capacityAh(), Double.isFinite(d) ? d : l.capacityAh(), e.uncertaintyPercent() / 100 * nominalAh);
        }
        return new WholeCycles(h.name(), h.cell().labels().size(), h.valid().size(), measured, label, delivered,
                only, refused);
    }

    /** The cycle's discharge rows alone, as a file holding only the discharge step would give them. */
    private SohEstimate dischargeOnly(CellHistory h, CapacityLabel l) {
        AgingCell cell = h.cell();
        int i = Arrays.binarySearch(cell.seconds(), l.startSeconds());
        if (i < 0) {
            return null;
        }
        while (i > 0 && cell.seconds()[i - 1] == l.startSeconds()) {
            i--;
        }
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor x = new EvidenceExtractor(config, log);
        for (; i < cell.size() && cell.seconds()[i] <= l.endSeconds(); i++) {
            x.accept(cell.point(i));
        }
        x.finish();
        SohEstimate full = FullDischargeEstimator.defaults().estimate(cell.name(), nominalAh, config.cutoffVolts(),
                log.segments());
        return full.sufficient() ? full : AssumedFullStart.defaults().estimate(cell.name(), nominalAh,
                config.cutoffVolts(), config.chargeEndVolts(), chemistry.ocv(), log);
    }

    HeldOut score(CellHistory test, CellModel model) {
        List<WindowScore> windows = new ArrayList<>();
        Errors anyCharge = new Errors(nominalAh);
        Errors anyDischarge = new Errors(nominalAh);
        Errors givenCharge = new Errors(nominalAh);
        Errors givenDischarge = new Errors(nominalAh);
        Errors bestCharge = new Errors(nominalAh);
        Errors bestDischarge = new Errors(nominalAh);
        // Only a sigma measured on unseen cells lets the estimator give a figure (ModelEstimator).
        boolean crossCell = "leave-one-cell-out".equals(model.sigmaSource());
        for (WindowSet set : new WindowSet[]{model.charge(), model.discharge()}) {
            if (set == null) {
                continue;
            }
            Errors any = set.direction() == Direction.CHARGE ? anyCharge : anyDischarge;
            Errors best = set.direction() == Direction.CHARGE ? bestCharge : bestDischarge;
            Errors given = set.direction() == Direction.CHARGE ? givenCharge : givenDischarge;
            Map<Double, Errors[]> byWindow = new TreeMap<>();
            for (CellHistory.CycleSegment cs : test.segments()) {
                if (!test.valid().contains(cs.cycle())
                        || !WindowCharge.constantCurrent(cs.segment(), set.direction())) {
                    continue;
                }
                double label = test.cell().labels().get(cs.cycle()).capacityAh();
                double rate = WindowCharge.cRate(cs.segment(), nominalAh);
                if (Math.abs(rate - set.cRate()) > WindowCharge.CURRENT_TOLERANCE * set.cRate()) {
                    continue;
                }
                for (WindowFit f : set.windows()) {
                    double w = WindowCharge.of(cs.segment(), f.lowVolts(), set.spanVolts());
                    if (!Double.isFinite(w)) {
                        continue;
                    }
                    Errors[] pair = byWindow.computeIfAbsent(f.lowVolts(),
                            x -> new Errors[]{new Errors(nominalAh), new Errors(nominalAh)});
                    double cap = f.capacityAh(w);
                    pair[0].add(cap, label, f.sigmaAh());
                    any.add(cap, label, f.sigmaAh());
                    if (crossCell && f.covers(w)
                            && f.sigmaAh() / nominalAh * 100 <= estimator.maxUncertaintyPercent()) {
                        pair[1].add(cap, label, f.sigmaAh());
                        given.add(cap, label, f.sigmaAh());
                    }
                }
                String[] why = {null};
                ModelEstimator.WindowEstimate e = estimator.reading(cs.segment(), model, nominalAh, why);
                if (e != null) {
                    best.add(e.capacityAh(), label, e.sigmaAh());
                }
            }
            for (WindowFit f : set.windows()) {
                Errors[] pair = byWindow.get(f.lowVolts());
                if (pair != null) {
                    windows.add(new WindowScore(test.name(), set.direction(), f.lowVolts(),
                            f.lowVolts() + set.spanVolts(), pair[0], pair[1], f.sigmaAh() / nominalAh * 100));
                }
            }
        }
        return new HeldOut(test.name(), model, windows, anyCharge, anyDischarge, givenCharge, givenDischarge,
                bestCharge, bestDischarge);
    }

    /** Running error statistics in points of the rated capacity. */
    public static final class Errors {
        private final double nominalAh;
        private int n;
        private double sumAbs;
        private double sum;
        private double max;
        private double maxRelative;
        private int within2Sigma;

        Errors(double nominalAh) {
            this.nominalAh = nominalAh;
        }

        void add(double estimateAh, double truthAh, double sigmaAh) {
            double e = (estimateAh - truthAh) / nominalAh * 100;
            n++;
            sumAbs += Math.abs(e);
            sum += e;
            max = Math.max(max, Math.abs(e));
            maxRelative = Math.max(maxRelative, Math.abs(estimateAh - truthAh) / truthAh * 100);
            if (Math.abs(estimateAh - truthAh) <= 2 * sigmaAh) {
                within2Sigma++;
            }
        }

        public int count() {
            return n;
        }

        /** Mean absolute error, points of nominal; NaN when empty. */
        public double mae() {
            return n == 0 ? Double.NaN : sumAbs / n;
        }

        public double bias() {
            return n == 0 ? Double.NaN : sum / n;
        }

        public double max() {
            return n == 0 ? Double.NaN : max;
        }

        /** Largest error relative to the truth, percent. */
        public double maxRelative() {
            return n == 0 ? Double.NaN : maxRelative;
        }

        /** Share of errors within the stated ±2σ, percent. */
        public double within2Sigma() {
            return n == 0 ? Double.NaN : 100.0 * within2Sigma / n;
        }
    }
}
