package io.voltrace.ingest.health;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an {@link EdgeReduction}: a version byte, then its fields in declaration order, numbers in
 * binary. Every assessment decodes one; as JSON, parsing the 256 steps' decimals took about half an assessment's CPU
 * ({@code bench health}, JFR), so the bytes are read straight from a buffer instead.
 */
final class EdgeReductionCodec {
    static final byte VERSION = 1;

    private EdgeReductionCodec() {
    }

    static byte[] encode(EdgeReduction r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + r.usable().size() * 56);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(r.records());
            out.writeLong(r.lateRecords());
            out.writeLong(r.lastTs());
            EdgeReduction.Insulation i = r.insulation();
            out.writeBoolean(i != null);
            if (i != null) {
                out.writeLong(i.readings());
                out.writeLong(i.latestTs());
                out.writeDouble(i.latestKohm());
                writeNullable(out, i.latestPackVoltage());
                out.writeLong(i.lowestTs());
                out.writeDouble(i.lowestKohm());
            }
            out.writeInt(r.faults().size());
            for (EdgeReduction.FaultFlag f : r.faults()) {
                writeText(out, f.name());
                out.writeLong(f.raised());
                out.writeLong(f.cleared());
                out.writeLong(f.firstTs());
                out.writeInt(f.recent().size());
                for (EdgeReduction.FaultEvent e : f.recent()) {
                    out.writeLong(e.ts());
                    out.writeBoolean(e.active());
                }
            }
            out.writeLong(r.steps());
            out.writeInt(r.usable().size());
            for (EdgeReduction.Step s : r.usable()) {
                out.writeLong(s.ts());
                out.writeDouble(s.ohms());
                out.writeDouble(s.fromAmps());
                out.writeDouble(s.toAmps());
                out.writeDouble(s.seconds());
                writeNullable(out, s.tempC());
                out.writeDouble(s.cellVolts());
            }
            out.writeInt(r.events().size());
            for (EdgeReduction.EventKind k : r.events()) {
                writeText(out, k.kind());
                out.writeLong(k.count());
                out.writeLong(k.millis());
                out.writeDouble(k.worst());
                out.writeLong(k.firstTs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an edge reduction", e);
        }
        return bytes.toByteArray();
    }

    static EdgeReduction decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalStateException("a stored edge reduction has format version " + version + ", this"
                        + " version reads " + VERSION + ": run the version of voltrace that wrote it, or delete the"
                        + " battery's edge_reduction row so the next start reduces its edge evidence again");
            }
            long records = in.getLong();
            long late = in.getLong();
            long lastTs = in.getLong();
            EdgeReduction.Insulation insulation = in.get() == 0 ? null : new EdgeReduction.Insulation(in.getLong(),
                    in.getLong(), in.getDouble(), readNullable(in), in.getLong(), in.getDouble());
            int faultCount = in.getInt();
            List<EdgeReduction.FaultFlag> faults = new ArrayList<>(faultCount);
            for (int f = 0; f < faultCount; f++) {
                String name = readUtf(in);
                long raised = in.getLong();
                long cleared = in.getLong();
                long firstTs = in.getLong();
                int n = in.getInt();
                List<EdgeReduction.FaultEvent> recent = new ArrayList<>(n);
                for (int e = 0; e < n; e++) {
                    recent.add(new EdgeReduction.FaultEvent(in.getLong(), in.get() != 0));
                }
                faults.add(new EdgeReduction.FaultFlag(name, raised, cleared, firstTs, recent));
            }
            long steps = in.getLong();
            int usableCount = in.getInt();
            List<EdgeReduction.Step> usable = new ArrayList<>(usableCount);
            for (int s = 0; s < usableCount; s++) {
                usable.add(new EdgeReduction.Step(in.getLong(), in.getDouble(), in.getDouble(), in.getDouble(),
                        in.getDouble(), readNullable(in), in.getDouble()));
            }
            int kindCount = in.getInt();
            List<EdgeReduction.EventKind> events = new ArrayList<>(kindCount);
            for (int k = 0; k < kindCount; k++) {
                events.add(new EdgeReduction.EventKind(readUtf(in), in.getLong(), in.getLong(), in.getDouble(),
                        in.getLong()));
            }
            if (in.hasRemaining()) {
                throw new IllegalStateException(in.remaining() + " bytes left over");
            }
            return new EdgeReduction(records, late, lastTs, insulation, faults, steps, usable, events);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decode a stored edge reduction (" + bytes.length + " bytes): it"
                    + " is cut short or damaged", e);
        }
    }

    private static void writeNullable(DataOutputStream out, Double value) throws IOException {
        // NaN never occurs in a reading the validator admitted, so it marks "none" in one double
        out.writeDouble(value == null ? Double.NaN : value);
    }

    private static Double readNullable(ByteBuffer in) {
        double v = in.getDouble();
        return Double.isNaN(v) ? null : v;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf.length);
        out.write(utf);
    }

    private static String readUtf(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a text of " + length + " bytes");
        }
        byte[] utf = new byte[length];
        in.get(utf);
        return new String(utf, StandardCharsets.UTF_8);
    }
}
