package io.voltrace.edge.dbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * One {@code BO_} message with its signals, and the codec for its payload. Immutable and safe to share between
 * threads; {@link #decode} and {@link #encode(double[], byte[])} allocate nothing.
 */
public final class DbcMessage {

    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int id;
    private final boolean extended;
    private final boolean fd;
    private final String name;
    private final int length;
    private final List<String> senders;
    private final String comment;
    private final Map<String, Object> attributes;
    private final Map<String, Object> attributeDefaults;
    private final List<DbcSignalGroup> signalGroups;

    private final List<DbcSignal> signals;
    private final DbcSignal[] signalArray;
    private final SignalCodec[] codecs;
    private final Map<String, Integer> indexByName;
    private final int multiplexerIndex;
    private final boolean payloadBeyondFirstWord;
    /** Indices of the signals that are not multiplexed. */
    private final int[] plainSignals;
    /**
     * For each multiplexer value below {@value #MAX_PAGE_TABLE}: the indices of the signals present, in order, so a
     * frame of a 24-page message touches its 5 signals, not all 97. Null when some page value is out of that range.
     */
    private final int[][] pageSignals;
    /** For each signal: index of the signal selecting it, or -1 (not multiplexed, or no multiplexer to select it). */
    private final int[] selector;
    /**
     * Some signal is selected by another multiplexer than {@link #multiplexerIndex}, or through a chain of them
     * ({@code SG_MUL_VAL_}): presence is then worked out signal by signal along the chain.
     */
    private final boolean extendedMultiplexing;

    private static final int MAX_PAGE_TABLE = 4096;

    /**
     * @param attributeDefaults {@code BA_DEF_DEF_} values of message attributes, consulted by {@link #attribute}
     * @throws IllegalArgumentException for duplicate signal names, or a {@link DbcSignal#multiplexerSignal()} that is
     *                                  missing, not a multiplexer, or part of a selection cycle
     */
    DbcMessage(int id, boolean extended, boolean fd, String name, int length, List<String> senders, String comment,
               List<DbcSignal> signals, Map<String, Object> attributes, Map<String, Object> attributeDefaults,
               List<DbcSignalGroup> signalGroups) {
        if (length < 0 || length > DbcSignal.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("message " + name + ": length " + length + " out of range 0..64");
        }
        this.id = id;
        this.extended = extended;
        this.fd = fd;
        this.name = Objects.requireNonNull(name, "name");
        this.length = length;
        this.senders = List.copyOf(senders);
        this.comment = comment;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.attributeDefaults = attributeDefaults;
        this.signalGroups = List.copyOf(signalGroups);
        this.signals = List.copyOf(signals);
        this.signalArray = this.signals.toArray(new DbcSignal[0]);
        this.codecs = new SignalCodec[signalArray.length];
        Map<String, Integer> byName = new HashMap<>();
        int mux = -1;
        for (int i = 0; i < signalArray.length; i++) {
            codecs[i] = new SignalCodec(signalArray[i]);
            if (byName.putIfAbsent(signalArray[i].name(), i) != null) {
                throw new IllegalArgumentException("message " + name + ": duplicate signal " + signalArray[i].name());
            }
            if (signalArray[i].multiplexer() && !signalArray[i].isMultiplexed() && mux < 0) {
                mux = i;
            }
        }
        this.indexByName = byName;
        this.multiplexerIndex = mux;
        this.payloadBeyondFirstWord = length > 8;
        this.selector = selectors(name, signalArray, byName);
        boolean chained = false;
        for (int i = 0; i < selector.length; i++) {
            chained |= signalArray[i].isMultiplexed() && selector[i] != mux;
        }
        this.extendedMultiplexing = chained;
        this.plainSignals = signalsOnPage(codecs, false, 0);
        this.pageSignals = mux < 0 || chained ? null : pageTable(codecs, plainSignals);
    }

    private static int[] selectors(String message, DbcSignal[] signals, Map<String, Integer> byName) {
        int[] selector = new int[signals.length];
        for (int i = 0; i < signals.length; i++) {
            String switchName = signals[i].multiplexerSignal();
            Integer s = switchName == null ? null : byName.get(switchName);
            if (switchName != null && (s == null || !signals[s].multiplexer())) {
                throw new IllegalArgumentException("message " + message + ": signal " + signals[i].name()
                        + " is selected by " + switchName + ", which is not a multiplexer of the message");
            }
            selector[i] = s == null ? -1 : s;
        }
        for (int i = 0; i < signals.length; i++) {
            int steps = 0;
            for (int k = selector[i]; k >= 0; k = selector[k]) {
                if (++steps > signals.length) {
                    throw new IllegalArgumentException("message " + message + ": signal " + signals[i].name()
                            + " is in a cycle of multiplexers");
                }
            }
        }
        return selector;
    }

    private static int[][] pageTable(SignalCodec[] codecs, int[] plain) {
        long max = -1;
        for (SignalCodec c : codecs) {
            for (DbcSignal.MultiplexRange r : c.signal.multiplexerRanges()) {
                if (r.from() < 0 || r.to() >= MAX_PAGE_TABLE) {
                    return null;
                }
                max = Math.max(max, r.to());
            }
        }
        int[][] table = new int[(int) max + 1][];
        for (int v = 0; v < table.length; v++) {
            int[] onPage = signalsOnPage(codecs, true, v);
            table[v] = onPage.length == plain.length ? plain : onPage;
        }
        return table;
    }

    private static int[] signalsOnPage(SignalCodec[] codecs, boolean muxKnown, long mux) {
        return IntStream.range(0, codecs.length)
                .filter(i -> !codecs[i].multiplexed || muxKnown && codecs[i].onPage(mux))
                .toArray();
    }

    /** The signals present for this multiplexer value, or null when they must be found by scanning. */
    private int[] signalsPresent(boolean muxKnown, long mux) {
        if (!muxKnown) {
            return plainSignals;
        }
        if (pageSignals == null) {
            return null;
        }
        return mux >= 0 && mux < pageSignals.length ? pageSignals[(int) mux] : plainSignals;
    }

    /** CAN id without flags: 11 bits, or 29 bits when {@link #extended()}. */
    public int id() {
        return id;
    }

    public boolean extended() {
        return extended;
    }

    /** CAN FD: a {@code VFrameFormat} of an {@code *_FD} kind, or more than 8 bytes. */
    public boolean fd() {
        return fd;
    }

    public String name() {
        return name;
    }

    /** Payload length in bytes (DLC as bytes), 0..64. */
    public int length() {
        return length;
    }

    /** The {@code BO_} sender, or null when none ({@code Vector__XXX}). */
    public String sender() {
        return senders.isEmpty() ? null : senders.get(0);
    }

    /** The {@code BO_} sender followed by those of {@code BO_TX_BU_}. */
    public List<String> senders() {
        return senders;
    }

    /** {@code CM_ BO_} text, or null. */
    public String comment() {
        return comment;
    }

    /**
     * Attributes set on this message by {@code BA_}: Long for INT/HEX, Double for FLOAT, String for STRING and ENUM
     * (the enum's text, not its index).
     */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The attribute set on this message, else the {@code BA_DEF_DEF_} default, else null. */
    public Object attribute(String attributeName) {
        Object v = attributes.get(attributeName);
        return v != null ? v : attributeDefaults.get(attributeName);
    }

    public List<DbcSignal> signals() {
        return signals;
    }

    /** The signal of that name, or null. */
    public DbcSignal signal(String signalName) {
        int i = signalIndex(signalName);
        return i < 0 ? null : signalArray[i];
    }

    /** Index in {@link #signals()}, or -1. */
    public int signalIndex(String signalName) {
        Integer i = indexByName.get(signalName);
        return i == null ? -1 : i;
    }

    /** {@code SIG_GROUP_} groups of this message, in file order. */
    public List<DbcSignalGroup> signalGroups() {
        return signalGroups;
    }

    /**
     * The first {@code M} signal, which selects the multiplex page, or null. With extended multiplexing other
     * signals may select some pages: see {@link DbcSignal#multiplexerSignal()}.
     */
    public DbcSignal multiplexer() {
        return multiplexerIndex < 0 ? null : signalArray[multiplexerIndex];
    }

    /** Index of {@link #multiplexer()}, or -1. */
    public int multiplexerIndex() {
        return multiplexerIndex;
    }

    /**
     * Decodes a payload, calling the sink once for each signal present: a signal of a multiplex page only when the
     * multiplexer selects that page (with cascaded multiplexers, when every multiplexer up the chain is present and
     * selects the next), and no signal that does not fit in {@code length} bytes.
     *
     * @param data   payload, byte 0 first; may be longer than {@code length}
     * @param length number of valid bytes in {@code data}
     * @return how many signals were passed to the sink
     */
    public int decode(byte[] data, int length, SignalSink sink) {
        Objects.checkFromIndexSize(0, length, data.length);
        long le = firstWord(data);
        long be = Long.reverseBytes(le);
        if (extendedMultiplexing) {
            return decodeChained(data, length, le, be, sink);
        }
        long mux = 0;
        boolean muxKnown = false;
        if (multiplexerIndex >= 0) {
            SignalCodec m = codecs[multiplexerIndex];
            if (m.requiredBytes <= length) {
                mux = m.extract(data, le, be);
                muxKnown = true;
            }
        }
        int[] present = signalsPresent(muxKnown, mux);
        int delivered = 0;
        for (int k = 0, n = present == null ? codecs.length : present.length; k < n; k++) {
            int i = present == null ? k : present[k];
            SignalCodec c = codecs[i];
            if (c.requiredBytes > length || present == null && c.multiplexed && !c.onPage(mux)) {
                continue;
            }
            long raw = c.extract(data, le, be);
            sink.accept(signalArray[i], i, raw, c.toPhysical(raw));
            delivered++;
        }
        return delivered;
    }

    private int decodeChained(byte[] data, int length, long le, long be, SignalSink sink) {
        int delivered = 0;
        for (int i = 0; i < codecs.length; i++) {
            SignalCodec c = codecs[i];
            if (c.requiredBytes > length || c.multiplexed && !selected(i, data, length, le, be)) {
                continue;
            }
            long raw = c.extract(data, le, be);
            sink.accept(signalArray[i], i, raw, c.toPhysical(raw));
            delivered++;
        }
        return delivered;
    }

    /** A multiplexed signal is present when its selector is present, fits, and has a value selecting it. */
    private boolean selected(int i, byte[] data, int length, long le, long be) {
        int s = selector[i];
        if (s < 0) {
            return false;
        }
        SignalCodec m = codecs[s];
        if (m.requiredBytes > length || m.multiplexed && !selected(s, data, length, le, be)) {
            return false;
        }
        return codecs[i].onPage(m.extract(data, le, be));
    }

    /** As {@link #selected} for encoding: the selectors' values are those being encoded. */
    private boolean selectedByValues(int i, double[] physical) {
        int s = selector[i];
        if (s < 0) {
            return false;
        }
        SignalCodec m = codecs[s];
        if (m.requiredBytes > length || m.multiplexed && !selectedByValues(s, physical)) {
            return false;
        }
        return codecs[i].onPage(m.toRaw(physical[s]));
    }

    /**
     * Decodes into a map for display and tests (allocates): signal name to the {@code VAL_} text when
     * {@code choicesAsText} and one matches the raw value, else the physical value as a Double.
     */
    public Map<String, Object> decodeToMap(byte[] data, int length, boolean choicesAsText) {
        Map<String, Object> out = new LinkedHashMap<>();
        decode(data, length, (signal, index, raw, physical) -> {
            String text = choicesAsText ? signal.choice(raw) : null;
            out.put(signal.name(), text != null ? text : (Object) physical);
        });
        return out;
    }

    /**
     * Encodes physical values into {@code out[0..length())}, which is cleared first. Only the signals of the page
     * selected by the multiplexers' values are written (along the whole chain for cascaded multiplexers); the others
     * are ignored. Values are unscaled, rounded to the
     * nearest raw value and clamped to what the bits can hold. Signals that do not fit in {@link #length()} are left
     * out.
     *
     * @param physicalBySignalIndex one value per signal, indexed as {@link #signals()}
     * @param out                   at least {@link #length()} bytes
     */
    public void encode(double[] physicalBySignalIndex, byte[] out) {
        if (physicalBySignalIndex.length < codecs.length) {
            throw new IllegalArgumentException("message " + name + " has " + codecs.length + " signals, got "
                    + physicalBySignalIndex.length + " values");
        }
        if (out.length < length) {
            throw new IllegalArgumentException("message " + name + " needs " + length + " bytes, got " + out.length);
        }
        Arrays.fill(out, 0, length, (byte) 0);
        long mux = multiplexerIndex < 0 ? 0 : codecs[multiplexerIndex].toRaw(physicalBySignalIndex[multiplexerIndex]);
        int[] present = extendedMultiplexing ? null : signalsPresent(multiplexerIndex >= 0, mux);
        long le = 0;
        long be = 0;
        for (int k = 0, n = present == null ? codecs.length : present.length; k < n; k++) {
            int i = present == null ? k : present[k];
            SignalCodec c = codecs[i];
            if (c.requiredBytes > length || present == null && c.multiplexed && (extendedMultiplexing
                    ? !selectedByValues(i, physicalBySignalIndex) : !c.onPage(mux))) {
                continue;
            }
            long raw = i == multiplexerIndex ? mux : c.toRaw(physicalBySignalIndex[i]);
            if (!c.inFirstWord) {
                c.write(out, raw);
            } else if (c.intel) {
                le |= c.placeInWord(raw);
            } else {
                be |= c.placeInWord(raw);
            }
        }
        long word = le | Long.reverseBytes(be);
        if (length >= 8) {
            // CAN FD signals may already have set bits in bytes 0..7.
            long existing = payloadBeyondFirstWord ? (long) LE_LONG.get(out, 0) : 0L;
            LE_LONG.set(out, 0, existing | word);
        } else {
            for (int b = 0; b < length; b++) {
                out[b] |= (byte) (word >>> (8 * b));
            }
        }
    }

    /**
     * Encodes into a new {@link #length()}-byte array (allocates). Signals missing from the map are sent as raw 0.
     *
     * @throws IllegalArgumentException for a name that is not a signal of this message, or a null value
     */
    public byte[] encode(Map<String, Double> physical) {
        double[] values = new double[signalArray.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = signalArray[i].valueType() == DbcSignal.ValueType.INTEGER ? signalArray[i].offset() : 0.0;
        }
        for (Map.Entry<String, Double> e : physical.entrySet()) {
            int i = signalIndex(e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException("message " + name + " has no signal " + e.getKey());
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("no value for signal " + e.getKey());
            }
            values[i] = e.getValue();
        }
        byte[] out = new byte[length];
        encode(values, out);
        return out;
    }

    /** Bytes 0..7 as a little-endian word; bytes past the array are zero. */
    private static long firstWord(byte[] data) {
        if (data.length >= 8) {
            return (long) LE_LONG.get(data, 0);
        }
        long w = 0;
        for (int b = 0; b < data.length; b++) {
            w |= (data[b] & 0xFFL) << (8 * b);
        }
        return w;
    }

    @Override
    public String toString() {
        return "BO_ " + (extended ? String.format("0x%08X", id) : String.format("0x%03X", id)) + " " + name + ": "
                + length + " bytes, " + signalArray.length + " signals";
    }
}
