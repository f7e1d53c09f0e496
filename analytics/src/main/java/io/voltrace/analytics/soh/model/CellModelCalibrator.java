package io.voltrace.analytics.soh.model;

import io.voltrace.analytics.soh.aging.CellHistory;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits a {@link CellModel} on labelled cells: for every window position on a grid, capacity against the window's
 * charge by least squares (a quadratic), over every labelled cycle of every cell whose label is the capacity
 * ({@link CellHistory#valid()}). The current the model stands for is the median of the constant-current segments'
 * currents; segments more than 15 % away from it are left out.
 *
 * <p>Each window's sigma is its error on cells it has not seen: with two or more cells, the window is refitted
 * without each cell in turn and scored on that cell; sigma is the root mean square of those errors. With one cell it
 * is the in-sample residual, which understates it, and the model says so.
 *
 * @param spanVolts   window width, volts per cell (the target: any 0.3 V span)
 * @param gridVolts   spacing of window positions
 * @param minCycles   fewest labelled cycles a window needs to be fitted
 */
public record CellModelCalibrator(double spanVolts, double gridVolts, int minCycles) {

    public CellModelCalibrator {
        if (!(spanVolts > 0) || !(gridVolts > 0) || minCycles < 4) {
            throw new IllegalArgumentException("calibration parameters out of range");
        }
    }

    public static CellModelCalibrator defaults() {
        return new CellModelCalibrator(0.3, 0.01, 20);
    }

    /** One labelled constant-current segment. */
    record Sample(int cell, double labelAh, Segment segment) {
    }

    public CellModel calibrate(List<CellHistory> cells, Chemistry chemistry, double nominalAh) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("no cell to calibrate on");
        }
        String sigma = cells.size() >= 2 ? "leave-one-cell-out" : "in-sample";
        return new CellModel(CellModel.FORMAT, CellModel.VERSION, chemistry.name().toLowerCase(Locale.ROOT),
                nominalAh, cells.stream().map(CellHistory::name).toList(), sigma,
                fit(cells, Direction.CHARGE, nominalAh), fit(cells, Direction.DISCHARGE, nominalAh));
    }

    /** The labelled constant-current segments of one direction, at the dominant current. */
    static List<Sample> samples(List<CellHistory> cells, Direction direction, double nominalAh, double[] cRateOut) {
        List<Sample> all = new ArrayList<>();
        for (int k = 0; k < cells.size(); k++) {
            CellHistory h = cells.get(k);
            for (CellHistory.CycleSegment cs : h.segments()) {
                if (h.valid().contains(cs.cycle()) && WindowCharge.constantCurrent(cs.segment(), direction)) {
                    all.add(new Sample(k, h.cell().labels().get(cs.cycle()).capacityAh(), cs.segment()));
                }
            }
        }
        if (all.isEmpty()) {
            return all;
        }
        double[] rates = all.stream().mapToDouble(s -> WindowCharge.cRate(s.segment(), nominalAh)).sorted().toArray();
        double median = rates[rates.length / 2];
        cRateOut[0] = median;
        return all.stream().filter(s -> Math.abs(WindowCharge.cRate(s.segment(), nominalAh) - median)
                <= WindowCharge.CURRENT_TOLERANCE * median).toList();
    }

    private WindowSet fit(List<CellHistory> cells, Direction direction, double nominalAh) {
        double[] cRate = {Double.NaN};
        List<Sample> samples = samples(cells, direction, nominalAh, cRate);
        if (samples.size() < minCycles) {
            return null;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Sample s : samples) {
            lo = Math.min(lo, s.segment().minVolts());
            hi = Math.max(hi, s.segment().maxVolts());
        }
        List<WindowFit> fits = new ArrayList<>();
        long first = (long) Math.ceil(lo / gridVolts - 1e-9);
        long last = (long) Math.floor((hi - spanVolts) / gridVolts + 1e-9);
        for (long g = first; g <= last; g++) {
            double low = Math.round(g * gridVolts * 1e4) / 1e4;
            WindowFit f = fitWindow(samples, cells.size(), low);
            if (f != null) {
                fits.add(f);
            }
        }
        return fits.isEmpty() ? null : new WindowSet(direction, cRate[0], spanVolts, fits);
    }

    private WindowFit fitWindow(List<Sample> samples, int cellCount, double low) {
        int n = 0;
        double[] w = new double[samples.size()];
        double[] y = new double[samples.size()];
        int[] cell = new int[samples.size()];
        for (Sample s : samples) {
            double x = WindowCharge.of(s.segment(), low, spanVolts);
            if (Double.isFinite(x)) {
                w[n] = x;
                y[n] = s.labelAh();
                cell[n] = s.cell();
                n++;
            }
        }
        if (n < minCycles) {
            return null;
        }
        w = Arrays.copyOf(w, n);
        y = Arrays.copyOf(y, n);
        double[] all = Quadratic.fit(w, y, null, -1);
        if (all == null) {
            return null;
        }
        double ss = 0;
        int count = 0;
        if (cellCount >= 2) {
            for (int k = 0; k < cellCount; k++) {
                double[] without = Quadratic.fit(w, y, cell, k);
                if (without == null) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    if (cell[i] == k) {
                        double e = Quadratic.value(without, w[i]) - y[i];
                        ss += e * e;
                        count++;
                    }
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                double e = Quadratic.value(all, w[i]) - y[i];
                ss += e * e;
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        double min = Arrays.stream(w).min().orElseThrow();
        double max = Arrays.stream(w).max().orElseThrow();
        return new WindowFit(low, all[0], all[1], all[2], Math.sqrt(ss / count), n, min, max);
    }
}
