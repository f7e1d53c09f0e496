package io.voltrace.edge.telemetry;

import io.voltrace.common.wire.CellSnapshot;
import io.voltrace.common.wire.PackSample;
import java.nio.ByteBuffer;

/**
 * How samples and snapshots are stored in the spool: lossless (every double as is), with a version byte so a newer
 * agent can still read what an older one spooled. The wire encoding is chosen later, when a message is built.
 */
public final class SpoolPayloads {
    private static final byte SAMPLE_V1 = 1;
    private static final byte SNAPSHOT_V1 = 1;
    private static final int SAMPLE_BYTES = 1 + 8 + 10 * 8;

    private SpoolPayloads() {
    }

    public static byte[] encode(PackSample s) {
        return ByteBuffer.allocate(SAMPLE_BYTES).put(SAMPLE_V1).putLong(s.ts())
                .putDouble(s.packVoltage()).putDouble(s.packCurrent()).putDouble(s.soc())
                .putDouble(s.ahCharged()).putDouble(s.ahDischarged())
                .putDouble(s.cellVoltageMin()).putDouble(s.cellVoltageMax()).putDouble(s.cellVoltageAvg())
                .putDouble(s.tempMin()).putDouble(s.tempMax()).array();
    }

    public static PackSample decodeSample(byte[] payload) {
        if (payload.length != SAMPLE_BYTES || payload[0] != SAMPLE_V1) {
            throw new IllegalArgumentException("spooled pack sample of " + payload.length + " bytes, version "
                    + (payload.length > 0 ? payload[0] : -1) + ": expected " + SAMPLE_BYTES + " bytes, version 1");
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 1, SAMPLE_BYTES - 1);
        return new PackSample(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
                b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
    }

    public static byte[] encode(CellSnapshot c) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 2 + 2 + 8 * (c.cellCount() + c.sensorCount()));
        b.put(SNAPSHOT_V1).putLong(c.ts()).putShort((short) c.cellCount()).putShort((short) c.sensorCount());
        for (int i = 0; i < c.cellCount(); i++) {
            b.putDouble(c.voltage(i));
        }
        for (int i = 0; i < c.sensorCount(); i++) {
            b.putDouble(c.temperature(i));
        }
        return b.array();
    }

    public static CellSnapshot decodeSnapshot(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        if (payload.length < 13 || b.get() != SNAPSHOT_V1) {
            throw new IllegalArgumentException("spooled cell snapshot of " + payload.length
                    + " bytes is not version 1");
        }
        long ts = b.getLong();
        int cells = Short.toUnsignedInt(b.getShort());
        int sensors = Short.toUnsignedInt(b.getShort());
        if (b.remaining() != 8 * (cells + sensors)) {
            throw new IllegalArgumentException("spooled cell snapshot holds " + b.remaining() + " value bytes for "
                    + cells + " cells and " + sensors + " sensors");
        }
        double[] v = new double[cells];
        double[] t = new double[sensors];
        for (int i = 0; i < cells; i++) {
            v[i] = b.getDouble();
        }
        for (int i = 0; i < sensors; i++) {
            t[i] = b.getDouble();
        }
        return new CellSnapshot(ts, v, t);
    }
}
