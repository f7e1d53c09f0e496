package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AscLogSourceTest {

    /** CANoe-style header and every kind of line the reader must take or skip. */
    private static final String HEX_LOG = String.join("\r\n",
            "date Thu Nov 9 08:36:33.123 pm 2023",
            "base hex  timestamps absolute",
            "internal events logged",
            "// version 13.0.0",
            "Begin Triggerblock Thu Nov 9 08:36:33.123 pm 2023",
            "   0.000000 Start of measurement",
            "   0.001000 1  Statistic: D 0 R 0 XD 0 XR 0 E 0 O 0 B 0.00%",
            "   0.010000 1  18FEF100x       Rx   d 8 01 02 03 04 05 06 07 08  Length = 0 BitCount = 0 ID = 419361024x",
            "   0.020000 2  123             Tx   d 3 AA bb CC",
            "   0.025000 1  ErrorFrame",
            "   0.030000 1  7FF             Rx   r",
            "   0.035000 1  7FF             TxRq d 1 00",
            "   0.040000 CANFD   1 Rx        1ABx  EngineData                       1 0 d 32 00 01 02 03 04 05 06 07"
                    + " 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f   102203  565  303000"
                    + "  7c28b2ef 46500250 4b140250 20011736 2001040d",
            "   0.050000 CANFD   2 Tx        100                                      0 0 4 4 de ad be ef   50000  130"
                    + "   1000  0 0 0 0 0",
            "   0.055000 CANFD   2 Rx        101                                      0 0 2 2 12 34   50000  130"
                    + "   0  0 0 0 0 0",
            "   0.060000 1  456             Rx   d 2 01",
            "   0.070000 1  456             Rx   d 2 01 0G",
            "   0.080000 1  456             Bx   d 2 01 02",
            "   0.090000 1  800             Rx   d 1 01",
            "what is this",
            "   0.100000 1  7E8             Rx   d F 01 02 03 04 05 06 07 08",
            "End TriggerBlock",
            "");

    @Test
    void readsClassicAndFdFramesAndSetsAsideMalformedLines() throws IOException {
        List<CanFrame> frames = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        try (AscLogSource source = new AscLogSource("drive.asc", new StringReader(HEX_LOG))) {
            CanFrame f;
            while ((f = source.next()) != null) {
                frames.add(f);
                channels.add(source.channel());
            }
            assertThat(source.describe()).isEqualTo("Vector ASC log drive.asc");
            assertThat(source.measurementStart()).isEqualTo(Instant.parse("2023-11-09T20:36:33.123Z"));
            assertThat(source.errorFrames()).isEqualTo(1);
            assertThat(source.remoteFrames()).isEqualTo(1);
            assertThat(source.otherEvents()).as("start, statistic, TxRq").isEqualTo(3);
            assertThat(source.rejected()).containsExactly(
                    "drive.asc:16: DLC 2 but 1 data bytes",
                    "drive.asc:17: bad data byte '0G'",
                    "drive.asc:18: expected Rx or Tx after id 456, found 'Bx'",
                    "drive.asc:19: CAN id '800' out of range for a 11-bit id",
                    "drive.asc:20: not an ASC line: neither a header nor an event starting with its time");
        }
        assertThat(frames).extracting(f -> Long.toString(f.timestampMicros()) + " " + Integer.toHexString(f.id())
                        + (f.extended() ? "x" : "") + (f.fd() ? " fd " : " ") + HexFormat.of().formatHex(f.payload()))
                .containsExactly(
                        "10000 18fef100x 0102030405060708",
                        "20000 123 aabbcc",
                        "40000 1abx fd 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                        "50000 100 fd deadbeef",
                        "55000 101 1234",
                        "100000 7e8 0102030405060708");
        assertThat(channels).containsExactly("1", "2", "1", "2", "2", "1");
    }

    @Test
    void decimalBaseAndRelativeTimestamps() throws IOException {
        String log = String.join("\n",
                "date Wed, 08 Nov 2023 21:17:01 GMT",
                "base dec  timestamps relative",
                "no internal events logged",
                "   0.500000 1  1428            Rx   d 2 255 16",
                "   0.250000 1  123456789x      Rx   d 1 7",
                "   0.250000 1  2047            Rx   d 1 300",
                "   1.000000 1  2047            Rx   d 0",
                "");
        List<CanFrame> frames = new ArrayList<>();
        try (AscLogSource source = new AscLogSource("dec.asc", new StringReader(log))) {
            CanFrame f;
            while ((f = source.next()) != null) {
                frames.add(f);
            }
            assertThat(source.measurementStart()).isEqualTo(Instant.parse("2023-11-08T21:17:01Z"));
            assertThat(source.rejected()).containsExactly("dec.asc:6: bad data byte '300'");
        }
        // 1428 decimal needs 11 bits: 0x594. Each time adds to the previous event's, rejected lines included.
        assertThat(frames).extracting(CanFrame::timestampMicros).containsExactly(500_000L, 750_000L, 2_000_000L);
        assertThat(frames).extracting(CanFrame::id).containsExactly(0x594, 123456789, 2047);
        assertThat(frames.get(0).payload()).containsExactly(0xFF, 0x10);
        assertThat(frames.get(1).extended()).isTrue();
        assertThat(frames.get(2).length()).isZero();
    }

    @Test
    void unknownBaseIsRejectedAndTheRestStillRead() throws IOException {
        try (AscLogSource source = new AscLogSource("odd.asc",
                new StringReader("base oct timestamps absolute\n 1.0 1 10 Rx d 1 01\n"))) {
            assertThat(source.next().id()).isEqualTo(0x10);
            assertThat(source.rejected()).containsExactly("odd.asc:1: base must be hex or dec, found 'oct'");
        }
    }
}
