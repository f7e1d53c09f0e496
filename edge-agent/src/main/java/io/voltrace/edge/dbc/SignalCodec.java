package io.voltrace.edge.dbc;

/**
 * Precomputed bit layout and scaling of one signal. Signals that lie in the first 8 payload bytes (all of them on
 * classic CAN) are read and written as shifts and masks over one 64-bit word of the frame; the rest (CAN FD) go
 * through a byte loop. Nothing here allocates.
 */
final class SignalCodec {

    private static final int UNSIGNED = 0;
    private static final int SIGNED = 1;
    private static final int FLOAT32 = 2;
    private static final int FLOAT64 = 3;

    private static final double TWO_POW_63 = 0x1p63;
    private static final double TWO_POW_64 = 0x1p64;

    final DbcSignal signal;
    final boolean intel;
    final int length;
    final long mask;
    /** Payload bytes needed to carry the signal. */
    final int requiredBytes;
    /** The signal lies within bytes 0..7, so the word path applies. */
    final boolean inFirstWord;
    /** Intel: shift over the little-endian word; Motorola: shift over the big-endian word. */
    final int wordShift;
    final boolean multiplexed;
    /** Multiplexer values selecting this signal, as inclusive ranges; usually the single value of {@code mN}. */
    private final long[] pageFrom;
    private final long[] pageTo;

    private final int kind;
    private final boolean unsigned64;
    private final int startBit;
    private final int msbLinear;
    private final double factor;
    private final double offset;
    private final long rawMin;
    private final long rawMax;
    private final double rawMinAsDouble;
    private final double rawMaxAsDouble;

    SignalCodec(DbcSignal s) {
        signal = s;
        intel = s.byteOrder() == DbcSignal.ByteOrder.INTEL;
        length = s.length();
        mask = length == 64 ? -1L : (1L << length) - 1;
        startBit = s.startBit();
        msbLinear = s.motorolaMsbLinear();
        requiredBytes = s.requiredBytes();
        if (intel) {
            inFirstWord = startBit + length <= 64;
            wordShift = startBit;
        } else {
            inFirstWord = msbLinear + length <= 64;
            wordShift = 64 - msbLinear - length;
        }
        multiplexed = s.multiplexerValue() != null;
        pageFrom = s.multiplexerRanges().stream().mapToLong(DbcSignal.MultiplexRange::from).toArray();
        pageTo = s.multiplexerRanges().stream().mapToLong(DbcSignal.MultiplexRange::to).toArray();
        kind = switch (s.valueType()) {
            case FLOAT32 -> FLOAT32;
            case FLOAT64 -> FLOAT64;
            case INTEGER -> s.signed() ? SIGNED : UNSIGNED;
        };
        unsigned64 = kind == UNSIGNED && length == 64;
        factor = s.factor();
        offset = s.offset();
        if (kind == SIGNED) {
            rawMin = length == 64 ? Long.MIN_VALUE : -(1L << (length - 1));
            rawMax = length == 64 ? Long.MAX_VALUE : (1L << (length - 1)) - 1;
        } else {
            rawMin = 0;
            rawMax = mask;
        }
        rawMinAsDouble = rawMin;
        rawMaxAsDouble = kind == UNSIGNED && length == 64 ? TWO_POW_64 : rawMax;
    }

    /** For a multiplexed signal: whether the multiplexer's raw value selects it. */
    boolean onPage(long mux) {
        for (int i = 0; i < pageFrom.length; i++) {
            if (mux >= pageFrom[i] && mux <= pageTo[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Raw value: sign-extended for signed integers, the bit pattern otherwise (IEEE bits for floats).
     *
     * @param le bytes 0..7 as a little-endian word, {@code be} the same bytes as a big-endian word
     */
    long extract(byte[] data, long le, long be) {
        long bits;
        if (inFirstWord) {
            bits = (intel ? le : be) >>> wordShift;
        } else {
            bits = intel ? readIntel(data) : readMotorola(data);
        }
        bits &= mask;
        if (kind == SIGNED) {
            bits = bits << (64 - length) >> (64 - length);
        }
        return bits;
    }

    double toPhysical(long raw) {
        switch (kind) {
            case SIGNED:
                return raw * factor + offset;
            case FLOAT32:
                return Float.intBitsToFloat((int) raw) * factor + offset;
            case FLOAT64:
                return Double.longBitsToDouble(raw) * factor + offset;
            default:
                if (unsigned64 && raw < 0) {
                    // Round-to-odd halving keeps the conversion correctly rounded.
                    return ((double) ((raw >>> 1) | (raw & 1)) * 2.0) * factor + offset;
                }
                return raw * factor + offset;
        }
    }

    /** Physical to raw: unscaled, rounded half-even (as cantools does) and clamped to what the bits can hold. */
    long toRaw(double physical) {
        double scaled = (physical - offset) / factor;
        switch (kind) {
            case FLOAT32:
                return Float.floatToRawIntBits((float) scaled) & 0xFFFF_FFFFL;
            case FLOAT64:
                return Double.doubleToRawLongBits(scaled);
            default:
                double r = Math.rint(scaled);
                if (r != r) {
                    return 0;
                }
                if (r <= rawMinAsDouble) {
                    return rawMin;
                }
                if (r >= rawMaxAsDouble) {
                    return rawMax;
                }
                if (unsigned64 && r >= TWO_POW_63) {
                    return (long) (r - TWO_POW_63) | Long.MIN_VALUE;
                }
                return (long) r;
        }
    }

    /** ORs the raw value into a word of bytes 0..7 (little-endian for Intel, big-endian for Motorola). */
    long placeInWord(long raw) {
        return (raw & mask) << wordShift;
    }

    /** ORs the raw value into the payload byte by byte; the payload bits it covers must be zero. */
    void write(byte[] out, long raw) {
        long v = raw & mask;
        if (intel) {
            int bit = startBit;
            int done = 0;
            while (done < length) {
                int inByte = bit & 7;
                int n = Math.min(8 - inByte, length - done);
                out[bit >>> 3] |= (byte) (((v >>> done) & ((1 << n) - 1)) << inByte);
                done += n;
                bit += n;
            }
        } else {
            // Walk from the MSB along the wire order: within a byte that is from bit 7 down to bit 0.
            int p = msbLinear;
            int done = 0;
            while (done < length) {
                int fromMsb = p & 7;
                int n = Math.min(8 - fromMsb, length - done);
                long chunk = (v >>> (length - done - n)) & ((1 << n) - 1);
                out[p >>> 3] |= (byte) (chunk << (8 - fromMsb - n));
                done += n;
                p += n;
            }
        }
    }

    private long readIntel(byte[] data) {
        long v = 0;
        int bit = startBit;
        int done = 0;
        while (done < length) {
            int inByte = bit & 7;
            int n = Math.min(8 - inByte, length - done);
            long chunk = ((data[bit >>> 3] & 0xFF) >>> inByte) & ((1 << n) - 1);
            v |= chunk << done;
            done += n;
            bit += n;
        }
        return v;
    }

    private long readMotorola(byte[] data) {
        long v = 0;
        int p = msbLinear;
        int done = 0;
        while (done < length) {
            int fromMsb = p & 7;
            int n = Math.min(8 - fromMsb, length - done);
            long chunk = ((data[p >>> 3] & 0xFF) >>> (8 - fromMsb - n)) & ((1 << n) - 1);
            v = (v << n) | chunk;
            done += n;
            p += n;
        }
        return v;
    }
}
