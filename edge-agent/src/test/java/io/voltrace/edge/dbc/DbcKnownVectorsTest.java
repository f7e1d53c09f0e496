package io.voltrace.edge.dbc;

import static io.voltrace.edge.dbc.TestDbc.hex;
import static io.voltrace.edge.dbc.TestDbc.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decodes checked against values worked out by hand, with the DBC/cantools bit numbering: Intel start bit = LSB,
 * Motorola start bit = MSB, both as byte * 8 + bit-in-byte (bit 0 = LSB of the byte).
 */
class DbcKnownVectorsTest {

    /** One signal per line; each test decodes {@code data} with one of them. */
    private static final String LAYOUTS = String.join("\n",
            "BO_ 1 Eight: 8 A",
            " SG_ I_0_8 : 0|8@1+ (1,0) [0|0] \"\" A",
            " SG_ I_4_8 : 4|8@1+ (1,0) [0|0] \"\" A",
            " SG_ I_0_16 : 0|16@1+ (1,0) [0|0] \"\" A",
            " SG_ I_8_32 : 8|32@1+ (1,0) [0|0] \"\" A",
            " SG_ I_0_64 : 0|64@1+ (1,0) [0|0] \"\" A",
            " SG_ I_60_4 : 60|4@1+ (1,0) [0|0] \"\" A",
            " SG_ I_60_4s : 60|4@1- (1,0) [0|0] \"\" A",
            " SG_ I_56_8s : 56|8@1- (1,0) [0|0] \"\" A",
            " SG_ I_0_8neg : 0|8@1+ (-0.5,10) [0|0] \"\" A",
            " SG_ M_7_8 : 7|8@0+ (1,0) [0|0] \"\" A",
            " SG_ M_3_8 : 3|8@0+ (1,0) [0|0] \"\" A",
            " SG_ M_7_16 : 7|16@0+ (1,0) [0|0] \"\" A",
            " SG_ M_15_32 : 15|32@0+ (1,0) [0|0] \"\" A",
            " SG_ M_7_64 : 7|64@0+ (1,0) [0|0] \"\" A",
            " SG_ M_63_4 : 63|4@0+ (1,0) [0|0] \"\" A",
            " SG_ M_59_4 : 59|4@0+ (1,0) [0|0] \"\" A",
            " SG_ M_63_8s : 63|8@0- (1,0) [0|0] \"\" A",
            "BO_ 2 Fd: 64 A",
            " SG_ I_496_16 : 496|16@1+ (1,0) [0|0] \"\" A",
            " SG_ M_503_16 : 503|16@0+ (1,0) [0|0] \"\" A",
            " SG_ I_60_8 : 60|8@1+ (1,0) [0|0] \"\" A",
            " SG_ M_59_8 : 59|8@0+ (1,0) [0|0] \"\" A",
            " SG_ I_68_64 : 68|64@1+ (1,0) [0|0] \"\" A",
            " SG_ M_75_64 : 75|64@0+ (1,0) [0|0] \"\" A",
            " SG_ M_75_64s : 75|64@0- (1,0) [0|0] \"\" A",
            "");

    private static final byte[] EIGHT = hex("123456789ABCDEF0");

    /** Byte i holds i. */
    private static byte[] fd() {
        byte[] d = new byte[64];
        for (int i = 0; i < 64; i++) {
            d[i] = (byte) i;
        }
        return d;
    }

    @ParameterizedTest(name = "{0} of 12 34 56 78 9A BC DE F0 = {1}")
    @CsvSource({
        "I_0_8, 12",
        "I_4_8, 41",                // high nibble of byte 0, low nibble of byte 1 on top
        "I_0_16, 3412",
        "I_8_32, 9A785634",
        "I_0_64, F0DEBC9A78563412",
        "I_60_4, F",
        "I_60_4s, FFFFFFFFFFFFFFFF", // 0xF as 4-bit two's complement = -1
        "I_56_8s, FFFFFFFFFFFFFFF0", // 0xF0 = -16
        "M_7_8, 12",
        "M_3_8, 23",                // low nibble of byte 0 on top, then high nibble of byte 1
        "M_7_16, 1234",
        "M_15_32, 3456789A",
        "M_7_64, 123456789ABCDEF0",
        "M_63_4, F",
        "M_59_4, 0",
        "M_63_8s, FFFFFFFFFFFFFFF0",
    })
    void classicLayouts(String signal, String expectedHex) throws Exception {
        assertThat(Long.toHexString(raw("Eight", signal, EIGHT)).toUpperCase())
                .isEqualTo(Long.toHexString(Long.parseUnsignedLong(expectedHex, 16)).toUpperCase());
    }

