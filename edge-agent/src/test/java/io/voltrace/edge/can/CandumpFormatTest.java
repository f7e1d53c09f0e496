package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CandumpFormatTest {

    @Test
    void parsesLogFormatLines() {
        CanFrame f = CandumpFormat.parseLine("(1436509052.249713) vcan0 044#2A366C2BBA");
        assertThat(f.timestampMicros()).isEqualTo(1_436_509_052_249_713L);
        assertThat(f.id()).isEqualTo(0x44);
        assertThat(f.extended()).isFalse();
        assertThat(f.fd()).isFalse();
        assertThat(f.length()).isEqualTo(5);
        assertThat(HexFormat.of().formatHex(f.payload())).isEqualTo("2a366c2bba");

        CanFrame ext = CandumpFormat.parseLine("(1.000001) can1 00000123#");
        assertThat(ext.extended()).as("8 hex digits mean extended, even for a small id").isTrue();
        assertThat(ext.id()).isEqualTo(0x123);
        assertThat(ext.length()).isZero();
        assertThat(ext.timestampMicros()).isEqualTo(1_000_001L);

        CanFrame fd = CandumpFormat.parseLine("(0.5) can0 1FFFFFFF##1AABB");
        assertThat(fd.fd()).isTrue();
        assertThat(fd.extended()).isTrue();
        assertThat(fd.id()).isEqualTo(0x1FFFFFFF);
        assertThat(HexFormat.of().formatHex(fd.payload())).isEqualTo("aabb");
        assertThat(fd.timestampMicros()).isEqualTo(500_000L);

        CanFrame noTime = CandumpFormat.parseLine("vcan0 7FF#0102030405060708");
        assertThat(noTime.timestampMicros()).isEqualTo(CanFrame.NO_TIMESTAMP);
        assertThat(noTime.id()).isEqualTo(0x7FF);

        assertThat(CandumpFormat.parseLine("vcan0 123#1122334455667788_9").length()).isEqualTo(8);
    }

    @Test
    void remoteAndErrorFramesCarryNoData() {
        CandumpFormat.Line remote = CandumpFormat.parse("(1.0) vcan0 123#R");
        assertThat(remote.kind()).isEqualTo(CandumpFormat.Kind.REMOTE);
        assertThat(remote.iface()).isEqualTo("vcan0");
        assertThat(remote.frame().id()).isEqualTo(0x123);
        assertThat(remote.frame().length()).isZero();
        assertThat(CandumpFormat.parse("vcan0 123#R4").kind()).isEqualTo(CandumpFormat.Kind.REMOTE);
        assertThat(CandumpFormat.parseLine("(1.0) vcan0 123#R")).isNull();

        CandumpFormat.Line error = CandumpFormat.parse("(1.0) vcan0 20000004#0000000000000000");
        assertThat(error.kind()).isEqualTo(CandumpFormat.Kind.ERROR);
        assertThat(error.frame()).isNull();
        assertThat(CandumpFormat.parseLine("(1.0) vcan0 20000004#0000000000000000")).isNull();
    }

    @Test
    void parsesScreenFormatLines() {
        CandumpFormat.Line l = CandumpFormat.parse(" (002.047817)  vcan0  064   [8]  F0 01 FF FF FF FF FF FF");
        assertThat(l.kind()).isEqualTo(CandumpFormat.Kind.DATA);
        assertThat(l.iface()).isEqualTo("vcan0");
        assertThat(l.frame().timestampMicros()).isEqualTo(2_047_817L);
        assertThat(l.frame().id()).isEqualTo(0x64);
        assertThat(HexFormat.of().formatHex(l.frame().payload())).isEqualTo("f001ffffffffffff");

        CanFrame fd = CandumpFormat.parseLine("  can0  123  [12]  00 01 02 03 04 05 06 07 08 09 0A 0B");
        assertThat(fd.fd()).as("more than 8 bytes is CAN FD").isTrue();
        assertThat(fd.length()).isEqualTo(12);

        assertThat(CandumpFormat.parse("  vcan0  00000123   [0]  remote request").kind())
                .isEqualTo(CandumpFormat.Kind.REMOTE);
        assertThat(CandumpFormat.parse("  vcan0  ERROR").kind()).isEqualTo(CandumpFormat.Kind.ERROR);
        assertThat(CandumpFormat.parseLine(" can1  123   [8]  31 30 30 2E 35 20 46 4D   '100.5 FM'").length())
                .isEqualTo(8);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                                   | no interface name",
        "(123.4                               | timestamp without ')'",
        "(12a.5) vcan0 123#00                 | bad timestamp (12a.5)",
        "vcan0                                | no frame after interface vcan0",
        "vcan0 12G#00                         | bad CAN id '12G'",
        "vcan0 123#0                          | odd number of hex digits in data '0'",
        "vcan0 123#0G                         | bad hex byte '0G'",
        "vcan0 123#001122334455667788 | classic CAN frame with 9 data bytes (CAN FD frames are written with ##)",
        "vcan0 800#00                         | CAN id 800 out of range for a 11-bit id",
        "vcan0 5FFFFFFF#00                    | CAN id 5FFFFFFF out of range for a 29-bit id",
        "vcan0 123##                          | CAN FD frame without flags nibble after '##'",
        "vcan0 123#00 junk                    | unexpected text after the frame: 'junk'",
        "vcan0 123  [3]  01 02                | expected 3 data bytes, byte 2 is ''",
        "vcan0 123  [x]  01                   | bad length [x]",
        "vcan0 123  8  01                     | expected '#' in the frame or '[length]' after the id, found '8'",
    })
    void malformedLinesSayWhy(String line, String reason) {
        assertThatThrownBy(() -> CandumpFormat.parseLine(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void formatWritesCandumpLogLines() {
        byte[] data = HexFormat.of().parseHex("2a366c2bba");
        CanFrame f = new CanFrame(1_436_509_052_249_713L, 0x44, false, false, data, 5);
        assertThat(CandumpFormat.format(f, "vcan0")).isEqualTo("(1436509052.249713) vcan0 044#2A366C2BBA");
        assertThat(f).hasToString("(1436509052.249713) 044#2A366C2BBA");
        assertThat(CandumpFormat.format(new CanFrame(-1, 0x123, true, true, new byte[] {1, 2}, 2), "can0"))
                .isEqualTo("can0 00000123##00102");
        assertThat(CandumpFormat.format(new CanFrame(7, 0x1, false, false, new byte[8], 0), "c"))
                .isEqualTo("(0.000007) c 001#");
    }

    @Test
    void formatThenParseGivesTheSameFrame() {
        Random random = new Random(42);
        int[] fdLengths = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};
        for (int i = 0; i < 5_000; i++) {
            boolean extended = random.nextBoolean();
            boolean fd = random.nextInt(4) == 0;
            int length = fd ? fdLengths[random.nextInt(fdLengths.length)] : random.nextInt(9);
            byte[] data = new byte[length + random.nextInt(3)]; // spare bytes beyond length are not part of it
            random.nextBytes(data);
            long timestamp = random.nextInt(5) == 0 ? -1 : random.nextLong() & 0x000F_FFFF_FFFF_FFFFL;
            int id = extended ? random.nextInt(CanFrame.MAX_EXTENDED_ID + 1) : random.nextInt(0x800);
            CanFrame frame = new CanFrame(timestamp, id, extended, fd, data, length);
            String line = CandumpFormat.format(frame, "can" + random.nextInt(3));
            assertThat(CandumpFormat.parseLine(line)).as(line).isEqualTo(frame);
        }
    }

    @Test
    void frameValidatesItsFields() {
        assertThatThrownBy(() -> new CanFrame(-1, 0x800, false, false, new byte[0], 0))
                .hasMessageContaining("out of range for a 11-bit identifier");
        assertThatThrownBy(() -> new CanFrame(-1, 1, false, false, new byte[9], 9))
                .hasMessageContaining("length 9 out of range 0..8");
        assertThatThrownBy(() -> new CanFrame(-1, 1, false, true, new byte[4], 5))
                .hasMessageContaining("array has 4 bytes");
        assertThatThrownBy(() -> new CanFrame(-2, 1, false, false, new byte[0], 0))
                .hasMessageContaining("before the epoch");
        CanFrame a = new CanFrame(1, 2, false, false, new byte[] {1, 2, 3}, 2);
        CanFrame b = new CanFrame(1, 2, false, false, new byte[] {1, 2}, 2);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.byteAt(1)).isEqualTo(2);
        assertThatThrownBy(() -> a.byteAt(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
