package io.voltrace.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact binary encoding of a {@link PackTelemetry} message, for metered links. Values travel as integers at a
 * stated decimal resolution, each as the difference from the previous value of the same channel in a variable-length
 * integer, so a slowly changing signal costs one byte a reading. Specified in {@code docs/edge-agent.md}; in short
 * (all integers LEB128 varints, "s" ones zigzag-signed):
 *
 * <pre>
 * 'V' 'T' version=1 type=1
 * device(len, utf-8) battery(len, utf-8) seq
 * 12 resolution exponents (signed bytes: 10 pack channels in PackSample order, cell voltage, cell temperature)
 * sampleCount snapshotCount s:baseTs
 * per sample:   s:ts delta-of-delta, absentMask, per present channel s:delta
 * per snapshot: s:ts delta-of-delta, cellCount, sensorCount, flags (bit 0: absence bitmap follows) [bitmap],
 *               per present value s:delta from the same cell in the previous snapshot (else from the previous cell)
 * </pre>
 *
 * <p>Decoding is strict: a wrong magic, version or type, a truncated field, an absurd count or trailing bytes is a
 * {@link WireFormatException} naming the byte offset and the field.
 */
public final class CompactCodec {
    public static final byte MAGIC_0 = 'V';
    public static final byte MAGIC_1 = 'T';
    public static final int VERSION = 1;
    public static final int TYPE_PACK_TELEMETRY = 1;

    /** Pack channels in {@link PackSample} component order, then cell voltage and cell temperature. */
    static final int PACK_CHANNELS = 10;
    static final int CHANNELS = PACK_CHANNELS + 2;

    /**
     * Decimal exponent of each channel's resolution: mV and mA for the pack, 0.01 % SOC, 0.1 mAh counters, 0.1 mV
     * cells, 0.01 °C temperatures. Finer than the BMSes we have seen report, so nothing they say is lost.
     */
    public static final byte[] DEFAULT_RESOLUTION = {-3, -3, -2, -4, -4, -4, -4, -4, -2, -2, -4, -2};

    private static final int MAX_STRING_BYTES = 256;
    private static final int MAX_SAMPLES = 1 << 20;
    private static final int MAX_VALUES_PER_SNAPSHOT = 4096;
    private static final double MAX_QUANTUM = 0x1p53;

    private CompactCodec() {
    }

    static boolean hasMagic(byte[] payload) {
        return payload.length >= 2 && payload[0] == MAGIC_0 && payload[1] == MAGIC_1;
    }

    public static byte[] encode(PackTelemetry message) {
        return encode(message, DEFAULT_RESOLUTION);
    }

