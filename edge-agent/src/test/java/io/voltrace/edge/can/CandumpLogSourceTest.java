package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandumpLogSourceTest {

    @Test
    void replaysDataFramesAndSetsAsideWhatItCannotRead(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("drive.log");
        Files.writeString(log, String.join("\n",
                "(1436509052.249713) vcan0 044#2A366C2BBA",
                "",
                "# a comment",
                "(1436509052.250000) vcan0 123#R",
                "(1436509052.250100) vcan0 20000004#0000000000000000",
                "(1436509052.250200) vcan0 12G#00",
                "garbage",
                "(1436509052.250300) vcan0 18FF50E5#0102",
                "(1436509052.250400) vcan0 123#001122334455667788",
                "(1436509052.250500) vcan0 321##1AABBCCDDEEFF0011",
                ""), StandardCharsets.UTF_8);
        List<CanFrame> frames = new ArrayList<>();
        try (CandumpLogSource source = new CandumpLogSource(log)) {
            assertThat(source.describe()).isEqualTo("candump log drive.log");
            CanFrame f;
            while ((f = source.next()) != null) {
                frames.add(f);
            }
            assertThat(source.next()).as("stays at the end").isNull();
            assertThat(source.frames()).isEqualTo(3);
            assertThat(source.remoteFrames()).isEqualTo(1);
            assertThat(source.errorFrames()).isEqualTo(1);
            assertThat(source.rejectedCount()).isEqualTo(3);
            assertThat(source.lineNumber()).isEqualTo(10);
            assertThat(source.rejected()).containsExactly(
                    "drive.log:6: bad CAN id '12G'",
                    "drive.log:7: no frame after interface garbage",
                    "drive.log:9: classic CAN frame with 9 data bytes (CAN FD frames are written with ##)");
        }
        assertThat(frames).extracting(CanFrame::id).containsExactly(0x044, 0x18FF50E5, 0x321);
        assertThat(frames.get(1).extended()).isTrue();
        assertThat(frames.get(2).fd()).isTrue();
        assertThat(frames.get(2).length()).isEqualTo(8);
        assertThat(frames.get(0).timestampMicros()).isEqualTo(1_436_509_052_249_713L);
    }

    @Test
    void keepsAtMostAThousandRejectedLinesButCountsAll() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            sb.append("vcan0 XYZ#00\n");
        }
        sb.append("vcan0 001#01\n");
        try (CandumpLogSource source = new CandumpLogSource("bad.log", new StringReader(sb.toString()))) {
            CanFrame f = source.next();
            assertThat(f.id()).isEqualTo(1);
            assertThat(source.next()).isNull();
            assertThat(source.rejectedCount()).isEqualTo(1500);
            assertThat(source.rejected()).hasSize(CandumpLogSource.MAX_REJECTED_KEPT);
            assertThat(source.rejected().get(999)).isEqualTo("bad.log:1000: bad CAN id 'XYZ'");
        }
    }

    @Test
    void bytesThatAreNotTextOnlyRejectTheirLine(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("corrupt.log");
        byte[] good = "(1.0) can0 001#01\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bad = {'(', '2', ')', ' ', 'c', 0, (byte) 0xFF, (byte) 0xC3, '#', '\n'};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(good);
        out.write(bad);
        out.write(good);
        Files.write(log, out.toByteArray());
        try (CandumpLogSource source = new CandumpLogSource(log)) {
            assertThat(source.next()).isNotNull();
            assertThat(source.next()).isNotNull();
            assertThat(source.next()).isNull();
            assertThat(source.rejected()).singleElement().asString().startsWith("corrupt.log:2: ");
        }
    }

    @Test
    void readingAfterCloseFails() throws IOException {
        CandumpLogSource source = new CandumpLogSource("x.log", new StringReader("vcan0 001#01\n"));
        source.close();
        assertThatThrownBy(source::next).isInstanceOf(IOException.class).hasMessage("x.log is closed");
    }

    @Test
    void replaysWhatTheFormatterWrote() throws IOException {
        List<CanFrame> written = List.of(
                new CanFrame(1_000_000, 0x100, false, false, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8),
                new CanFrame(1_000_100, 0x1ABCDEF, true, false, new byte[] {9}, 1),
                new CanFrame(1_000_200, 0x7FF, false, true, new byte[64], 64));
        StringBuilder sb = new StringBuilder();
        written.forEach(f -> sb.append(CandumpFormat.format(f, "can0")).append('\n'));
        List<CanFrame> read = new ArrayList<>();
        try (CanFrameSource source = new CandumpLogSource("mem", new StringReader(sb.toString()))) {
            CanFrame f;
            while ((f = source.next()) != null) {
                read.add(f);
            }
        }
        assertThat(read).isEqualTo(written);
    }
}
