package io.voltrace.common.wire;

import java.util.List;

/**
 * One telemetry message in full: a battery's pack samples (as in {@link TelemetryBatch}) and, when the edge takes
 * them, per-cell snapshots. On the wire it is JSON schema 1 when it has no snapshots (byte for byte what
 * {@link WireCodec#encode(TelemetryBatch)} writes, so older receivers read it), JSON schema 2 when it has, or the
 * compact binary encoding ({@link CompactCodec}).
 *
 * @param device  the sending device's id (must match the MQTT identity)
 * @param battery the GB/T 34014 code of the pack
 * @param seq     the device's message sequence number, for tracing redeliveries
 * @param samples pack samples, oldest first
 * @param cells   cell snapshots, oldest first; empty when the edge takes none
 */
public record PackTelemetry(String device, String battery, long seq, List<PackSample> samples,
                            List<CellSnapshot> cells) {

    /** JSON schema version of a message that carries cell snapshots. */
    public static final int SCHEMA_WITH_CELLS = 2;

    public PackTelemetry {
        samples = List.copyOf(samples);
        cells = List.copyOf(cells);
    }

    public static PackTelemetry of(TelemetryBatch batch) {
        return new PackTelemetry(batch.device(), batch.battery(), batch.seq(), batch.samples(), List.of());
    }

    /** The pack samples as a schema-1 batch: what the time-series store takes. */
    public TelemetryBatch packBatch() {
        return new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, device, battery, seq, samples);
    }

    public boolean isEmpty() {
        return samples.isEmpty() && cells.isEmpty();
    }
}
