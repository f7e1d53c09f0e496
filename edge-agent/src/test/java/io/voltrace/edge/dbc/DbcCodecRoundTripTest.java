package io.voltrace.edge.dbc;

import static io.voltrace.edge.dbc.TestDbc.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: physical values inside a signal's raw range, quantized to its factor, come back unchanged from
 * encode then decode, and exactly the signals of the selected multiplex page come back.
 */
class DbcCodecRoundTripTest {

    private static final int ITERATIONS = 2_000;

    static Stream<Arguments> inlineDatabases() {
        return Stream.of(
                Arguments.of("intel", String.join("\n",
                        "BO_ 1 Intel: 8 A",
                        " SG_ Bit : 0|1@1+ (1,0) [0|1] \"\" A",
                        " SG_ Seven : 1|7@1+ (0.5,-10) [-10|53.5] \"\" A",
                        " SG_ Thirteen : 8|13@1- (0.001,0) [-4.096|4.095] \"V\" A",
                        " SG_ Straddle : 21|20@1+ (0.01,100) [100|10585.75] \"\" A",
                        " SG_ Signed3 : 41|3@1- (1,0) [-4|3] \"\" A",
                        " SG_ Top : 44|20@1- (-0.1,5) [0|0] \"\" A",
                        "BO_ 2 Intel64: 8 A",
                        " SG_ U64 : 0|64@1+ (1,0) [0|0] \"\" A",
                        "BO_ 3 IntelS64: 8 A",
                        " SG_ S64 : 0|64@1- (1,0) [0|0] \"\" A",
                        "BO_ 4 Intel63: 8 A",
                        " SG_ S63 : 1|63@1- (1,0) [0|0] \"\" A",
                        " SG_ B : 0|1@1+ (1,0) [0|1] \"\" A",
                        "")),
                Arguments.of("motorola", String.join("\n",
                        "BO_ 1 Moto: 8 A",
                        " SG_ Bit : 7|1@0+ (1,0) [0|1] \"\" A",
                        " SG_ Six : 6|6@0+ (0.1,0) [0|6.3] \"\" A",
                        " SG_ Twelve : 0|12@0- (0.01,250) [229.52|270.47] \"degK\" A",
                        " SG_ Straddle : 20|19@0+ (0.5,-1000) [0|0] \"\" A",
                        " SG_ Signed5 : 33|5@0- (1,0) [-16|15] \"\" A",
                        " SG_ Tail : 44|21@0- (-0.25,3) [0|0] \"\" A",
                        "BO_ 2 Moto64: 8 A",
                        " SG_ U64 : 7|64@0+ (1,0) [0|0] \"\" A",
                        "BO_ 3 MotoS64: 8 A",
                        " SG_ S64 : 7|64@0- (1,0) [0|0] \"\" A",
                        "BO_ 4 Moto33: 5 A",
                        " SG_ S33 : 7|33@0- (1,0) [0|0] \"\" A",
                        " SG_ Low7 : 38|7@0+ (1,0) [0|0] \"\" A",
                        "")),
                Arguments.of("mixed byte orders", String.join("\n",
                        "BO_ 1 Mixed: 8 A",
                        " SG_ IntelLow : 0|12@1+ (1,0) [0|0] \"\" A",
                        " SG_ IntelNibble : 12|4@1- (1,0) [0|0] \"\" A",
                        " SG_ MotoMid : 23|12@0- (0.2,0) [0|0] \"\" A",
                        " SG_ IntelShared : 24|4@1+ (1,0) [0|0] \"\" A",
                        " SG_ MotoBig : 39|26@0- (1E-003,0) [0|0] \"\" A",
                        " SG_ IntelEnd : 56|6@1+ (1,0) [0|0] \"\" A",
                        "")),
                Arguments.of("floats", String.join("\n",
                        "BO_ 1 F32: 8 A",
                        " SG_ IntelF32 : 0|32@1- (1,0) [0|0] \"\" A",
                        " SG_ MotoF32 : 39|32@0- (2,0) [0|0] \"\" A",
                        "BO_ 2 F64I: 8 A",
                        " SG_ IntelF64 : 0|64@1- (1,0) [0|0] \"\" A",
                        "BO_ 3 F64M: 8 A",
                        " SG_ MotoF64 : 7|64@0- (1,0) [0|0] \"\" A",
                        "SIG_VALTYPE_ 1 IntelF32 : 1;",
                        "SIG_VALTYPE_ 1 MotoF32 : 1;",
                        "SIG_VALTYPE_ 2 IntelF64 : 2;",
                        "SIG_VALTYPE_ 3 MotoF64 : 2;",
                        "")),
                Arguments.of("multiplexed", String.join("\n",
                        "BO_ 1 Mux: 8 A",
                        " SG_ Page M : 0|8@1+ (1,0) [0|255] \"\" A",
                        " SG_ Always : 63|8@0+ (1,0) [0|255] \"\" A",
                        " SG_ A0 m0 : 8|16@1+ (0.1,0) [0|0] \"\" A",
                        " SG_ B0 m0 : 31|16@0- (1,0) [0|0] \"\" A",
                        " SG_ A1 m1 : 8|32@1- (1,0) [0|0] \"\" A",
                        " SG_ A7 m7 : 8|40@1+ (0.001,0) [0|0] \"\" A",
                        " SG_ F7 m200 : 8|32@1- (1,0) [0|0] \"\" A",
                        "SIG_VALTYPE_ 1 F7 : 1;",
                        "BO_ 2 WidePages: 8 A", // page values beyond the lookup table: found by scanning
                        " SG_ Sel M : 7|16@0+ (1,0) [0|65535] \"\" A",
                        " SG_ Low m7 : 16|8@1+ (1,0) [0|0] \"\" A",
                        " SG_ High m5000 : 16|16@1- (0.5,0) [0|0] \"\" A",
                        " SG_ Both m9 : 40|8@1+ (1,0) [0|0] \"\" A",
                        "SG_MUL_VAL_ 2 Both Sel 9-9, 4000-60000;",
                        "")),
                Arguments.of("can fd", String.join("\n",
                        "BO_ 1 Fd: 64 A",
                        " SG_ Head : 0|8@1+ (1,0) [0|0] \"\" A",
                        " SG_ CrossI : 60|8@1+ (1,0) [0|0] \"\" A",
                        " SG_ CrossM : 75|16@0- (1,0) [0|0] \"\" A",
                        " SG_ Wide : 100|64@1+ (1,0) [0|0] \"\" A",
                        " SG_ WideM : 175|64@0- (1,0) [0|0] \"\" A",
                        " SG_ F64 : 256|64@1- (1,0) [0|0] \"\" A",
                        " SG_ Last : 511|8@0+ (0.5,0) [0|0] \"\" A",
                        "SIG_VALTYPE_ 1 F64 : 2;",
                        "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inlineDatabases")
    void inlineDatabasesRoundTrip(String name, String dbc) throws Exception {
        DbcDatabase db = parse(dbc);
        assertThat(TestDbc.warningsOf(db)).isEmpty();
        Random random = new Random(name.hashCode());
        for (DbcMessage m : db.messages()) {
            for (int i = 0; i < ITERATIONS; i++) {
                roundTrip(m, random);
            }
        }
    }

    /** Random layouts: signals of random order, sign, length, type and place, some on multiplex pages. */
    @Test
    void randomLayoutsRoundTrip() throws Exception {
        Random random = new Random(20261125);
        int messages = 0;
        int signals = 0;
        for (int n = 0; n < 400; n++) {
            String dbc = randomDbc(random);
            DbcDatabase db;
            try {
                db = parse(dbc);
            } catch (DbcParseException e) {
                throw new AssertionError(e.getMessage() + "\n" + dbc, e);
            }
            DbcMessage m = db.messages().get(0);
            messages++;
            signals += m.signals().size();
            for (int i = 0; i < 100; i++) {
                try {
                    roundTrip(m, random);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nin\n" + dbc, e);
                }
            }
        }
        assertThat(signals).isGreaterThan(messages * 2);
    }

    private static void roundTrip(DbcMessage m, Random random) {
        List<DbcSignal> signals = m.signals();
        int n = signals.size();
        long[] raws = new long[n];
        double[] physical = new double[n];
        for (int i = 0; i < n; i++) {
            DbcSignal s = signals.get(i);
            if (s.valueType() == DbcSignal.ValueType.INTEGER) {
                raws[i] = randomRaw(s, random);
                physical[i] = physicalOf(s, raws[i]);
            } else {
                physical[i] = randomFloat(s, random) * s.factor() + s.offset();
                double unscaled = (physical[i] - s.offset()) / s.factor();
                raws[i] = s.valueType() == DbcSignal.ValueType.FLOAT32
                        ? Float.floatToRawIntBits((float) unscaled) & 0xFFFF_FFFFL
                        : Double.doubleToRawLongBits(unscaled);
            }
        }
        int muxIndex = m.multiplexerIndex();
        if (muxIndex >= 0) {
            // Pick a used page most of the time, sometimes one without signals.
            List<Long> pages = new ArrayList<>(new TreeSet<>(signals.stream()
                    .filter(DbcSignal::isMultiplexed).map(DbcSignal::multiplexerValue).toList()));
            long page = pages.isEmpty() || random.nextInt(5) == 0
                    ? unusedPage(m.multiplexer(), pages)
                    : pages.get(random.nextInt(pages.size()));
            raws[muxIndex] = page;
            physical[muxIndex] = physicalOf(m.multiplexer(), page);
        }

        byte[] frame = new byte[m.length()];
        random.nextBytes(frame); // encode must clear what it does not write
        m.encode(physical, frame);

        boolean[] expected = new boolean[n];
        for (int i = 0; i < n; i++) {
            DbcSignal s = signals.get(i);
            expected[i] = !s.isMultiplexed() || s.isOnPage(raws[muxIndex]);
        }
        boolean[] seen = new boolean[n];
        m.decode(frame, frame.length, (s, i, raw, value) -> {
            assertThat(seen[i]).as("%s delivered once", s.name()).isFalse();
            seen[i] = true;
            assertThat(expected[i]).as("%s delivered although its page is not selected", s.name()).isTrue();
            assertThat(raw).as("raw of %s (%s)", s.name(), s).isEqualTo(raws[i]);
            assertThat(value + 0.0).as("physical of %s (%s)", s.name(), s).isEqualTo(physical[i] + 0.0);
        });
        assertThat(seen).as("signals delivered").isEqualTo(expected);
    }

    /** Raw values double can carry exactly, with the extremes of the range more often than chance. */
    private static long randomRaw(DbcSignal s, Random random) {
        int length = s.length();
        boolean scaled = s.factor() != 1 || s.offset() != 0;
        // Scaling by a decimal factor is exact enough to round back only below ~2^50.
        int bits = scaled ? Math.min(length, 48) : length;
        long value;
        int pick = random.nextInt(8);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        if (pick == 0) {
            value = 0;
        } else if (pick == 1) {
            value = s.signed() ? mask >>> 1 : mask;          // largest
        } else if (pick == 2) {
            value = s.signed() ? ~(mask >>> 1) : 1;          // smallest / smallest non-zero
        } else {
            value = random.nextLong() & mask;
            if (s.signed() && bits < 64) {
                value = value << (64 - bits) >> (64 - bits);
            }
        }
        if (s.signed() && pick == 2 && bits < 64) {
            value = value << (64 - bits) >> (64 - bits);
        }
        if (bits > 53) {
            value &= ~((1L << (bits - 53)) - 1);             // keep 53 significant bits
        }
        return value;
    }

    private static double physicalOf(DbcSignal s, long raw) {
        double r = !s.signed() && s.length() == 64 && raw < 0 ? raw + 0x1p64 : raw;
        return r * s.factor() + s.offset();
    }

    private static double randomFloat(DbcSignal s, Random random) {
        while (true) {
            double v = s.valueType() == DbcSignal.ValueType.FLOAT32
                    ? Float.intBitsToFloat(random.nextInt())
                    : Double.longBitsToDouble(random.nextLong());
            if (random.nextInt(10) == 0) {
                v = random.nextGaussian() * 1000;
                v = s.valueType() == DbcSignal.ValueType.FLOAT32 ? (float) v : v;
            }
            // NaN payloads need not survive float/double conversions; scaling must not overflow.
            if (!Double.isNaN(v) && Double.isFinite(v * s.factor()) == Double.isFinite(v)) {
                return v;
            }
        }
    }

    private static long unusedPage(DbcSignal mux, List<Long> used) {
        long max = mux.length() >= 63 ? Long.MAX_VALUE : (1L << mux.length()) - 1;
        for (long p = 0; p <= max; p++) {
            if (!used.contains(p)) {
                return p;
            }
        }
        return 0;
    }

    // ---- random DBC generation ---------------------------------------------------------------------------------

    private static final int[] LENGTHS = {1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8, 12, 16, 24, 32, 48, 64};

    private static String randomDbc(Random random) {
        int length = LENGTHS[random.nextInt(LENGTHS.length)];
        StringBuilder sb = new StringBuilder("BO_ 1 Random: " + length + " A\n");
        BitSet fixed = new BitSet();
        List<String> valueTypes = new ArrayList<>();
        int count = 0;
        boolean multiplexed = random.nextInt(3) == 0 && length * 8 >= 12;
        int muxBits = 2 + random.nextInt(7);
        if (multiplexed) {
            String mux = place(random, fixed, length, "Mux", muxBits, random.nextBoolean(), " M", null);
            if (mux != null) {
                sb.append(mux);
            } else {
                multiplexed = false;
            }
        }
        for (int i = 0, plain = 1 + random.nextInt(4); i < plain; i++) {
            String line = randomSignal(random, fixed, length, "S" + count++, "", valueTypes);
            if (line != null) {
                sb.append(line);
            }
        }
        if (multiplexed) {
            TreeSet<Integer> pageValues = new TreeSet<>();
            for (int p = 0, pages = 1 + random.nextInt(3); p < pages; p++) {
                pageValues.add(random.nextInt(1 << muxBits));
            }
            for (int p : pageValues) {
                BitSet page = (BitSet) fixed.clone();
                for (int i = 0, k = 1 + random.nextInt(3); i < k; i++) {
                    String line = randomSignal(random, page, length, "P" + p + "_" + count++, " m" + p, valueTypes);
                    if (line != null) {
                        sb.append(line);
                    }
                }
            }
        }
        valueTypes.forEach(sb::append);
        return sb.toString();
    }

    private static String randomSignal(Random random, BitSet used, int length, String name, String mux,
                                       List<String> valueTypes) {
        int type = random.nextInt(10);
        int bits;
        String valueType = null;
        if (type == 0 && length * 8 >= 32) {
            bits = 32;
            valueType = "1";
        } else if (type == 1 && length * 8 >= 64) {
            bits = 64;
            valueType = "2";
        } else {
            bits = 1 + random.nextInt(Math.min(64, length * 8));
        }
        String line = place(random, used, length, name, bits, random.nextBoolean(), mux, valueType == null
                ? random : null);
        if (line != null && valueType != null) {
            valueTypes.add("SIG_VALTYPE_ 1 " + name + " : " + valueType + ";\n");
        }
        return line;
    }

    /** Finds free bits for a signal and returns its SG_ line, or null when it does not fit. */
    private static String place(Random random, BitSet used, int length, String name, int bits, boolean motorola,
                                String mux, Random scaling) {
        for (int attempt = 0; attempt < 30; attempt++) {
            int first = random.nextInt(length * 8 - bits + 1);
            BitSet mine = new BitSet();
            int startBit;
            if (motorola) {
                // first = wire position of the MSB (bit 7 of byte 0 is 0)
                for (int p = first; p < first + bits; p++) {
                    mine.set((p & ~7) + 7 - (p & 7));
                }
                startBit = (first & ~7) + 7 - (first & 7);
            } else {
                mine.set(first, first + bits);
                startBit = first;
            }
            if (mine.intersects(used)) {
                continue;
            }
            used.or(mine);
            boolean signed = random.nextBoolean() && !mux.equals(" M"); // page numbers are unsigned
            String factor = "1";
            String offset = "0";
            if (scaling != null && random.nextBoolean()) {
                String[] factors = {"0.1", "0.01", "0.001", "0.5", "-0.25", "2", "1E-005", "-1"};
                factor = factors[scaling.nextInt(factors.length)];
                offset = String.format(Locale.ROOT, "%d", scaling.nextInt(2001) - 1000);
            }
            return String.format(Locale.ROOT, " SG_ %s%s : %d|%d@%s%s (%s,%s) [0|0] \"\" A%n", name, mux, startBit,
                    bits, motorola ? "0" : "1", signed ? "-" : "+", factor, offset);
        }
        return null;
    }
}
