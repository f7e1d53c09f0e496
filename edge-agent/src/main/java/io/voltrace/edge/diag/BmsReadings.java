package io.voltrace.edge.diag;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * BMS model fields read from diagnostic responses: cell voltages and temperatures by index (0 = cell or sensor 1,
 * NaN where not read) and scalar fields. {@link #merge} builds the latest-of-each-field snapshot. Not thread-safe.
 */
public final class BmsReadings {

    private double[] cellVoltages = new double[0];
    private double[] cellTemperatures = new double[0];
    private final Map<BmsTarget, Double> scalars = new EnumMap<>(BmsTarget.class);

    /** Sets element {@code index} (0-based) of an array field, or a scalar field ({@code index} ignored). */
    public void set(BmsTarget target, int index, double value) {
        switch (target) {
            case CELL_VOLTAGES -> cellVoltages = put(cellVoltages, index, value);
            case CELL_TEMPERATURES -> cellTemperatures = put(cellTemperatures, index, value);
            default -> scalars.put(target, value);
        }
    }

    private static double[] put(double[] a, int index, double value) {
        if (index >= a.length) {
            int n = a.length;
            a = Arrays.copyOf(a, index + 1);
            Arrays.fill(a, n, a.length, Double.NaN);
        }
        a[index] = value;
        return a;
    }

    /** Takes every field {@code newer} holds (cells element by element, where read). */
    public void merge(BmsReadings newer) {
        for (int i = 0; i < newer.cellVoltages.length; i++) {
            if (!Double.isNaN(newer.cellVoltages[i])) {
                cellVoltages = put(cellVoltages, i, newer.cellVoltages[i]);
            }
        }
        for (int i = 0; i < newer.cellTemperatures.length; i++) {
            if (!Double.isNaN(newer.cellTemperatures[i])) {
                cellTemperatures = put(cellTemperatures, i, newer.cellTemperatures[i]);
            }
        }
        newer.scalars.forEach((k, v) -> {
            if (!Double.isNaN(v)) {
                scalars.put(k, v);
            }
        });
    }

    /** Cell voltages by index (a copy; NaN where not read). */
    public double[] cellVoltages() {
        return cellVoltages.clone();
    }

    /** Cell temperatures by index (a copy; NaN where not read). */
    public double[] cellTemperatures() {
        return cellTemperatures.clone();
    }

    /** A scalar field, NaN when not read. */
    public double scalar(BmsTarget target) {
        Double v = scalars.get(target);
        return v == null ? Double.NaN : v;
    }

    /** Scalar fields read, in declaration order. */
    public Map<BmsTarget, Double> scalars() {
        return new EnumMap<>(scalars);
    }

    public boolean isEmpty() {
        return cellVoltages.length == 0 && cellTemperatures.length == 0 && scalars.isEmpty();
    }
}
