package io.voltrace.edge.diag;

/**
 * One value (or array of values) in a poll response. Offsets count from the first data byte after the response's
 * service id and PID (so {@code 61 41 xx ...}: offset 0 is {@code xx}).
 *
 * @param name       shown in {@code values}
 * @param at         offset of the (first) value
 * @param bytes      1..4 bytes per value
 * @param signed     two's complement
 * @param littleEndian least significant byte first (big-endian, as most ECUs, otherwise)
 * @param scale      physical = raw × scale + add
 * @param add        see scale
 * @param count      1 for a scalar, n for an array
 * @param stride     bytes from one element to the next (default {@code bytes})
 * @param bms        the BMS field fed, or null
 * @param first      for arrays feeding the BMS: the number (from 1) of the cell or sensor of the first element
 * @param invalidRaw raw values meaning "not available"
 * @param unit       free text
 */
public record PollValue(String name, int at, int bytes, boolean signed, boolean littleEndian, double scale,
                        double add, int count, int stride, BmsTarget bms, int first, long[] invalidRaw, String unit) {

    /** Bytes of payload the value needs. */
    public int end() {
        return at + (count - 1) * stride + bytes;
    }

    /** Raw unsigned (or sign-extended) value at {@code offset}. */
    long raw(byte[] payload, int offset) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            int b = payload[offset + (littleEndian ? bytes - 1 - i : i)] & 0xFF;
            v = (v << 8) | b;
        }
        if (signed && bytes < 8 && (v & (1L << (bytes * 8 - 1))) != 0) {
            v -= 1L << (bytes * 8);
        }
        return v;
    }

    boolean invalid(long raw) {
        for (long r : invalidRaw) {
            if (r == raw) {
                return true;
            }
        }
        return false;
    }

    /** Element {@code i} in physical units, NaN when missing from the payload or marked invalid. */
    public double value(byte[] payload, int dataStart, int i) {
        int offset = dataStart + at + i * stride;
        if (offset + bytes > payload.length) {
            return Double.NaN;
        }
        long raw = raw(payload, offset);
        return invalid(raw) ? Double.NaN : raw * scale + add;
    }

    /** Writes {@code physical} as element {@code i} (the inverse of {@link #value}), for simulated ECUs. */
    public void encode(byte[] payload, int dataStart, int i, double physical) {
        long raw = Math.round((physical - add) / scale);
        long max = signed ? (1L << (bytes * 8 - 1)) - 1 : (1L << (bytes * 8)) - 1;
        long min = signed ? -(1L << (bytes * 8 - 1)) : 0;
        raw = Math.max(min, Math.min(max, raw));
        int offset = dataStart + at + i * stride;
        for (int b = 0; b < bytes; b++) {
            int shift = 8 * (littleEndian ? b : bytes - 1 - b);
            payload[offset + b] = (byte) (raw >> shift);
        }
    }
}
