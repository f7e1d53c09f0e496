package io.voltrace.analytics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CALCE (Arbin) and NASA files of ../shared/data read as cycler files, read in place: every residual-capacity
 * discharge within 0.5 % of the published capacity. Skipped with a notice when the data are absent.
 */
class CyclerLabelsTest {

    static Path shared(String sub) {
        String configured = System.getProperty("voltrace.sharedData");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("../../shared/data");
        Path p = root.resolve(sub).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            System.out.println("skipped: shared data not found at " + p);
        }
        assumeTrue(Files.exists(p), "skipped: shared data not found at " + p);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"CS2_36", "CS2_37", "CS2_38"})
    void calceDischargesMatchTheirLabels(String cell) {
        Path dir = shared("aging-calce");
        CyclerFile.Read read = CyclerFile.read(dir.resolve(cell + ".csv.gz"));
        assertThat(read.problems()).isEmpty();
        assertThat(read.benchCounters()).isTrue();
        IntakeResult r = new IntakeAnalysis(IntakeProcedure.of(1.1, 2.7, 4.2, 30))
                .analyze("X", cell, read.rows(), 0);
        // Logged every 30 s: resistance 30 s into each step, its SOC counted over the capacity of the time.
        assertThat(r.resistances()).hasSizeGreaterThan(1900).allSatisfy(x -> {
            assertThat(x.ohms()).isBetween(0.05, 1.0);
            if (!Double.isNaN(x.socPercent())) {
                assertThat(x.socPercent()).isBetween(-0.5, 100.5);
            }
        });

        List<double[]> labels = new ArrayList<>();
        try (CsvTable t = CsvTable.open(dir.resolve(cell + "_capacity.csv"))) {
            for (CsvRow row : t.rows()) {
                labels.add(new double[] {row.number("discharge_start_s"), row.number("discharge_capacity_ah")});
            }
        }
        int matched = 0;
        double worst = 0;
        for (IntakeResult.Discharge d : r.discharges()) {
            for (double[] label : labels) {
                if (Math.abs(label[0] - d.startSeconds()) < 1) {
                    matched++;
                    worst = Math.max(worst, Math.abs(d.capacityAh() / label[1] - 1));
                }
            }
        }
        // Every discharge the procedure accepts has a label, and nearly every label (the cycles after a rest or a
        // missing CV still count: they follow a charge to 4.2 V) is found.
        assertThat(matched).isEqualTo(r.discharges().size());
        assertThat(matched).isGreaterThan((int) (0.97 * labels.size()));
        assertThat(worst).isLessThan(0.005);
        System.out.printf("%s: %d of %d labeled discharges found, worst error %.4f %%%n", cell, matched,
                labels.size(), 100 * worst);
    }

    @Test
    void nasaDischargeFilesMatchTheCapacityInTheirNames() throws IOException {
        Path dir = shared("aging-nasa/discharge_cycles/B0005");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().startsWith("dis_")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        double worst = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            double label = Double.parseDouble(name.substring(name.indexOf("_cap_") + 5, name.length() - 4));
            CyclerFile.Read read = CyclerFile.read(f);
            IntakeResult r = new IntakeAnalysis(IntakeProcedure.of(2.0, 2.7, 4.2, 10)).analyze("X", name,
                    read.rows(), read.problems().size());
            assertThat(r.discharges()).as(name).hasSize(1);
            worst = Math.max(worst, Math.abs(r.residualAh() / label - 1));
        }
        assertThat(worst).isLessThan(0.005);
        System.out.printf("NASA B0005: %d files, worst error %.4f %%%n", files.size(), 100 * worst);
    }
}