    @ParameterizedTest(name = "{0} of bytes 00..3F = {1}")
    @CsvSource({
        "I_496_16, 3F3E",
        "M_503_16, 3E3F",
        "I_60_8, 80",                        // byte 7 high nibble (0), byte 8 low nibble (8) on top
        "M_59_8, 70",                        // byte 7 low nibble (7) on top, byte 8 high nibble (0)
        "I_68_64, 00F0E0D0C0B0A090",         // bytes 8..16 little-endian, shifted right by 4
        "M_75_64, 90A0B0C0D0E0F101",         // low nibble of byte 9, bytes 10..16, high nibble of byte 17
        "M_75_64s, 90A0B0C0D0E0F101",
    })
    void canFdLayouts(String signal, String expectedHex) throws Exception {
        assertThat(Long.toHexString(raw("Fd", signal, fd())).toUpperCase())
                .isEqualTo(Long.toHexString(Long.parseUnsignedLong(expectedHex, 16)).toUpperCase());
    }

    @Test
    void negativeFactorAndUnsigned64Physical() throws Exception {
        DbcMessage m = parse(LAYOUTS).messageByName("Eight");
        Map<String, Object> decoded = m.decodeToMap(EIGHT, 8, false);
        assertThat(decoded).contains(entry("I_0_8neg", 1.0)); // 10 - 0.5 * 18
        // unsigned 64-bit: 0xF0DEBC9A78563412 = 17356517385562371090, not a negative number
        assertThat((double) decoded.get("I_0_64")).isCloseTo(17356517385562371090.0,
                org.assertj.core.data.Offset.offset(4096.0));
        assertThat(parse(LAYOUTS).messageByName("Fd").decodeToMap(fd(), 64, false))
                .contains(entry("M_75_64s", (double) 0x90A0B0C0D0E0F101L));
    }

    /** The layout of cantools' motohawk example, written here from its published definition. */
    private static final String MOTOROLA_EXAMPLE = String.join("\n",
            "BO_ 496 ExampleMessage: 8 PCM1",
            " SG_ Enable : 7|1@0+ (1,0) [0|0] \"-\" Vector__XXX",
            " SG_ AverageRadius : 6|6@0+ (0.1,0) [0|5] \"m\" Vector__XXX",
            " SG_ Temperature : 0|12@0- (0.01,250) [229.52|270.47] \"degK\" PCM1,FOO",
            "VAL_ 496 Enable 0 \"Disabled\" 1 \"Enabled\" ;",
            "");

