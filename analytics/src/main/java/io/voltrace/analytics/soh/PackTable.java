package io.voltrace.analytics.soh;

import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * One pack's telemetry as a Tablesaw table, time-ordered, with the derived columns the health screens share: net charge
 * and throughput from the edge's coulomb counters, and a counter epoch that changes wherever a counter ran backwards
 * (an edge agent restarted with a fresh counter), because charge cannot be compared across such a break.
 */
public final class PackTable {
    public static final String TS = "ts";
    public static final String CURRENT = "current";
    /** Ah charged minus Ah discharged since the counter began. */
    public static final String NET_AH = "netAh";
    /** Ah charged plus Ah discharged: any charge moved at all, even if it nets out. */
    public static final String THROUGHPUT_AH = "throughputAh";
    public static final String COUNTER_EPOCH = "counterEpoch";
    public static final String CELL_AVG = "cellAvg";
    public static final String CELL_MIN = "cellMin";
    public static final String CELL_MAX = "cellMax";
    public static final String TEMP_MAX = "tempMax";

    /** Counters are floating point sums; a step back smaller than this is rounding, not a reset. */
    private static final double COUNTER_RESET_AH = 1e-6;

    private PackTable() {
    }

    /** Builds the table; samples with a non-finite reading are left out, since no screen could use them. */
    public static Table of(List<PackSample> samples) {
        List<PackSample> rows = new ArrayList<>(samples.size());
        for (PackSample s : samples) {
            if (finite(s)) {
                rows.add(s);
            }
        }
        if (!timeOrdered(rows)) {
            rows.sort(Comparator.comparingLong(PackSample::ts));
        }
        int n = rows.size();
        long[] ts = new long[n];
        double[] current = new double[n];
        double[] netAh = new double[n];
        double[] throughput = new double[n];
        int[] epoch = new int[n];
        double[] cellAvg = new double[n];
        double[] cellMin = new double[n];
        double[] cellMax = new double[n];
        double[] tempMax = new double[n];
        int currentEpoch = 0;
        for (int i = 0; i < n; i++) {
            PackSample s = rows.get(i);
            if (i > 0) {
                PackSample prev = rows.get(i - 1);
                if (s.ahCharged() < prev.ahCharged() - COUNTER_RESET_AH
                        || s.ahDischarged() < prev.ahDischarged() - COUNTER_RESET_AH) {
                    currentEpoch++;
                }
            }
            ts[i] = s.ts();
            current[i] = s.packCurrent();
            netAh[i] = s.ahCharged() - s.ahDischarged();
            throughput[i] = s.ahCharged() + s.ahDischarged();
            epoch[i] = currentEpoch;
            cellAvg[i] = s.cellVoltageAvg();
            cellMin[i] = s.cellVoltageMin();
            cellMax[i] = s.cellVoltageMax();
            tempMax[i] = s.tempMax();
        }
        return Table.create("pack",
                LongColumn.create(TS, ts),
                DoubleColumn.create(CURRENT, current),
                DoubleColumn.create(NET_AH, netAh),
                DoubleColumn.create(THROUGHPUT_AH, throughput),
                IntColumn.create(COUNTER_EPOCH, epoch),
                DoubleColumn.create(CELL_AVG, cellAvg),
                DoubleColumn.create(CELL_MIN, cellMin),
                DoubleColumn.create(CELL_MAX, cellMax),
                DoubleColumn.create(TEMP_MAX, tempMax));
    }

    static boolean finite(PackSample s) {
        return Double.isFinite(s.packCurrent()) && Double.isFinite(s.ahCharged()) && Double.isFinite(s.ahDischarged())
                && Double.isFinite(s.cellVoltageAvg()) && Double.isFinite(s.cellVoltageMin())
                && Double.isFinite(s.cellVoltageMax()) && Double.isFinite(s.tempMax());
    }

    private static boolean timeOrdered(List<PackSample> rows) {
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).ts() < rows.get(i - 1).ts()) {
                return false;
            }
        }
        return true;
    }
}