    /**
     * @param resolution decimal exponent per channel (see {@link #DEFAULT_RESOLUTION}), each in -9..9
     * @throws IllegalArgumentException when a value is too large to be held at its channel's resolution
     */
    public static byte[] encode(PackTelemetry message, byte[] resolution) {
        if (resolution.length != CHANNELS) {
            throw new IllegalArgumentException("resolution needs " + CHANNELS + " exponents, got " + resolution.length);
        }
        for (byte e : resolution) {
            if (e < -9 || e > 9) {
                throw new IllegalArgumentException("resolution exponent " + e + " outside -9..9");
            }
        }
        Out out = new Out(64 + message.samples().size() * 24 + message.cells().size() * 160);
        out.raw(MAGIC_0);
        out.raw(MAGIC_1);
        out.raw((byte) VERSION);
        out.raw((byte) TYPE_PACK_TELEMETRY);
        out.string(message.device());
        out.string(message.battery());
        out.unsigned(message.seq());
        for (byte e : resolution) {
            out.raw(e);
        }
        out.unsigned(message.samples().size());
        out.unsigned(message.cells().size());
        long baseTs = baseTs(message);
        out.signed(baseTs);

        long prevTs = baseTs;
        long prevDelta = 0;
        long[] prev = new long[PACK_CHANNELS];
        double[] values = new double[PACK_CHANNELS];
        for (PackSample s : message.samples()) {
            long delta = s.ts() - prevTs;
            out.signed(delta - prevDelta);
            prevTs = s.ts();
            prevDelta = delta;
            fill(values, s);
            long absent = 0;
            for (int c = 0; c < PACK_CHANNELS; c++) {
                if (!Double.isFinite(values[c])) {
                    absent |= 1L << c;
                }
            }
            out.unsigned(absent);
            for (int c = 0; c < PACK_CHANNELS; c++) {
                if ((absent & (1L << c)) == 0) {
                    long q = quantize(values[c], resolution[c], c);
                    out.signed(q - prev[c]);
                    prev[c] = q;
                }
            }
        }

        prevTs = baseTs;
        prevDelta = 0;
        long[] prevCells = null;
        long[] prevTemps = null;
        for (CellSnapshot snap : message.cells()) {
            long delta = snap.ts() - prevTs;
            out.signed(delta - prevDelta);
            prevTs = snap.ts();
            prevDelta = delta;
            int cells = snap.cellCount();
            int sensors = snap.sensorCount();
            if (cells + sensors > MAX_VALUES_PER_SNAPSHOT) {
                throw new IllegalArgumentException("snapshot at " + snap.ts() + " has " + (cells + sensors)
                        + " values, more than " + MAX_VALUES_PER_SNAPSHOT);
            }
            out.unsigned(cells);
            out.unsigned(sensors);
            boolean anyAbsent = false;
            for (int i = 0; i < cells && !anyAbsent; i++) {
                anyAbsent = !Double.isFinite(snap.voltage(i));
            }
            for (int i = 0; i < sensors && !anyAbsent; i++) {
                anyAbsent = !Double.isFinite(snap.temperature(i));
            }
            out.unsigned(anyAbsent ? 1 : 0);
            if (anyAbsent) {
                byte[] bitmap = new byte[(cells + sensors + 7) / 8];
                for (int i = 0; i < cells + sensors; i++) {
                    double v = i < cells ? snap.voltage(i) : snap.temperature(i - cells);
                    if (!Double.isFinite(v)) {
                        bitmap[i >> 3] |= (byte) (1 << (i & 7));
                    }
                }
                for (byte b : bitmap) {
                    out.raw(b);
                }
            }
            prevCells = writeSeries(out, snap::voltage, cells, resolution[PACK_CHANNELS], prevCells,
                    PACK_CHANNELS);
            prevTemps = writeSeries(out, snap::temperature, sensors, resolution[PACK_CHANNELS + 1], prevTemps,
                    PACK_CHANNELS + 1);
        }
        return out.toByteArray();
    }

    private interface IndexedValue {
        double at(int index);
    }

    /**
     * Writes one snapshot's series; returns its quantized values (absent ones keep the reference they had) to serve
     * as the next snapshot's references.
     */
    private static long[] writeSeries(Out out, IndexedValue series, int n, byte exponent, long[] previous,
                                      int channel) {
        long[] now = new long[n];
        boolean samePrevious = previous != null && previous.length == n;
        long neighbour = 0;
        for (int i = 0; i < n; i++) {
            long reference = samePrevious ? previous[i] : neighbour;
            double v = series.at(i);
            if (!Double.isFinite(v)) {
                now[i] = reference;
                continue;
            }
            long q = quantize(v, exponent, channel);
            out.signed(q - reference);
            now[i] = q;
            neighbour = q;
        }
        return now;
    }

