package io.voltrace.common.wire;

import java.util.Arrays;

/**
 * Every cell's voltage and every temperature sensor's reading at one instant, taken by the edge at a configured rate
 * (pack signals travel as {@link PackSample}s at their own rate). Arrays are copied in and out: the record stays
 * immutable. A reading the BMS has not reported is NaN.
 *
 * @param ts           snapshot time, epoch milliseconds
 * @param voltages     cell voltages in volts, index 0 = cell 1
 * @param temperatures sensor temperatures in °C, index 0 = sensor 1
 */
public record CellSnapshot(long ts, double[] voltages, double[] temperatures) {

    public CellSnapshot {
        voltages = voltages.clone();
        temperatures = temperatures.clone();
    }

    @Override
    public double[] voltages() {
        return voltages.clone();
    }

    @Override
    public double[] temperatures() {
        return temperatures.clone();
    }

    public int cellCount() {
        return voltages.length;
    }

    public int sensorCount() {
        return temperatures.length;
    }

    /** Cell voltage by 0-based index, without copying the array. */
    public double voltage(int cell) {
        return voltages[cell];
    }

    /** Sensor temperature by 0-based index, without copying the array. */
    public double temperature(int sensor) {
        return temperatures[sensor];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CellSnapshot s && ts == s.ts
                && Arrays.equals(voltages, s.voltages) && Arrays.equals(temperatures, s.temperatures);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(ts) * 31 + Arrays.hashCode(voltages)) * 31 + Arrays.hashCode(temperatures);
    }

    @Override
    public String toString() {
        return "CellSnapshot[ts=" + ts + ", voltages=" + Arrays.toString(voltages)
                + ", temperatures=" + Arrays.toString(temperatures) + "]";
    }
}
