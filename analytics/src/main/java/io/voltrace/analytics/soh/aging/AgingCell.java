package io.voltrace.analytics.soh.aging;

import io.voltrace.evidence.Point;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One cell's aging history in the layout of {@code aging-calce}: every reading in time order with its cycle, and the
 * capacity labels. Held as arrays: a CALCE cell is about 300,000 readings.
 *
 * @param name         the cell (file name without {@code .csv.gz})
 * @param seconds      {@code test_time_s}: cumulative test time, never decreasing
 * @param cycles       {@code cycle} of each reading
 * @param amps         current, charge positive
 * @param volts        cell voltage
 * @param dischargeAh  the tester's cumulative discharge counter, NaN where the file has none
 * @param labels       capacity labels by cycle
 */
public record AgingCell(String name, double[] seconds, int[] cycles, double[] amps, double[] volts,
                        double[] dischargeAh, Map<Integer, CapacityLabel> labels) {

    public int size() {
        return seconds.length;
    }

    /** Reading i as the extractor takes it: time, current and voltage only, as a plain logger would give them. */
    public Point point(int i) {
        return Point.of(Math.round(seconds[i] * 1000), amps[i], volts[i], Double.NaN);
    }

    /** The cycle of the reading at or just before {@code millis}; the first cycle before the first reading. */
    public int cycleAt(long millis) {
        double s = millis / 1000.0;
        int i = Arrays.binarySearch(seconds, s);
        if (i < 0) {
            i = -i - 2;
        } else {
            // Ties (rows less than 1 ms apart): the last of them.
            while (i + 1 < seconds.length && seconds[i + 1] == s) {
                i++;
            }
        }
        return cycles[Math.max(0, i)];
    }

    /**
     * The charge the tester's counter shows over a labelled discharge, counted from the last reading before the
     * discharge began: the label plus what passed before the discharge's first logged row (CALCE logs it about 30 s
     * after the step starts). NaN when the file has no counter or the counter reset inside the discharge.
     */
    public double deliveredAh(CapacityLabel label) {
        if (!Double.isFinite(label.startSeconds()) || !Double.isFinite(label.endSeconds())) {
            return Double.NaN;
        }
        int first = Arrays.binarySearch(seconds, label.startSeconds());
        if (first < 0) {
            return Double.NaN;
        }
        while (first > 0 && seconds[first - 1] == label.startSeconds()) {
            first--;
        }
        int last = Arrays.binarySearch(seconds, label.endSeconds());
        if (first == 0 || last < 0) {
            return Double.NaN;
        }
        while (last + 1 < seconds.length && seconds[last + 1] == label.endSeconds()) {
            last++;
        }
        double delivered = dischargeAh[last] - dischargeAh[first - 1];
        return delivered >= label.capacityAh() - 1e-9 ? delivered : Double.NaN;
    }

    /** Cells in name order. */
    public static List<String> names(List<AgingCell> cells) {
        return cells.stream().map(AgingCell::name).toList();
    }
}
