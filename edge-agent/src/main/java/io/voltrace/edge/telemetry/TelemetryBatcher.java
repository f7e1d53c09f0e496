package io.voltrace.edge.telemetry;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups one battery's samples into wire batches of a fixed size, so one MQTT message (and one acknowledgement)
 * carries several samples. {@link #flush()} sends a partial batch, e.g. at the end of a log or on shutdown.
 */
public final class TelemetryBatcher implements Consumer<PackSample> {
    private final String device;
    private final String battery;
    private final int samplesPerBatch;
    private final Consumer<TelemetryBatch> out;
    private List<PackSample> pending;
    private long seq;

    public TelemetryBatcher(String device, String battery, int samplesPerBatch, Consumer<TelemetryBatch> out) {
        if (samplesPerBatch < 1) {
            throw new IllegalArgumentException("samplesPerBatch must be at least 1");
        }
        this.device = device;
        this.battery = battery;
        this.samplesPerBatch = samplesPerBatch;
        this.out = out;
        this.pending = new ArrayList<>(samplesPerBatch);
    }

    @Override
    public void accept(PackSample sample) {
        pending.add(sample);
        if (pending.size() >= samplesPerBatch) {
            flush();
        }
    }

    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        TelemetryBatch batch = new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, device, battery, seq++, pending);
        pending = new ArrayList<>(samplesPerBatch);
        out.accept(batch);
    }

    /** Batches handed on so far. */
    public long batches() {
        return seq;
    }
}
