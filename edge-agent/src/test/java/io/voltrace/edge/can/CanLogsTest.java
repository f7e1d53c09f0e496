package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The format is told by content: every file here has a misleading or no extension. */
class CanLogsTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.ISO_8859_1);
        return p;
    }

    @Test
    void recognisesEachFormatByItsFirstLine() throws IOException {
        Path candump = file("trace.csv", "# made by candump\n(1436509052.249713) vcan0 044#2A366C2BBA\n");
        Path screen = file("screen", "  can0  123   [2]  01 02\n");
        Path asc = file("capture.log", "date Wed, 08 Nov 2023 21:17:01 GMT\nbase hex  timestamps absolute\n"
                + "   0.1 1  594  Rx   d 1 34\n");
        Path ascBare = file("bare.txt", "\n   0.1 1  594  Rx   d 1 34\n");
        // with the UTF-8 byte order mark of Windows editors, as ISO-8859-1 sees it
        Path savvy = file("savvy.asc", "\u00EF\u00BB\u00BFTime Stamp,ID,Extended,Bus,LEN,D1\n10,00000594,false,0,1,34\n");
        assertThat(CanLogs.detect(candump)).isEqualTo(CanLogs.Format.CANDUMP);
        assertThat(CanLogs.detect(screen)).isEqualTo(CanLogs.Format.CANDUMP);
        assertThat(CanLogs.detect(asc)).isEqualTo(CanLogs.Format.VECTOR_ASC);
        assertThat(CanLogs.detect(ascBare)).isEqualTo(CanLogs.Format.VECTOR_ASC);
        assertThat(CanLogs.detect(savvy)).isEqualTo(CanLogs.Format.SAVVYCAN_CSV);
        for (Path p : new Path[] {asc, ascBare, savvy}) {
            try (CanLogSource source = CanLogs.open(p)) {
                CanFrame f = source.next();
                assertThat(f.id()).as(p.toString()).isEqualTo(0x594);
                assertThat(f.payload()).containsExactly(0x34);
            }
        }
        try (CanLogSource source = CanLogs.open(candump)) {
            assertThat(source).isInstanceOf(CandumpLogSource.class);
            assertThat(source.next().id()).isEqualTo(0x44);
            assertThat(source.channel()).isEqualTo("vcan0");
        }
    }

    @Test
    void unknownEmptyAndBinaryLogsFailWithAClearMessage() throws IOException {
        Path json = file("frames.log", "{\"id\": 1}\n");
        assertThatThrownBy(() -> CanLogs.open(json)).isInstanceOf(IOException.class)
                .hasMessage("frames.log: unknown CAN log format (expected candump, Vector ASC or SavvyCAN CSV),"
                        + " first line reads '{\"id\": 1}'");
        Path empty = file("empty.asc", "\n  \n");
        assertThatThrownBy(() -> CanLogs.open(empty)).isInstanceOf(IOException.class)
                .hasMessage("empty.asc: empty log, no frames and no format to recognise");
        Path blf = dir.resolve("trace.blf");
        Files.write(blf, new byte[] {'L', 'O', 'G', 'G', (byte) 0x90, 0, 0, 0, 1, 2, 3});
        assertThatThrownBy(() -> CanLogs.open(blf)).isInstanceOf(IOException.class)
                .hasMessageContaining("Vector BLF is a binary format");
        Path binary = dir.resolve("random.bin");
        Files.write(binary, new byte[] {0, 1, 2, (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> CanLogs.open(binary)).isInstanceOf(IOException.class)
                .hasMessage("random.bin: unknown CAN log format (expected candump, Vector ASC or SavvyCAN CSV),"
                        + " first line reads '????'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
        assertThatThrownBy(() -> CanLogs.open(dir.resolve("missing.log"))).isInstanceOf(IOException.class);
    }
}
