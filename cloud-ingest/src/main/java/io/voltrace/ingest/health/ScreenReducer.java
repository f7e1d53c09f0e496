package io.voltrace.ingest.health;

import io.voltrace.analytics.grading.DayExtremes;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.OcvDrift;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.common.wire.PackSample;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * What the grading's safety screens read ({@code ScreenEvidence}: per-day cell voltage and temperature extremes, and
 * relaxed rests with their cell spread and lowest- and mean-cell OCV drift), reduced one sample at a time in bounded memory,
 * by the same rules {@code ScreenEvidence.extract} applies to a whole table: the rest detector's current threshold
 * and counter allowance, the policy's settle and drift times, the 10-minute OCV windows. Fed in time order; samples
 * with a non-finite reading are left out, as the table leaves them out.
 *
 * <p>Closed days and rests go to the sink; the open ones are given by {@link #openDay} and {@link #openRest} without
 * closing them. Serializable: it is part of a battery's reducer state.
 */
final class ScreenReducer implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double COUNTER_SLACK_AH = 1e-6;
    private static final double COUNTER_RESET_AH = 1e-6;
    private static final long OCV_WINDOW_MS = 10 * 60_000L;
    /** Spread readings kept per rest for its median; a longer rest keeps every other one from then on. */
    private static final int MAX_SPREADS = 2048;
    /** Readings kept for the closing OCV window (10 minutes): plenty at one a second. */
    private static final int MAX_TAIL = 1024;

    interface Sink {
        void day(DayExtremes day);

        void rest(RestEvidence rest);
    }

    private final double restAmps;
    private final long minRestMs;
    private final long settleMs;
    private final long driftMs;

    // The previous finite sample.
    private boolean started;
    private long lastTs;
    private double lastAhCharged;
    private double lastAhDischarged;
    private int epoch;

    // The open day.
    private long dayStart = Long.MIN_VALUE;
    private int daySamples;
    private double dayMin;
    private long dayMinTs;
    private double dayMax;
    private long dayMaxTs;
    private double dayTemp;
    private long dayTempTs;

    // The open rest (restStart < 0: none).
    private long restStart = -1;
    private long restEnd;
    private int restEpoch;
    private double[] spreads = new double[64];
    private int spreadCount;
    private int spreadStride = 1;
    private int spreadSeen;
    private double fromT;
    private double fromV;
    private double fromAh;
    private double fromMean;
    private int fromN;
    /**
     * Whether this rest's readings carry the mean cell: false in a state saved before it was kept (its fields then
     * deserialize to their defaults and its tail rows are three long), which reads the rest the old way.
     */
    private boolean meanKept;
    private final ArrayDeque<double[]> tail = new ArrayDeque<>();

    ScreenReducer(GradingPolicy policy) {
        this.restAmps = policy.rest().restCurrentAmps();
        this.minRestMs = Math.round(policy.rest().minRestMinutes() * 60_000.0);
        this.settleMs = Math.round(policy.selfDischarge().settleHours() * 3_600_000.0);
        this.driftMs = Math.round(policy.selfDischarge().minHours() * 3_600_000.0);
    }

    static boolean finite(PackSample s) {
        return Double.isFinite(s.packCurrent()) && Double.isFinite(s.ahCharged()) && Double.isFinite(s.ahDischarged())
                && Double.isFinite(s.cellVoltageAvg()) && Double.isFinite(s.cellVoltageMin())
                && Double.isFinite(s.cellVoltageMax()) && Double.isFinite(s.tempMax());
    }

    /** The next sample, later than the one before (the caller keeps the order). */
    void accept(PackSample s, Sink sink) {
        if (!finite(s)) {
            return;
        }
        boolean still = false;
        int previousEpoch = epoch;
        if (started) {
            if (s.ahCharged() < lastAhCharged - COUNTER_RESET_AH
                    || s.ahDischarged() < lastAhDischarged - COUNTER_RESET_AH) {
                epoch++;
            }
            double step = (s.ahCharged() + s.ahDischarged()) - (lastAhCharged + lastAhDischarged);
            double allowance = (s.ts() - lastTs) * restAmps / 3_600_000.0;
            still = step - allowance <= COUNTER_SLACK_AH && step >= -COUNTER_SLACK_AH;
        }
        day(s, sink);
        boolean low = Math.abs(s.packCurrent()) < restAmps;
        boolean continues = restStart >= 0 && low && still && epoch == previousEpoch;
        if (!continues) {
            if (restStart >= 0) {
                RestEvidence r = restEvidence();
                if (r != null) {
                    sink.rest(r);
                }
            }
            restStart = -1;
            if (low) {
                startRest(s);
            }
        }
        if (restStart >= 0) {
            addToRest(s);
        }
        started = true;
        lastTs = s.ts();
        lastAhCharged = s.ahCharged();
        lastAhDischarged = s.ahDischarged();
    }

    private void day(PackSample s, Sink sink) {
        long start = Math.floorDiv(s.ts(), DayExtremes.DAY_MS) * DayExtremes.DAY_MS;
        if (start != dayStart) {
            DayExtremes closed = openDay();
            if (closed != null) {
                sink.day(closed);
            }
            dayStart = start;
            daySamples = 0;
        }
        if (daySamples == 0 || s.cellVoltageMin() < dayMin) {
            dayMin = s.cellVoltageMin();
            dayMinTs = s.ts();
        }
        if (daySamples == 0 || s.cellVoltageMax() > dayMax) {
            dayMax = s.cellVoltageMax();
            dayMaxTs = s.ts();
        }
        if (daySamples == 0 || s.tempMax() > dayTemp) {
            dayTemp = s.tempMax();
            dayTempTs = s.ts();
        }
        daySamples++;
    }

    /** The day being reduced, or null before the first sample. */
    DayExtremes openDay() {
        return daySamples == 0 ? null
                : new DayExtremes(dayStart, daySamples, dayMin, dayMinTs, dayMax, dayMaxTs, dayTemp, dayTempTs);
    }

    /** The rest going on now, as if it ended at the last sample; null when none is long enough. */
    RestEvidence openRest() {
        return restStart < 0 ? null : restEvidence();
    }

    private void startRest(PackSample s) {
        restStart = s.ts();
        restEpoch = epoch;
        spreadCount = 0;
        spreadStride = 1;
        spreadSeen = 0;
        fromT = 0;
        fromV = 0;
        fromAh = 0;
        fromMean = 0;
        fromN = 0;
        meanKept = true;
        tail.clear();
    }

    private void addToRest(PackSample s) {
        restEnd = s.ts();
        long t = s.ts();
        if (t - restStart >= minRestMs) {
            // Every stride-th reading; when the buffer is full, keep every other and double the stride.
            if (spreadSeen++ % spreadStride == 0) {
                if (spreadCount == MAX_SPREADS) {
                    for (int i = 0; i < MAX_SPREADS / 2; i++) {
                        spreads[i] = spreads[2 * i];
                    }
                    spreadCount = MAX_SPREADS / 2;
                    spreadStride *= 2;
                }
                if (spreadCount == spreads.length) {
                    spreads = Arrays.copyOf(spreads, Math.min(MAX_SPREADS, spreads.length * 2));
                }
                spreads[spreadCount++] = s.cellVoltageMax() - s.cellVoltageMin();
            }
        }
        long fromStart = restStart + settleMs;
        if (t >= fromStart && t <= fromStart + OCV_WINDOW_MS) {
            fromT += t;
            fromV += s.cellVoltageMin();
            fromAh += s.ahCharged() - s.ahDischarged();
            fromMean += s.cellVoltageAvg();
            fromN++;
        }
        tail.addLast(new double[]{t, s.cellVoltageMin(), s.ahCharged() - s.ahDischarged(), s.cellVoltageAvg()});
        while (tail.size() > MAX_TAIL || (!tail.isEmpty() && tail.peekFirst()[0] < t - OCV_WINDOW_MS)) {
            tail.pollFirst();
        }
    }

    private RestEvidence restEvidence() {
        if (restEnd - restStart < minRestMs) {
            return null;
        }
        double median;
        if (spreadCount == 0) {
            median = 0; // a rest exactly minRest long has no relaxed row after its start: as the table computes
        } else {
            double[] sorted = Arrays.copyOf(spreads, spreadCount);
            Arrays.sort(sorted);
            int n = sorted.length;
            median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
        return new RestEvidence(restStart, restEnd, Math.max(0, median), drift());
    }

    private OcvDrift drift() {
        long fromStart = restStart + settleMs;
        if (restEnd - OCV_WINDOW_MS - fromStart < driftMs || fromN == 0) {
            return null;
        }
        double t = 0;
        double v = 0;
        double ah = 0;
        double mean = 0;
        int n = 0;
        for (double[] r : tail) {
            if (r[0] >= restEnd - OCV_WINDOW_MS) {
                t += r[0];
                v += r[1];
                ah += r[2];
                mean += r.length > 3 ? r[3] : Double.NaN;
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        long from = Math.round(fromT / fromN);
        long to = Math.round(t / n);
        if (to <= from) {
            return null;
        }
        return meanKept ? new OcvDrift(from, to, fromV / fromN, v / n, ah / n - fromAh / fromN, fromMean / fromN,
                mean / n) : new OcvDrift(from, to, fromV / fromN, v / n, ah / n - fromAh / fromN);
    }
}