    @Test
    void motorolaExampleDecodesAndEncodes() throws Exception {
        DbcMessage m = parse(MOTOROLA_EXAMPLE).messageByName("ExampleMessage");
        // C0 = 1100 0000: Enable = bit 7 = 1, AverageRadius = bits 6..1 = 100000 = 32;
        // Temperature = bit 0 of byte 0, byte 1 (06), top 3 bits of byte 2 (E0 -> 111) = 0 00000110 111 = 55
        Map<String, Object> decoded = m.decodeToMap(hex("C006E00000000000"), 8, true);
        assertThat(decoded).containsOnlyKeys("Enable", "AverageRadius", "Temperature");
        assertThat(decoded.get("Enable")).isEqualTo("Enabled");
        assertThat((double) decoded.get("AverageRadius")).isCloseTo(3.2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat((double) decoded.get("Temperature")).isCloseTo(250.55, org.assertj.core.data.Offset.offset(1e-9));

        // 12-bit all ones is -1: 250 - 0.01
        assertThat((double) m.decodeToMap(hex("01FFE00000000000"), 8, false).get("Temperature"))
                .isCloseTo(249.99, org.assertj.core.data.Offset.offset(1e-9));

        Map<String, Double> values = new HashMap<>();
        values.put("Enable", 1.0);
        values.put("AverageRadius", 3.2);
        values.put("Temperature", 250.55);
        assertThat(hex(m.encode(values))).isEqualTo("c006e00000000000");
        values.put("Temperature", 249.99);
        values.put("AverageRadius", 0.0);
        assertThat(hex(m.encode(values))).isEqualTo("81ffe00000000000");
    }

    @Test
    void encodesFdLayoutsBackToTheSameBits() throws Exception {
        DbcMessage m = parse(LAYOUTS).messageByName("Fd");
        for (String name : new String[] {"I_60_8", "M_59_8", "I_68_64", "M_75_64", "I_496_16", "M_503_16"}) {
            long raw = raw("Fd", name, fd());
            double[] values = new double[m.signals().size()];
            values[m.signalIndex(name)] = m.signal(name).length() == 64 && raw < 0 ? raw + 0x1p64 : raw;
            // Only this signal: the others are set to raw 0 by giving them physical 0.
            byte[] out = new byte[64];
            m.encode(values, out);
            // Read back through a message that has this signal alone, so overlaps do not matter.
            assertThat(raw("Fd", name, out)).as(name).isEqualTo(
                    m.signal(name).length() == 64 ? roundedTo53Bits(raw) : raw);
        }
    }

    @Test
    void floatValueTypes() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BO_ 1 F: 8 A",
                " SG_ IntelF32 : 0|32@1- (1,0) [0|0] \"\" A",
                " SG_ MotoF32 : 39|32@0- (1,0) [0|0] \"\" A",
                "BO_ 2 D: 8 A",
                " SG_ IntelF64 : 0|64@1- (1,0) [0|0] \"\" A",
                "BO_ 3 E: 8 A",
                " SG_ MotoF64 : 7|64@0- (1,0) [0|0] \"\" A",
                "SIG_VALTYPE_ 1 IntelF32 : 1;",
                "SIG_VALTYPE_ 1 MotoF32 : 1;",
                "SIG_VALTYPE_ 2 IntelF64 : 2;",
                "SIG_VALTYPE_ 3 MotoF64 : 2;",
                ""));
        // 1.0f = 3F800000 (little-endian in bytes 0..3), -2.5f = C0200000 (big-endian in bytes 4..7)
        assertThat(db.messageByName("F").decodeToMap(hex("0000803FC0200000"), 8, false))
                .containsExactly(entry("IntelF32", 1.0), entry("MotoF32", -2.5));
        assertThat(db.messageByName("D").decodeToMap(hex("000000000000F03F"), 8, false))
                .containsExactly(entry("IntelF64", 1.0));
        assertThat(db.messageByName("E").decodeToMap(hex("3FF0000000000000"), 8, false))
                .containsExactly(entry("MotoF64", 1.0));
        assertThat(hex(db.messageByName("F").encode(Map.of("IntelF32", 1.0, "MotoF32", -2.5))))
                .isEqualTo("0000803fc0200000");
    }

    @Test
    void encodeRoundsToNearestAndClamps() throws Exception {
        DbcMessage m = parse(String.join("\n",
                "BO_ 1 M: 3 A",
                " SG_ U : 0|8@1+ (0.5,0) [0|127.5] \"\" A",
                " SG_ S : 8|8@1- (1,0) [-128|127] \"\" A",
                " SG_ N : 16|4@1+ (-1,0) [-15|0] \"\" A",
                "")).messageByName("M");
        assertThat(hex(m.encode(Map.of("U", 1.26, "S", -3.4, "N", -5.0)))).isEqualTo("03fd05");
        assertThat(hex(m.encode(Map.of("U", 1000.0, "S", 1000.0, "N", 3.0)))).isEqualTo("ff7f00");
        assertThat(hex(m.encode(Map.of("U", -1.0, "S", -1000.0, "N", -99.0)))).isEqualTo("00800f");
        assertThat(hex(m.encode(Map.of("U", Double.NaN)))).isEqualTo("000000");
    }

    private static long roundedTo53Bits(long unsigned) {
        double d = unsigned < 0 ? unsigned + 0x1p64 : unsigned;
        return d >= 0x1p63 ? (long) (d - 0x1p63) | Long.MIN_VALUE : (long) d;
    }

    private static long raw(String message, String signal, byte[] data) throws Exception {
        DbcMessage m = parse(LAYOUTS).messageByName(message);
        int index = m.signalIndex(signal);
        long[] out = {0};
        boolean[] seen = {false};
        m.decode(data, data.length, (s, i, raw, physical) -> {
            if (i == index) {
                out[0] = raw;
                seen[0] = true;
            }
        });
        assertThat(seen[0]).as("signal %s decoded", signal).isTrue();
        return out[0];
    }
}
