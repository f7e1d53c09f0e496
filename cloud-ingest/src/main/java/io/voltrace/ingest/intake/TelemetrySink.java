package io.voltrace.ingest.intake;

import io.voltrace.common.wire.TelemetryBatch;
import java.util.List;

/** Where accepted telemetry goes; returns only once the batches are durable, throws if they are not. */
@FunctionalInterface
public interface TelemetrySink {
    void write(List<TelemetryBatch> batches) throws Exception;
}
