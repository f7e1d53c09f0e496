package io.voltrace.edge.health;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.edge.bms.PackSampler;
import java.util.Objects;

/**
 * Reports what the BMS itself says of the pack's health (its SOH and capacity, from a diagnostic poll) as
 * {@link HealthEvidence.Type#BMS_HEALTH} evidence, so the cloud can show it beside its own estimate: never merged
 * with it, since a BMS may read 110 % or jump for a pack variant it does not know.
 *
 * <p>A BMS restates the same figure on every poll; sending each would fill the registry with copies. So a statement is
 * sent when it is the first, when it differs from the last one sent and at least {@code interval} of frame time has
 * passed, or when a day of frame time has passed (so the cloud knows the figure is still current). Called after every
 * frame: a counter comparison unless the BMS said something new.
 */
public final class BmsHealthWatch {
    /** Even an unchanged statement is sent once a day of frame time: its time says how current it is. */
    static final long RESTATE_MILLIS = 86_400_000L;

    private final String device;
    private final String battery;
    private final long intervalMillis;
    private final HealthWatch.Sink sink;

    private long seenUpdates;
    private long lastSentMillis = Long.MIN_VALUE;
    private double sentSoh = Double.NaN;
    private double sentCapacity = Double.NaN;
    private volatile long reports;

    public BmsHealthWatch(String device, String battery, java.time.Duration interval, HealthWatch.Sink sink) {
        this.device = Objects.requireNonNull(device, "device");
        this.battery = Objects.requireNonNull(battery, "battery");
        this.intervalMillis = interval.toMillis();
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Looks at the sampler's BMS health after it took the frame of time {@code tsMillis}. */
    public void observe(long tsMillis, PackSampler sampler) {
        long updates = sampler.bmsHealthUpdates();
        if (updates == seenUpdates) {
            return;
        }
        seenUpdates = updates;
        statement(tsMillis, sampler.bmsSoh(), sampler.bmsCapacityAh());
    }

    /**
     * A new statement of the BMS.
     *
     * @param soh        percent, NaN when the BMS has not stated one
     * @param capacityAh ampere-hours, NaN when not stated
     */
    public void statement(long tsMillis, double soh, double capacityAh) {
        boolean sohOk = Double.isFinite(soh) && soh >= 0;
        boolean capOk = Double.isFinite(capacityAh) && capacityAh > 0;
        if (!sohOk && !capOk) {
            return;
        }
        boolean first = lastSentMillis == Long.MIN_VALUE || tsMillis < lastSentMillis; // a replay started over
        boolean changed = !same(soh, sentSoh) || !same(capacityAh, sentCapacity);
        long since = first ? Long.MAX_VALUE : tsMillis - lastSentMillis;
        if (!first && !(changed && since >= intervalMillis) && since < RESTATE_MILLIS) {
            return;
        }
        lastSentMillis = tsMillis;
        sentSoh = soh;
        sentCapacity = capacityAh;
        reports++;
        sink.accept(HealthEvidence.bmsHealth(device, battery, tsMillis, sohOk ? soh : null, capOk ? capacityAh : null),
                false);
    }

    /** BMS health statements sent so far. */
    public long reports() {
        return reports;
    }

    private static boolean same(double a, double b) {
        return Double.isNaN(a) ? Double.isNaN(b) : a == b;
    }
}
