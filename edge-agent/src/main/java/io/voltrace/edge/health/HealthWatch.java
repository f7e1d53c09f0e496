package io.voltrace.edge.health;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.edge.bms.BmsField;
import io.voltrace.edge.bms.PackSampler;
import java.util.List;
import java.util.Objects;

/**
 * Turns what the sampler holds of the BMS's safety monitors into health evidence and safety events: an insulation
 * reading at most once per interval (and at once when it falls below the warning threshold), and one event each time
 * a fault flag is raised or cleared. Called after every frame; the work per frame is a few comparisons unless
 * something changed, and nothing is allocated then.
 */
public final class HealthWatch {
    /** Where the evidence goes (the spool); {@code event} tells a safety event from a reading. */
    @FunctionalInterface
    public interface Sink {
        void accept(HealthEvidence evidence, boolean event);
    }

    /** Back above the threshold by this factor before a new fall is reported at once: no flapping on noise. */
    private static final double REARM_FACTOR = 1.1;

    private final String device;
    private final String battery;
    private final List<String> faultFlags;
    private final long intervalMillis;
    private final double warnOhmsPerVolt;
    private final Sink sink;

    private long insulationUpdates;
    private long lastInsulationMillis = Long.MIN_VALUE;
    private boolean belowWarning;
    private long faultBits;
    private volatile long readings;
    private volatile long warnings;
    private volatile long faultEvents;

    /**
     * @param faultFlags the mapping's fault flag names, flag i in bit i of the sampler's fault bits
     */
    public HealthWatch(String device, String battery, List<String> faultFlags, HealthSettings settings, Sink sink) {
        this.device = Objects.requireNonNull(device, "device");
        this.battery = Objects.requireNonNull(battery, "battery");
        this.faultFlags = List.copyOf(faultFlags);
        this.intervalMillis = settings.insulationInterval().toMillis();
        this.warnOhmsPerVolt = settings.insulationWarnOhmsPerVolt();
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Looks at the sampler's monitors after it took the frame of time {@code tsMillis}. */
    public void observe(long tsMillis, PackSampler sampler) {
        observe(tsMillis, sampler.updates(BmsField.INSULATION_RESISTANCE), sampler.insulationResistanceKohm(),
                sampler.value(BmsField.PACK_VOLTAGE), sampler.faultBits());
    }

    /**
     * Looks at the monitors after a frame.
     *
     * @param tsMillis          the frame's time, epoch milliseconds
     * @param insulationUpdates how many insulation readings the sampler has taken so far: a change means a new one
     * @param insulationKohm    the latest insulation reading, kOhm (NaN before the first)
     * @param packVolts         the latest pack voltage (NaN before the first)
     * @param activeFaults      the sampler's fault bits
     */
    public void observe(long tsMillis, long insulationUpdates, double insulationKohm, double packVolts,
                        long activeFaults) {
        if (activeFaults != faultBits) {
            faults(tsMillis, activeFaults);
        }
        if (insulationUpdates != this.insulationUpdates) {
            this.insulationUpdates = insulationUpdates;
            if (Double.isFinite(insulationKohm) && insulationKohm >= 0) {
                insulation(tsMillis, insulationKohm, packVolts);
            }
        }
    }

    private void faults(long tsMillis, long now) {
        long changed = now ^ faultBits;
        faultBits = now;
        for (int i = 0; i < faultFlags.size(); i++) {
            long bit = 1L << i;
            if ((changed & bit) != 0) {
                faultEvents++;
                sink.accept(HealthEvidence.fault(device, battery, tsMillis, faultFlags.get(i), (now & bit) != 0),
                        true);
            }
        }
    }

    private void insulation(long tsMillis, double kohm, double packVolts) {
        boolean voltageKnown = Double.isFinite(packVolts) && packVolts > 0;
        double ohmsPerVolt = voltageKnown ? kohm * 1000 / packVolts : Double.NaN;
        boolean warn = false;
        if (warnOhmsPerVolt > 0 && voltageKnown) {
            if (!belowWarning && ohmsPerVolt < warnOhmsPerVolt) {
                belowWarning = true;
                warn = true;
            } else if (belowWarning && ohmsPerVolt > warnOhmsPerVolt * REARM_FACTOR) {
                belowWarning = false;
            }
        }
        boolean due = lastInsulationMillis == Long.MIN_VALUE || tsMillis - lastInsulationMillis >= intervalMillis
                || tsMillis < lastInsulationMillis; // time went back (a replay started over): start afresh
        if (!warn && !due) {
            return;
        }
        lastInsulationMillis = tsMillis;
        readings++;
        warnings += warn ? 1 : 0;
        sink.accept(HealthEvidence.insulation(device, battery, tsMillis, kohm, voltageKnown ? packVolts : null),
                false);
    }

    /** Insulation readings reported so far. */
    public long insulationReadings() {
        return readings;
    }

    /** Of those, how many were reported early for falling below the warning threshold. */
    public long insulationWarnings() {
        return warnings;
    }

    /** Fault raised and cleared events so far. */
    public long faultEvents() {
        return faultEvents;
    }
}
