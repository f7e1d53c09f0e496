package io.voltrace.analytics.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.analytics.table.CsvTable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PulseCsvTest {
    static final String HEADER = "Mat,ID,Qn,SOC,Pt," + IntStream.rangeClosed(1, 21).mapToObj(k -> "U" + k)
            .collect(Collectors.joining(",")) + ",SOH";

    static String row(String id, String qn, String soc, String u7, String soh) {
        String us = IntStream.rangeClosed(1, 21).mapToObj(k -> k == 7 ? u7 : "3.7").collect(Collectors.joining(","));
        return "LMO," + id + "," + qn + "," + soc + ",5," + us + "," + soh;
    }

    @Test
    void readsRowsAndNamesTheBadOnes() {
        String text = HEADER + "\n" + row("A-1", "10", "30", "3.6", "0.85") + "\n" + row("A-2", "10", "30", "x", "0.8")
                + "\n" + row("A-3", "10", "130", "3.6", "0.8") + "\n" + row("A-4", "10", "30", "3.6", "85") + "\n";
        PulseCsv.Table t = PulseCsv.read(CsvTable.of("p.csv", text), true);
        assertThat(t.tests()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("A-1");
            assertThat(p.soh()).isEqualTo(85.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.u(7)).isEqualTo(3.6);
            assertThat(p.battery("-")).isEqualTo("A");
            assertThat(p.where()).isEqualTo("p.csv:2");
        });
        assertThat(t.material()).isEqualTo("LMO");
        assertThat(t.problems()).containsExactly("p.csv:3: U7: not a number: 'x'",
                "p.csv:4: SOC: 130.0 is not a percentage (0-100)",
                "p.csv:5: SOH: 85.0 is not a fraction of nominal capacity (e.g. 0.85)");
    }

    @Test
    void unlabeledReadingIgnoresTheLabelAndAMissingVoltageFailsTheFile() {
        PulseCsv.Table t = PulseCsv.read(CsvTable.of("p.csv", HEADER + "\n" + row("B", "2.1", "5", "3.6", "")), false);
        assertThat(t.tests()).singleElement().satisfies(p -> assertThat(p.labeled()).isFalse());
        assertThatThrownBy(() -> PulseCsv.read(CsvTable.of("q.csv", "ID,Qn,SOC,U1\nA,1,5,3.6\n"), false))
                .hasMessageStartingWith("q.csv:1: missing columns U2, U3");
    }
}
