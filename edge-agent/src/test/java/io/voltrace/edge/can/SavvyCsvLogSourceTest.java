package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavvyCsvLogSourceTest {

    private static List<String> read(SavvyCsvLogSource source, List<String> channels) throws IOException {
        List<String> out = new ArrayList<>();
        CanFrame f;
        while ((f = source.next()) != null) {
            out.add(f.timestampMicros() + " " + Integer.toHexString(f.id()) + (f.extended() ? "x" : "")
                    + (f.fd() ? " fd " : " ") + HexFormat.of().formatHex(f.payload()));
            channels.add(source.channel());
        }
        return out;
    }

    @Test
    void headerWithoutDirAndShortRowsAsTheKonaCaptures() throws IOException {
        String csv = String.join("\r\n",
                "Time Stamp,ID,Extended,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8",
                "303004300,00000450,false,0,3,00,C2,05",
                "303004600,00000462,false,0,8,FE,3F,FF,0F,F0,1F,00,00",
                "302991800,18FEF100,true,1,2,aa,BB",
                "302991900,00000103,false,1,0",
                "302992000,00000800,false,1,1,01",
                "302992100,00000103,maybe,1,1,01",
                "302992200,00000103,false,1,4,01,02",
                "30299x300,00000103,false,1,1,01",
                "");
        List<String> channels = new ArrayList<>();
        try (SavvyCsvLogSource source = new SavvyCsvLogSource("kona.csv", new StringReader(csv))) {
            assertThat(read(source, channels)).containsExactly(
                    "303004300 450 00c205",
                    "303004600 462 fe3fff0ff01f0000",
                    "302991800 18fef100x aabb",
                    "302991900 103 ");
            assertThat(source.rejected()).containsExactly(
                    "kona.csv:6: CAN id '00000800' out of range for a 11-bit id",
                    "kona.csv:7: Extended must be true or false, found 'maybe'",
                    "kona.csv:8: LEN 4 but 2 data columns",
                    "kona.csv:9: bad time stamp '30299x300'");
            assertThat(source.describe()).isEqualTo("SavvyCAN CSV log kona.csv");
        }
        assertThat(channels).containsExactly("0", "0", "1", "1");
    }

    @Test
    void newerHeaderWithDirAndCanFdColumnsInAnyOrder() throws IOException {
        StringBuilder header = new StringBuilder("Time Stamp,ID,Extended,Dir,Bus,LEN");
        StringBuilder row = new StringBuilder("1.5,0x123,False,Tx,2,12");
        for (int i = 1; i <= 64; i++) {
            header.append(",D").append(i);
            row.append(',').append(i <= 12 ? String.format("%02X", i) : "");
        }
        String csv = header + "\n" + row + "\n" + "2.0,124,true,Rx,0,1,7F" + ",".repeat(63) + "\n";
        List<String> channels = new ArrayList<>();
        try (SavvyCsvLogSource source = new SavvyCsvLogSource("fd.csv", new StringReader(csv))) {
            assertThat(read(source, channels)).containsExactly(
                    "1500000 123 fd 0102030405060708090a0b0c",
                    "2000000 124x 7f");
            assertThat(source.rejected()).isEmpty();
        }
        assertThat(channels).containsExactly("2", "0");
    }

    @Test
    void rowsBeforeAnyHeaderAreSetAside() throws IOException {
        try (SavvyCsvLogSource source = new SavvyCsvLogSource("headless.csv",
                new StringReader("1,00000001,false,0,1,01\nTime Stamp,ID,Extended,Bus,LEN,D1\n2,2,false,0,1,02\n"))) {
            List<String> channels = new ArrayList<>();
            assertThat(read(source, channels)).containsExactly("2 2 02");
            assertThat(source.rejected()).containsExactly(
                    "headless.csv:1: expected the header 'Time Stamp,ID,Extended,...,LEN,D1,...' first");
        }
    }
}
