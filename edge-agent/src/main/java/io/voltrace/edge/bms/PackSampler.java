package io.voltrace.edge.bms;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcSignal;
import io.voltrace.edge.dbc.SignalSink;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns decoded BMS frames into pack samples at a modest rate, keeping what only the full-rate stream can give:
 * charge and discharge coulomb counters integrated over every current reading.
 *
 * <p>Each current reading is taken to hold since the previous one (sample and hold), which is exact for a BMS that
 * reports the mean current of its cycle and close enough at 10–100 Hz for one that reports instants.
 */
public final class PackSampler implements SignalSink {
    private static final int MAX_CELLS = 512;
    private static final int MAX_SENSORS = 128;

    private final DbcDatabase dbc;
    private final Map<DbcMessage, SignalMapping.Slot[]> slots;
    private final double currentSign;
    private final long intervalMicros;
    private final Consumer<PackSample> out;

    private final double[] cellVolts = new double[MAX_CELLS];
    private final double[] sensorTemps = new double[MAX_SENSORS];
    private int cellsSeen;
    private int sensorsSeen;
    private double packVoltage = Double.NaN;
    private double packCurrent = Double.NaN;
    private double soc = Double.NaN;
    private double ahCharged;
    private double ahDischarged;
    private long lastCurrentMicros = -1;
    private long nextSampleMicros = -1;
    private SignalMapping.Slot[] current;
    private boolean currentUpdated;
    private long frames;
    private long unknownFrames;

    public PackSampler(DbcDatabase dbc, SignalMapping mapping, double intervalSeconds, Consumer<PackSample> out) {
        this.dbc = dbc;
        this.slots = mapping.resolve(dbc);
        this.currentSign = mapping.currentSign();
        this.intervalMicros = (long) (intervalSeconds * 1_000_000);
        this.out = out;
        Arrays.fill(cellVolts, Double.NaN);
        Arrays.fill(sensorTemps, Double.NaN);
    }

    public void accept(CanFrame frame) {
        frames++;
        DbcMessage message = dbc.message(frame.id(), frame.extended());
        SignalMapping.Slot[] messageSlots = message == null ? null : slots.get(message);
        if (messageSlots == null) {
            unknownFrames++;
            return;
        }
        current = messageSlots;
        currentUpdated = false;
        message.decode(frame.data(), frame.length(), this);
        long t = frame.timestampMicros();
        if (currentUpdated) {
            integrate(t);
        }
        if (nextSampleMicros < 0) {
            nextSampleMicros = t + intervalMicros;
        } else if (t >= nextSampleMicros && complete()) {
            emit(t);
            nextSampleMicros += intervalMicros * Math.max(1, (t - nextSampleMicros) / intervalMicros + 1);
        }
    }

    @Override
    public void accept(DbcSignal signal, int signalIndex, long raw, double physical) {
        SignalMapping.Slot slot = current[signalIndex];
        switch (slot.field()) {
            case PACK_VOLTAGE -> packVoltage = physical;
            case PACK_CURRENT -> {
                packCurrent = currentSign * physical;
                currentUpdated = true;
            }
            case SOC -> soc = physical;
            case CELL_VOLTAGE -> {
                if (slot.index() < MAX_CELLS) {
                    cellVolts[slot.index()] = physical;
                    cellsSeen = Math.max(cellsSeen, slot.index() + 1);
                }
            }
            case CELL_TEMPERATURE -> {
                if (slot.index() < MAX_SENSORS) {
                    sensorTemps[slot.index()] = physical;
                    sensorsSeen = Math.max(sensorsSeen, slot.index() + 1);
                }
            }
            case IGNORED -> { }
        }
    }

    /** A sample goes out only once every field has been read at least once: the wire carries no gaps. */
    private boolean complete() {
        return !Double.isNaN(packVoltage) && !Double.isNaN(packCurrent) && !Double.isNaN(soc)
                && cellsSeen > 0 && sensorsSeen > 0;
    }

    private void integrate(long t) {
        if (lastCurrentMicros >= 0 && t > lastCurrentMicros) {
            double ah = packCurrent * (t - lastCurrentMicros) / 3.6e9;
            if (ah >= 0) {
                ahCharged += ah;
            } else {
                ahDischarged -= ah;
            }
        }
        lastCurrentMicros = t;
    }

    private void emit(long t) {
        double min = Double.NaN;
        double max = Double.NaN;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < cellsSeen; i++) {
            double v = cellVolts[i];
            if (!Double.isNaN(v)) {
                min = n == 0 ? v : Math.min(min, v);
                max = n == 0 ? v : Math.max(max, v);
                sum += v;
                n++;
            }
        }
        double tMin = Double.NaN;
        double tMax = Double.NaN;
        for (int i = 0; i < sensorsSeen; i++) {
            double c = sensorTemps[i];
            if (!Double.isNaN(c)) {
                tMin = Double.isNaN(tMin) ? c : Math.min(tMin, c);
                tMax = Double.isNaN(tMax) ? c : Math.max(tMax, c);
            }
        }
        out.accept(new PackSample(t / 1000, packVoltage, packCurrent, soc, ahCharged, ahDischarged,
                min, max, n == 0 ? Double.NaN : sum / n, tMin, tMax));
    }

    public long frames() {
        return frames;
    }

    public long unmappedFrames() {
        return unknownFrames;
    }
}