    public static PackTelemetry decode(byte[] payload) throws WireFormatException {
        In in = new In(payload);
        if (!hasMagic(payload)) {
            throw new WireFormatException("not a compact voltrace message: it does not start with 'VT'");
        }
        in.pos = 2;
        int version = in.raw("version");
        if (version != VERSION) {
            throw new WireFormatException("unknown compact format version " + version + ", this receiver reads "
                    + VERSION);
        }
        int type = in.raw("message type");
        if (type != TYPE_PACK_TELEMETRY) {
            throw new WireFormatException("unknown compact message type " + type + " at byte 3");
        }
        String device = in.string("device");
        String battery = in.string("battery");
        long seq = in.unsigned("seq");
        byte[] resolution = new byte[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            resolution[c] = (byte) in.raw("resolution exponent " + c);
            if (resolution[c] < -9 || resolution[c] > 9) {
                throw new WireFormatException("resolution exponent " + resolution[c] + " of channel " + c
                        + " outside -9..9 at byte " + (in.pos - 1));
            }
        }
        int sampleCount = in.count("sample count", MAX_SAMPLES);
        int snapshotCount = in.count("snapshot count", MAX_SAMPLES);
        long baseTs = in.signed("base timestamp");

        List<PackSample> samples = new ArrayList<>(Math.min(sampleCount, 4096));
        long prevTs = baseTs;
        long prevDelta = 0;
        long[] prev = new long[PACK_CHANNELS];
        double[] values = new double[PACK_CHANNELS];
        for (int i = 0; i < sampleCount; i++) {
            long delta = prevDelta + in.signed("timestamp of sample " + i);
            long ts = prevTs + delta;
            prevTs = ts;
            prevDelta = delta;
            long absent = in.unsigned("absent mask of sample " + i);
            if (absent >>> PACK_CHANNELS != 0) {
                throw new WireFormatException("absent mask of sample " + i + " names channels beyond "
                        + PACK_CHANNELS + " at byte " + in.pos);
            }
            for (int c = 0; c < PACK_CHANNELS; c++) {
                if ((absent & (1L << c)) != 0) {
                    values[c] = Double.NaN;
                } else {
                    prev[c] += in.signed("channel " + c + " of sample " + i);
                    values[c] = dequantize(prev[c], resolution[c]);
                }
            }
            samples.add(new PackSample(ts, values[0], values[1], values[2], values[3], values[4], values[5],
                    values[6], values[7], values[8], values[9]));
        }

        List<CellSnapshot> snapshots = new ArrayList<>(Math.min(snapshotCount, 4096));
        prevTs = baseTs;
        prevDelta = 0;
        long[] prevCells = null;
        long[] prevTemps = null;
        for (int k = 0; k < snapshotCount; k++) {
            long delta = prevDelta + in.signed("timestamp of snapshot " + k);
            long ts = prevTs + delta;
            prevTs = ts;
            prevDelta = delta;
            int cells = in.count("cell count of snapshot " + k, MAX_VALUES_PER_SNAPSHOT);
            int sensors = in.count("sensor count of snapshot " + k, MAX_VALUES_PER_SNAPSHOT - cells);
            long flags = in.unsigned("flags of snapshot " + k);
            if (flags > 1) {
                throw new WireFormatException("unknown flags " + flags + " of snapshot " + k + " at byte " + in.pos);
            }
            boolean[] absent = new boolean[cells + sensors];
            if (flags == 1) {
                for (int b = 0; b < (cells + sensors + 7) / 8; b++) {
                    int bits = in.raw("absence bitmap of snapshot " + k);
                    for (int j = 0; j < 8 && b * 8 + j < absent.length; j++) {
                        absent[b * 8 + j] = (bits & (1 << j)) != 0;
                    }
                }
            }
            double[] volts = new double[cells];
            double[] temps = new double[sensors];
            prevCells = readSeries(in, volts, absent, 0, resolution[PACK_CHANNELS], prevCells, "cell", k);
            prevTemps = readSeries(in, temps, absent, cells, resolution[PACK_CHANNELS + 1], prevTemps, "sensor", k);
            snapshots.add(new CellSnapshot(ts, volts, temps));
        }
        if (in.pos != payload.length) {
            throw new WireFormatException((payload.length - in.pos) + " unexpected bytes after the message at byte "
                    + in.pos);
        }
        if (samples.isEmpty() && snapshots.isEmpty()) {
            throw new WireFormatException("compact message has neither samples nor cell snapshots");
        }
        return new PackTelemetry(device, battery, seq, samples, snapshots);
    }

