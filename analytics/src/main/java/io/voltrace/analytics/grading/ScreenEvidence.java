package io.voltrace.analytics.grading;

import io.voltrace.analytics.soh.PackTable;
import io.voltrace.analytics.soh.RestPeriod;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import tech.tablesaw.api.Table;

/**
 * What the safety screens read from a pack's telemetry: per-day voltage and temperature extremes and the relaxed
 * rests. A year of one-a-minute telemetry (525,600 rows) reduces to about 365 days and a thousand rests, so it is
 * extracted as telemetry arrives and a pack is graded at retirement from its evidence, not from a year of raw rows.
 *
 * @param samples telemetry rows reduced
 * @param firstTs first row, epoch ms (0 when there were none)
 * @param lastTs  last row, epoch ms (0 when there were none)
 * @param days    one entry per UTC day with telemetry, in time order
 * @param rests   rests of the policy's minimum length or more, in time order
 */
public record ScreenEvidence(int samples, long firstTs, long lastTs, List<DayExtremes> days, List<RestEvidence> rests) {

    /** Relaxed voltage is averaged over this long at each end of a self-discharge reading: telemetry is in mV steps. */
    static final long OCV_WINDOW_MS = 10 * 60_000L;

    public ScreenEvidence {
        days = List.copyOf(days);
        rests = List.copyOf(rests);
        if (samples < 0 || lastTs < firstTs) {
            throw new IllegalArgumentException("evidence window runs backwards");
        }
    }

    public static ScreenEvidence empty() {
        return new ScreenEvidence(0, 0, 0, List.of(), List.of());
    }

    /** Days the telemetry spans, first row to last. */
    public double spanDays() {
        return (lastTs - firstTs) / (double) DayExtremes.DAY_MS;
    }

    public static ScreenEvidence extract(List<PackSample> samples, GradingPolicy policy) {
        return extract(PackTable.of(samples), policy);
    }

    /** Reduces a table from {@link PackTable#of} with the policy's rest definition and self-discharge timing. */
    public static ScreenEvidence extract(Table pack, GradingPolicy policy) {
        int n = pack.rowCount();
        if (n == 0) {
            return empty();
        }
        long[] ts = pack.longColumn(PackTable.TS).asLongArray();
        double[] min = pack.doubleColumn(PackTable.CELL_MIN).asDoubleArray();
        double[] max = pack.doubleColumn(PackTable.CELL_MAX).asDoubleArray();
        double[] temp = pack.doubleColumn(PackTable.TEMP_MAX).asDoubleArray();
        double[] avg = pack.doubleColumn(PackTable.CELL_AVG).asDoubleArray();
        double[] netAh = pack.doubleColumn(PackTable.NET_AH).asDoubleArray();
        return new ScreenEvidence(n, ts[0], ts[n - 1], days(ts, min, max, temp),
                rests(pack, policy, ts, min, max, avg, netAh));
    }

