package io.voltrace.analytics.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void readsQuotedCellsAndNamesEachRowByItsLine() {
        try (CsvTable t = CsvTable.of("f.csv", "\uFEFFa,b,c\n1,\"x, \"\"y\"\"\",3\n\n4,5,6\n")) {
            assertThat(t.header()).containsExactly("a", "b", "c");
            List<CsvRow> rows = t.rows();
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).text("b")).isEqualTo("x, \"y\"");
            assertThat(rows.get(0).where()).isEqualTo("f.csv:2");
            assertThat(rows.get(1).where()).isEqualTo("f.csv:4");
            assertThat(rows.get(1).number("c")).isEqualTo(6.0);
        }
    }

    @Test
    void findsTheSeparatorFromTheHeader() {
        try (CsvTable t = CsvTable.of("f.csv", "time;current;voltage\n0;1,5;3.7\n")) {
            assertThat(t.header()).containsExactly("time", "current", "voltage");
            assertThat(t.next().text("current")).isEqualTo("1,5");
        }
        try (CsvTable t = CsvTable.of("f.tsv", "a\tb\n1\t2")) {
            assertThat(t.next().number("b")).isEqualTo(2.0);
        }
    }

    @Test
    void aBadCellNamesFileLineAndColumn() {
        try (CsvTable t = CsvTable.of("f.csv", "a,b\n1,2\n3,x\n5\n")) {
            t.next();
            assertThatThrownBy(() -> t.next().number("b")).isInstanceOf(RowProblem.class)
                    .hasMessage("f.csv:3: b: not a number: 'x'");
            assertThatThrownBy(() -> t.next().number("b")).hasMessage("f.csv:4: b: missing");
        }
    }

    @Test
    void aMissingColumnOrAnEmptyFileFailsTheTable() {
        try (CsvTable t = CsvTable.of("f.csv", "a,b\n1,2\n")) {
            assertThatThrownBy(() -> t.require(List.of("a", "c", "d")))
                    .isInstanceOf(CsvTable.CsvFormatException.class)
                    .hasMessage("f.csv:1: missing columns c, d (header: a,b)");
        }
        assertThatThrownBy(() -> CsvTable.of("e.csv", "")).hasMessage("e.csv:1: empty file, expected a header line");
    }

    @Test
    void anUnclosedQuoteNamesItsLine() {
        try (CsvTable t = CsvTable.of("f.csv", "a,b\n1,2\n3,\"4\n")) {
            t.next();
            assertThatThrownBy(t::next).isInstanceOf(CsvTable.CsvFormatException.class)
                    .hasMessageStartingWith("f.csv:3").hasMessageContaining("unclosed quote");
        }
    }
}
