package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place row parser and the split-based one agree on every row the fast one takes, and on which it leaves. */
class SavvyCsvFastPathTest {

    @Test
    void fastAndSlowRowsAgree() {
        Random r = new Random(15);
        String[] pieces = {"0", "1", "7", "F", "ff", "0x7FF", "800", "1FFFFFFF", "20000000", "true", "false", "TRUE",
            "1", "0", "8", "64", "65", "", "1.5", "12.000001", "123456789012345678", "1234567890123456789", "G1",
            "00000595", "0B", "B8", "100", "x"};
        int agreed = 0;
        for (int i = 0; i < 50_000; i++) {
            SavvyCsvLogSource s = new SavvyCsvLogSource("t.csv", new StringReader(""));
            s.slowRow("Time Stamp,ID,Extended,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8");
            StringBuilder row = new StringBuilder();
            int columns = 5 + r.nextInt(9);
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    row.append(',');
                }
                String p = switch (c) {
                    case 0 -> r.nextInt(4) == 0 ? pieces[r.nextInt(pieces.length)] : Long.toString(r.nextInt(1 << 30));
                    case 1 -> r.nextInt(4) == 0 ? pieces[r.nextInt(pieces.length)]
                            : String.format("%08X", r.nextInt(0x800));
                    case 2 -> r.nextBoolean() ? "false" : pieces[r.nextInt(pieces.length)];
                    case 4 -> r.nextInt(3) == 0 ? pieces[r.nextInt(pieces.length)] : Integer.toString(r.nextInt(9));
                    default -> r.nextInt(5) == 0 ? pieces[r.nextInt(pieces.length)]
                            : String.format("%02X", r.nextInt(256));
                };
                row.append(p);
            }
            String line = row.toString();
            CanFrame fast = s.fastRow(line);
            String fastChannel = s.channel();
            CanFrame slow;
            try {
                slow = s.slowRow(line);
            } catch (IllegalArgumentException e) {
                assertThat(fast).as(line).isNull();
                continue;
            }
            if (fast != null) {
                assertThat(fast).as(line).isEqualTo(slow);
                assertThat(fastChannel).isEqualTo(s.channel());
                agreed++;
            }
        }
        assertThat(agreed).isGreaterThan(1000);
    }
}