    /** Joins evidence of consecutive windows; a day cut by a window edge is joined, a rest cut by one stays two. */
    public static ScreenEvidence concat(List<ScreenEvidence> parts) {
        TreeMap<Long, DayExtremes> days = new TreeMap<>();
        List<RestEvidence> rests = new ArrayList<>();
        int samples = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ScreenEvidence p : parts) {
            if (p.samples == 0) {
                continue;
            }
            samples += p.samples;
            first = Math.min(first, p.firstTs);
            last = Math.max(last, p.lastTs);
            p.days.forEach(d -> days.merge(d.dayStartTs(), d, DayExtremes::merge));
            rests.addAll(p.rests);
        }
        if (samples == 0) {
            return empty();
        }
        rests.sort(Comparator.comparingLong(RestEvidence::startTs));
        return new ScreenEvidence(samples, first, last, new ArrayList<>(days.values()), rests);
    }

    private static List<DayExtremes> days(long[] ts, double[] min, double[] max, double[] temp) {
        List<DayExtremes> days = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= ts.length; i++) {
            if (i == ts.length || Math.floorDiv(ts[i], DayExtremes.DAY_MS) != Math.floorDiv(ts[start],
                    DayExtremes.DAY_MS)) {
                int lo = start;
                int hi = start;
                int hot = start;
                for (int j = start + 1; j < i; j++) {
                    if (min[j] < min[lo]) {
                        lo = j;
                    }
                    if (max[j] > max[hi]) {
                        hi = j;
                    }
                    if (temp[j] > temp[hot]) {
                        hot = j;
                    }
                }
                days.add(new DayExtremes(Math.floorDiv(ts[start], DayExtremes.DAY_MS) * DayExtremes.DAY_MS,
                        i - start, min[lo], ts[lo], max[hi], ts[hi], temp[hot], ts[hot]));
                start = i;
            }
        }
        return days;
    }

    /**
     * Spread per rest is the median over its relaxed rows, so one glitched reading cannot send a pack to recovery; a
     * weak cell shows in every row of a rest.
     */
    private static List<RestEvidence> rests(Table pack, GradingPolicy policy, long[] ts, double[] min, double[] max,
                                            double[] avg, double[] netAh) {
        List<RestPeriod> periods = policy.rest().find(pack);
        long minRestMs = Math.round(policy.rest().minRestMinutes() * 60_000.0);
        long settleMs = Math.round(policy.selfDischarge().settleHours() * 3_600_000.0);
        long driftMs = Math.round(policy.selfDischarge().minHours() * 3_600_000.0);
        List<RestEvidence> rests = new ArrayList<>(periods.size());
        double[] spread = new double[16];
        for (RestPeriod r : periods) {
            int rows = r.lastRow() - r.firstRow() + 1;
            if (spread.length < rows) {
                spread = new double[Math.max(rows, spread.length * 2)];
            }
            int count = 0;
            for (int i = r.firstRow(); i <= r.lastRow(); i++) {
                if (ts[i] - r.startTs() >= minRestMs) {
                    spread[count++] = max[i] - min[i];
                }
            }
            Arrays.sort(spread, 0, count);
            double median = count % 2 == 1 ? spread[count / 2] : (spread[count / 2 - 1] + spread[count / 2]) / 2;
            rests.add(new RestEvidence(r.startTs(), r.endTs(), median,
                    drift(r, settleMs, driftMs, ts, min, avg, netAh)));
        }
        return rests;
    }

    private static OcvDrift drift(RestPeriod r, long settleMs, long driftMs, long[] ts, double[] min, double[] avg,
                                  double[] netAh) {
        long fromStart = r.startTs() + settleMs;
        long toEnd = r.endTs();
        if (toEnd - OCV_WINDOW_MS - fromStart < driftMs) {
            return null;
        }
        double[] from = window(r.firstRow(), r.lastRow(), fromStart, fromStart + OCV_WINDOW_MS, ts, min, avg,
                netAh);
        double[] to = window(r.firstRow(), r.lastRow(), toEnd - OCV_WINDOW_MS, toEnd, ts, min, avg, netAh);
        if (from == null || to == null || to[0] <= from[0]) {
            return null;
        }
        return new OcvDrift(Math.round(from[0]), Math.round(to[0]), from[1], to[1], to[2] - from[2], from[3],
                to[3]);
    }

    /**
     * Mean time, lowest-cell voltage, net charge and mean-cell voltage over the rows in [fromTs, toTs], or null when
     * there are none.
     */
    private static double[] window(int first, int last, long fromTs, long toTs, long[] ts, double[] min,
                                   double[] avg, double[] netAh) {
        double t = 0;
        double v = 0;
        double ah = 0;
        double mean = 0;
        int count = 0;
        for (int i = first; i <= last; i++) {
            if (ts[i] >= fromTs && ts[i] <= toTs) {
                t += ts[i];
                v += min[i];
                ah += netAh[i];
                mean += avg[i];
                count++;
            }
        }
        return count == 0 ? null : new double[]{t / count, v / count, ah / count, mean / count};
    }
}
