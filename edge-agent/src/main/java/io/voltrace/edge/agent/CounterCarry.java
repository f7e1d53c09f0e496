package io.voltrace.edge.agent;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.spool.CheckpointFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Keeps the coulomb counters running across agent restarts. The sampler counts from zero each time it starts; this
 * adds what the previous runs had counted, kept in a small checkpoint beside the spool, so the cloud sees one
 * monotonic throughput counter per device instead of a reset at every restart. (Charge that flowed while the agent
 * was not running is not counted: nobody saw it.)
 */
final class CounterCarry implements AutoCloseable {
    private final CheckpointFile file;
    private final double baseCharged;
    private final double baseDischarged;

    CounterCarry(Path path) throws IOException {
        this.file = new CheckpointFile(path, 16);
        ByteBuffer b = file.read();
        double c = b == null ? 0 : b.getDouble(0);
        double d = b == null ? 0 : b.getDouble(8);
        this.baseCharged = Double.isFinite(c) && c >= 0 ? c : 0;
        this.baseDischarged = Double.isFinite(d) && d >= 0 ? d : 0;
    }

    double baseCharged() {
        return baseCharged;
    }

    double baseDischarged() {
        return baseDischarged;
    }

    /** The sample with the carried counters added; remembers them for the next start. */
    PackSample carry(PackSample s) throws IOException {
        PackSample out = new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(),
                baseCharged + s.ahCharged(), baseDischarged + s.ahDischarged(), s.cellVoltageMin(), s.cellVoltageMax(),
                s.cellVoltageAvg(), s.tempMin(), s.tempMax());
        file.write(ByteBuffer.allocate(16).putDouble(0, out.ahCharged()).putDouble(8, out.ahDischarged()), false);
        return out;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
