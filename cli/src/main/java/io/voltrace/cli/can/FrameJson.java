package io.voltrace.cli.can;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcSignal;
import io.voltrace.edge.dbc.SignalSink;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code can decode}'s JSON line per frame, fast: the id text and the escaped message and signal names are
 * made once and kept, physical values of integer signals are computed in exact decimal with long arithmetic (the
 * factor and offset as the DBC writes them, so raw 35484 with factor 0.01 prints 354.84), and lines collect in a
 * buffer written out in 64 KiB blocks. The text is the same as {@link JsonLine}'s, byte for byte. Not thread-safe.
 */
final class FrameJson implements SignalSink {

    private static final int BLOCK = 1 << 16;

    /** A decimal as an unscaled long and a scale >= 0; null where the DBC's number does not fit. */
    private record Decimal(long unscaled, int scale) {
        static Decimal of(double d) {
            BigDecimal b = new BigDecimal(Double.toString(d));
            if (b.scale() < 0) {
                b = b.setScale(0);
            }
            if (b.scale() > 18 || b.precision() - b.scale() > 18) {
                return null;
            }
            return new Decimal(b.unscaledValue().longValueExact(), b.scale());
        }
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final Writer out;
    private final StringBuilder sb = new StringBuilder(BLOCK + 4096);
    private char[] chars = new char[BLOCK + 4096];
    private final Map<Integer, String> ids = new HashMap<>();
    private final Map<Integer, String> extendedIds = new HashMap<>();
    private final IdentityHashMap<String, String> quoted = new IdentityHashMap<>();
    private final IdentityHashMap<DbcSignal, Decimal[]> decimals = new IdentityHashMap<>();
    private int signalsInLine;

    FrameJson(Writer out) {
        this.out = out;
    }

    /** Appends the frame's line (message null for an id the DBC does not know). */
    void frame(CanFrame f, DbcMessage m) throws IOException {
        sb.append("{\"t\": ");
        if (f.timestampMicros() < 0) {
            sb.append("null");
        } else {
            seconds(f.timestampMicros());
        }
        sb.append(", \"id\": \"").append(idText(f.id(), f.extended())).append("\", \"extended\": ")
                .append(f.extended()).append(", \"message\": ");
        if (m == null) {
            sb.append("null, \"signals\": {}}\n");
        } else {
            sb.append(quote(m.name())).append(", \"signals\": {");
            signalsInLine = 0;
            m.decode(f.data(), f.length(), this);
            sb.append("}}\n");
        }
        if (sb.length() >= BLOCK) {
            drain();
        }
    }

    @Override
    public void accept(DbcSignal signal, int index, long raw, double physical) {
        if (signalsInLine++ > 0) {
            sb.append(", ");
        }
        sb.append(quote(signal.name())).append(": ");
        String text = signal.choice(raw);
        if (text != null) {
            sb.append(quote(text));
        } else {
            physical(signal, raw, physical);
        }
    }

    /** Writes what is buffered to the writer (and flushes it). */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        int n = sb.length();
        if (chars.length < n) {
            chars = new char[n];
        }
        sb.getChars(0, n, chars, 0);
        out.write(chars, 0, n);
        sb.setLength(0);
    }

    private String idText(int id, boolean extended) {
        Map<Integer, String> cache = extended ? extendedIds : ids;
        String s = cache.get(id);
        if (s == null) {
            s = "0x" + Integer.toHexString(id).toUpperCase(Locale.ROOT);
            if (cache.size() < 1 << 16) {
                cache.put(id, s);
            }
        }
        return s;
    }

    private String quote(String s) {
        String q = quoted.get(s);
        if (q == null) {
            StringBuilder b = new StringBuilder(s.length() + 2);
            JsonLine.string(b, s);
            q = b.toString();
            if (quoted.size() < 1 << 16) {
                quoted.put(s, q);
            }
        }
        return q;
    }

    /** As {@link JsonLine#physical}, without BigDecimal where the numbers fit a long. */
    private void physical(DbcSignal signal, long raw, double physical) {
        if (signal.valueType() != DbcSignal.ValueType.INTEGER || !Double.isFinite(signal.factor())
                || !Double.isFinite(signal.offset()) || (!signal.signed() && raw < 0)) {
            JsonLine.physical(sb, signal, raw, physical);
            return;
        }
        Decimal[] fo = decimals.computeIfAbsent(signal,
                s -> new Decimal[] {Decimal.of(s.factor()), Decimal.of(s.offset())});
        Decimal factor = fo[0];
        Decimal offset = fo[1];
        if (factor == null || offset == null) {
            JsonLine.physical(sb, signal, raw, physical);
            return;
        }
        int scale = Math.max(factor.scale(), offset.scale());
        long value;
        try {
            long a = Math.multiplyExact(Math.multiplyExact(raw, factor.unscaled()), POW10[scale - factor.scale()]);
            long b = Math.multiplyExact(offset.unscaled(), POW10[scale - offset.scale()]);
            value = Math.addExact(a, b);
        } catch (ArithmeticException e) {
            JsonLine.physical(sb, signal, raw, physical);
            return;
        }
        if (value == Long.MIN_VALUE) {
            JsonLine.physical(sb, signal, raw, physical);
            return;
        }
        if (value == 0) {
            sb.append('0');
            return;
        }
        while (scale > 0 && value % 10 == 0) {
            value /= 10;
            scale--;
        }
        if (value < 0) {
            sb.append('-');
            value = -value;
        }
        if (scale == 0) {
            sb.append(value);
            return;
        }
        long whole = value / POW10[scale];
        long fraction = value % POW10[scale];
        sb.append(whole).append('.');
        for (int d = scale - 1; d >= 0; d--) {
            sb.append((char) ('0' + (fraction / POW10[d]) % 10));
        }
    }

    /** Microseconds as seconds with six decimals, as {@link JsonLine#seconds}. */
    private void seconds(long micros) {
        sb.append(micros / 1_000_000).append('.');
        long fraction = micros % 1_000_000;
        for (int d = 5; d >= 0; d--) {
            sb.append((char) ('0' + (fraction / POW10[d]) % 10));
        }
    }
}
