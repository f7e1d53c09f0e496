package io.voltrace.analytics.passport;

import io.voltrace.common.wire.PackSample;

/**
 * Counts a pack's telemetry into {@link TelemetryTotals}, one sample at a time in time order: the one piece of
 * arithmetic behind the battery condition's telemetry figures, used both by {@link BatteryConditionBuilder} over a
 * whole history and by a reducer as samples arrive (continuing from saved totals), so the two cannot drift. Samples
 * with a non-finite reading are left out. Not thread-safe.
 */
public final class TelemetryCounter {
    /** A gap between samples longer than this is not attributed to either side's temperature. */
    public static final long MAX_GAP_MS = 10 * 60_000L;

    private final ConditionThresholds t;
    private long samples;
    private long firstTs;
    private double throughputAh;
    private double energyKwh;
    private int counterRestarts;
    private double above;
    private double below;
    private double chargingAbove;
    private double chargingBelow;
    private double unobserved;
    private TelemetryTotals.Episodes deep;
    private TelemetryTotals.Episodes over;
    private TelemetryTotals.Episodes hot;
    private TelemetryTotals.Last last;

    public TelemetryCounter(ConditionThresholds thresholds) {
        this(thresholds, TelemetryTotals.none());
    }

    /** Counts on from {@code from} (totals saved earlier with the same thresholds). */
    public TelemetryCounter(ConditionThresholds thresholds, TelemetryTotals from) {
        this.t = thresholds;
        samples = from.samples();
        firstTs = from.firstTs();
        throughputAh = from.throughputAh();
        energyKwh = from.energyKwh();
        counterRestarts = from.counterRestarts();
        above = from.minutesAboveHigh();
        below = from.minutesBelowLow();
        chargingAbove = from.minutesChargingAboveHigh();
        chargingBelow = from.minutesChargingBelowLow();
        unobserved = from.unobservedMinutes();
        deep = from.deepDischarge();
        over = from.overVoltage();
        hot = from.overTemperature();
        last = from.last();
    }

    /**
     * Counts one sample. Returns false when it has a non-finite reading (left out).
     *
     * @throws IllegalArgumentException when it is earlier than the last sample counted: the caller orders samples
     */
    public boolean accept(PackSample b) {
        if (!finite(b)) {
            return false;
        }
        TelemetryTotals.Last a = last;
        if (a != null && b.ts() < a.ts()) {
            throw new IllegalArgumentException("sample at " + b.ts() + " is earlier than the last one counted, "
                    + a.ts());
        }
        if (a == null) {
            firstTs = b.ts();
        } else {
            step(a, b);
        }
        deep = episode(deep, b.cellVoltageMin(), b.cellVoltageMin() < t.deepDischargeV(), false, b.ts());
        over = episode(over, b.cellVoltageMax(), b.cellVoltageMax() > t.overVoltageV(), true, b.ts());
        hot = episode(hot, b.tempMax(), b.tempMax() > t.overTempC(), true, b.ts());
        last = new TelemetryTotals.Last(b.ts(), b.packVoltage(), b.packCurrent(), b.soc(), b.ahCharged(),
                b.ahDischarged(), b.tempMin(), b.tempMax());
        samples++;
        return true;
    }

    public TelemetryTotals totals() {
        return new TelemetryTotals(samples, firstTs, throughputAh, energyKwh, counterRestarts, above, below,
                chargingAbove, chargingBelow, unobserved, deep, over, hot, last);
    }

    /** The interval from a to b: the counters' charge, and a's temperature for its minutes. */
    private void step(TelemetryTotals.Last a, PackSample b) {
        double dCh = b.ahCharged() - a.ahCharged();
        double dDis = b.ahDischarged() - a.ahDischarged();
        if (dCh < -1e-6 || dDis < -1e-6) {
            counterRestarts++; // a fresh counter: the charge of this one step is not known
        } else {
            double ah = Math.max(0, dCh) + Math.max(0, dDis);
            throughputAh += ah;
            energyKwh += ah * (a.packVoltage() + b.packVoltage()) / 2 / 1000;
        }
        long dt = b.ts() - a.ts();
        double minutes = dt / 60_000.0;
        if (dt > MAX_GAP_MS) {
            unobserved += minutes;
            return;
        }
        boolean charging = a.packCurrent() > t.chargingAmps();
        TemperatureLimits l = t.limits();
        if (a.tempMax() > l.highC()) {
            above += minutes;
        }
        if (a.tempMin() < l.lowC()) {
            below += minutes;
        }
        if (charging && a.tempMax() > l.chargingHighC()) {
            chargingAbove += minutes;
        }
        if (charging && a.tempMin() < l.chargingLowC()) {
            chargingBelow += minutes;
        }
    }

    private static TelemetryTotals.Episodes episode(TelemetryTotals.Episodes e, double v, boolean beyond,
                                                    boolean high, long ts) {
        if (!beyond) {
            return e.inside() ? new TelemetryTotals.Episodes(e.count(), false, e.worst(), e.lastTs()) : e;
        }
        return new TelemetryTotals.Episodes(e.inside() ? e.count() : e.count() + 1, true,
                high ? Math.max(e.worst(), v) : Math.min(e.worst(), v), ts);
    }

    private static boolean finite(PackSample s) {
        return Double.isFinite(s.packVoltage()) && Double.isFinite(s.packCurrent()) && Double.isFinite(s.soc())
                && Double.isFinite(s.ahCharged()) && Double.isFinite(s.ahDischarged())
                && Double.isFinite(s.cellVoltageMin()) && Double.isFinite(s.cellVoltageMax())
                && Double.isFinite(s.cellVoltageAvg()) && Double.isFinite(s.tempMin())
                && Double.isFinite(s.tempMax());
    }
}
