package io.voltrace.analytics.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the whole CS2_36 history (../shared/data/aging-calce, 269,656 readings) as an Arbin .xls (five 65,535-row
 * Channel sheets) and as an Arbin xlsx with the same sheets, into the directory {@code -Dvoltrace.benchFiles=DIR}
 * names (never the repository), for timing {@code voltrace intake test} on them next to the csv.gz
 * (docs/benchmarks.md, "Recycler intake"). Not run without the property.
 */
@EnabledIfSystemProperty(named = "voltrace.benchFiles", matches = ".+")
class XlsTimingFiles {
    @Test
    void writeCs2_36AsXlsAndXlsx() throws Exception {
        Path out = Files.createDirectories(Path.of(System.getProperty("voltrace.benchFiles")));
        List<CyclerRow> rows = CyclerFile.read(CyclerLabelsTest.shared("aging-calce").resolve("CS2_36.csv.gz"))
                .rows();
        for (String name : List.of("CS2_36.xls", "CS2_36.xlsx")) {
            Path f = out.resolve(name);
            BenchWriters.arbinExcel(f, rows, 65_535);
            assertThat(BenchFiles.read(f, BenchFormat.AUTO).read().rows()).isEqualTo(rows);
            System.out.printf("%s: %d readings, %d bytes%n", f, rows.size(), Files.size(f));
        }
    }
}
