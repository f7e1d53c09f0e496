package io.voltrace.analytics.soh;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Finds rests long enough for the cells to have relaxed to their open-circuit voltage.
 *
 * <p>A current reading is only a snapshot; the edge's counters cover the whole gap between samples. So a row continues
 * a rest only if its current is below the threshold and the counters moved no more since the previous row than that
 * threshold current could have moved: a short drive between two sparse samples then breaks the rest.
 *
 * @param restCurrentAmps below this |current| the pack counts as resting (sensor noise stays well under it)
 * @param minRestMinutes  rest needed before the cell voltage is taken as OCV
 */
public record RestDetector(double restCurrentAmps, double minRestMinutes) {
    /** Floating-point slack on counter steps, far below any real charge movement. */
    private static final double COUNTER_SLACK_AH = 1e-6;
    private static final double MS_PER_HOUR = 3_600_000.0;

    public RestDetector {
        if (!(restCurrentAmps > 0) || !(minRestMinutes > 0)) {
            throw new IllegalArgumentException("rest current threshold and minimum rest must be positive");
        }
    }

    public static RestDetector defaults() {
        return new RestDetector(0.5, 20);
    }

    /** Rests of at least {@code minRestMinutes}, in time order, over a table from {@link PackTable#of}. */
    public List<RestPeriod> find(Table pack) {
        int n = pack.rowCount();
        List<RestPeriod> rests = new ArrayList<>();
        if (n == 0) {
            return rests;
        }
        LongColumn ts = pack.longColumn(PackTable.TS);
        DoubleColumn throughput = pack.doubleColumn(PackTable.THROUGHPUT_AH);
        DoubleColumn step = throughput.subtract(throughput.lag(1));
        DoubleColumn allowance = ts.subtract(ts.lag(1)).multiply(restCurrentAmps / MS_PER_HOUR);
        boolean[] low = flags(n, pack.doubleColumn(PackTable.CURRENT).abs().isLessThan(restCurrentAmps).toArray());
        boolean[] still = flags(n, step.subtract(allowance).isLessThanOrEqualTo(COUNTER_SLACK_AH)
                .and(step.isGreaterThanOrEqualTo(-COUNTER_SLACK_AH)).toArray());
        int[] epoch = pack.intColumn(PackTable.COUNTER_EPOCH).asIntArray();
        long[] t = ts.asLongArray();
        long minRestMs = Math.round(minRestMinutes * 60_000.0);

        int start = -1;
        for (int i = 0; i <= n; i++) {
            boolean continues = i < n && start >= 0 && low[i] && still[i] && epoch[i] == epoch[i - 1];
            if (continues) {
                continue;
            }
            if (start >= 0 && t[i - 1] - t[start] >= minRestMs) {
                rests.add(new RestPeriod(start, i - 1, t[start], t[i - 1]));
            }
            start = i < n && low[i] ? i : -1;
        }
        return rests;
    }

    private static boolean[] flags(int n, int[] selected) {
        boolean[] f = new boolean[n];
        for (int row : selected) {
            f[row] = true;
        }
        return f;
    }
}