    private static long[] readSeries(In in, double[] out, boolean[] absent, int absentOffset, byte exponent,
                                     long[] previous, String what, int snapshot) throws WireFormatException {
        int n = out.length;
        long[] now = new long[n];
        boolean samePrevious = previous != null && previous.length == n;
        long neighbour = 0;
        for (int i = 0; i < n; i++) {
            long reference = samePrevious ? previous[i] : neighbour;
            if (absent[absentOffset + i]) {
                now[i] = reference;
                out[i] = Double.NaN;
                continue;
            }
            long q = reference + in.signed(what + " " + (i + 1) + " of snapshot " + snapshot);
            now[i] = q;
            neighbour = q;
            out[i] = dequantize(q, exponent);
        }
        return now;
    }

    private static long baseTs(PackTelemetry message) {
        long base = Long.MAX_VALUE;
        if (!message.samples().isEmpty()) {
            base = message.samples().get(0).ts();
        }
        if (!message.cells().isEmpty()) {
            base = Math.min(base, message.cells().get(0).ts());
        }
        return base == Long.MAX_VALUE ? 0 : base;
    }

    private static void fill(double[] values, PackSample s) {
        values[0] = s.packVoltage();
        values[1] = s.packCurrent();
        values[2] = s.soc();
        values[3] = s.ahCharged();
        values[4] = s.ahDischarged();
        values[5] = s.cellVoltageMin();
        values[6] = s.cellVoltageMax();
        values[7] = s.cellVoltageAvg();
        values[8] = s.tempMin();
        values[9] = s.tempMax();
    }

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    static long quantize(double v, int exponent, int channel) {
        double scaled = exponent <= 0 ? v * POW10[-exponent] : v / POW10[exponent];
        if (!(Math.abs(scaled) < MAX_QUANTUM)) {
            throw new IllegalArgumentException("value " + v + " of channel " + channel
                    + " is too large for resolution 1e" + exponent);
        }
        return Math.round(scaled);
    }

    /** Division by an exact power of ten gives the double nearest the decimal, e.g. 3712 → 3.712. */
    static double dequantize(long q, int exponent) {
        return exponent <= 0 ? q / POW10[-exponent] : q * POW10[exponent];
    }

    /** A growable output buffer with LEB128 varints. */
    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void raw(byte b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = b;
        }

        void unsigned(long v) {
            while ((v & ~0x7FL) != 0) {
                raw((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            raw((byte) v);
        }

        void signed(long v) {
            unsigned((v << 1) ^ (v >> 63));
        }

        void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_STRING_BYTES) {
                throw new IllegalArgumentException("'" + s + "' is longer than " + MAX_STRING_BYTES + " bytes");
            }
            unsigned(bytes.length);
            for (byte b : bytes) {
                raw(b);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    /** Reads varints, naming the field and byte offset when the input ends or is malformed. */
    private static final class In {
        private final byte[] buf;
        int pos;

        In(byte[] buf) {
            this.buf = buf;
        }

        int raw(String field) throws WireFormatException {
            if (pos >= buf.length) {
                throw truncated(field);
            }
            return buf[pos++] & 0xFF;
        }

        long unsigned(String field) throws WireFormatException {
            int start = pos;
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) {
                    throw truncated(field);
                }
                int b = buf[pos++] & 0xFF;
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new WireFormatException(field + " at byte " + start + " is a varint longer than 10 bytes");
        }

        long signed(String field) throws WireFormatException {
            long z = unsigned(field);
            return (z >>> 1) ^ -(z & 1);
        }

        int count(String field, int max) throws WireFormatException {
            int start = pos;
            long n = unsigned(field);
            if (n < 0 || n > max) {
                throw new WireFormatException(field + " " + n + " at byte " + start + " exceeds " + max);
            }
            return (int) n;
        }

        String string(String field) throws WireFormatException {
            int n = count(field + " length", MAX_STRING_BYTES);
            if (pos + n > buf.length) {
                throw truncated(field);
            }
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        private WireFormatException truncated(String field) {
            return new WireFormatException("compact message truncated at byte " + pos + " while reading " + field);
        }
    }
}
