package io.voltrace.common.wire;

import java.util.List;

/**
 * What one MQTT telemetry message carries: a device's samples for one battery, in time order.
 *
 * @param schema  wire schema version; receivers reject versions they do not know
 * @param device  the sending device's id (must match the MQTT identity)
 * @param battery the GB/T 34014 code of the pack the samples belong to
 * @param seq     the device's batch sequence number, for tracing redeliveries
 * @param samples one or more samples, oldest first
 */
public record TelemetryBatch(int schema, String device, String battery, long seq, List<PackSample> samples) {

    public static final int SCHEMA_VERSION = 1;

    public TelemetryBatch {
        samples = List.copyOf(samples);
    }

    public int points() {
        return samples.size() * PackSample.POINTS;
    }
}
