package io.voltrace.edge;

import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSource;
import io.voltrace.edge.telemetry.TelemetryBatcher;
import java.io.IOException;

/**
 * One pass of the agent's pipeline: frames from a source, decoded and sampled, batched and handed to the publisher.
 * Returns when the source ends (a log or a simulation), after handing on the last partial batch.
 */
public final class EdgeRun {
    private EdgeRun() {
    }

    /** Reads the source to its end; returns the number of frames read. */
    public static long drain(CanFrameSource source, PackSampler sampler, TelemetryBatcher batcher) throws IOException {
        long frames = 0;
        CanFrame frame;
        while ((frame = source.next()) != null) {
            sampler.accept(frame);
            frames++;
        }
        batcher.flush();
        return frames;
    }
}
