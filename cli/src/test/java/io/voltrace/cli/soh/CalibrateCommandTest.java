package io.voltrace.cli.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cell-model path end to end on real data: calibrate on two CALCE cells, then read a charge of the third through
 * the model with {@code soh estimate}. Skipped with a notice where ../shared/data is absent.
 */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    private static Path calce() {
        Path d = NasaData.root().resolve("aging-calce");
        boolean present = Files.isRegularFile(d.resolve("CS2_38.csv.gz"));
        if (!present) {
            System.out.println("skipped: CALCE aging data not found at " + d);
        }
        assumeTrue(present, "skipped: CALCE aging data not found at " + d);
        return d;
    }

    /** One cycle's CC charge (step 2) of a CALCE cell as a logger CSV: time, current, voltage. */
    private Path chargeOf(Path calce, String cell, int cycle) throws Exception {
        StringBuilder csv = new StringBuilder("time,current,voltage\n");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(calce.resolve(cell + ".csv.gz"))), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                int c = Integer.parseInt(f[0]);
                if (c == cycle && (f[2].equals("1") || f[2].equals("2") || f[2].equals("3"))) {
                    csv.append(f[1]).append(',').append(f[3]).append(',').append(f[4]).append('\n');
                } else if (c > cycle) {
                    break;
                }
            }
        }
        Path f = dir.resolve(cell + "_" + cycle + ".csv");
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void aModelOfTwoCellsReadsTheThirdCellsCharge() throws Exception {
        Path calce = calce();
        Path model = dir.resolve("cs2.json");

        EstimateCommandTest.Run cal = EstimateCommandTest.run("soh", "calibrate", "--data", calce.toString(),
                "--cells", "CS2_36,CS2_37", "--chemistry", "lco", "--nominal-ah", "1.1", "--out", model.toString(),
                "-q");
        assertThat(cal.exit()).as(cal.err()).isZero();
        assertThat(cal.out()).contains("sigma leave-one-cell-out", "charge at 0.50 C", "discharge at 1.00 C");
        JsonNode m = new ObjectMapper().readTree(model.toFile());
        assertThat(m.get("format").asText()).isEqualTo("voltrace-cell-model");
        assertThat(m.get("cells")).hasSize(2);

        for (int cycle : new int[]{50, 400}) {
            Path charge = chargeOf(calce, "CS2_38", cycle);
            double label = labelOf(calce, "CS2_38", cycle);
            EstimateCommandTest.Run r = EstimateCommandTest.run("soh", "estimate", "--csv", charge.toString(),
                    "--nominal-ah", "1.1", "--chemistry", "lco", "--model", model.toString(), "-q");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode j = r.json();
            assertThat(j.get("evidence").asText()).startsWith("constant-current charge windows within");
            assertThat(Math.abs(j.get("capacityAh").asDouble() - label) / 1.1 * 100).as("cycle " + cycle)
                    .isLessThanOrEqualTo(3.0);
        }
    }

    @Test
    void aFolderWithoutCellsIsBadInput() {
        EstimateCommandTest.Run r = EstimateCommandTest.run("soh", "calibrate", "--data", dir.toString(),
                "--chemistry", "lco", "--nominal-ah", "1.1", "--out", dir.resolve("m.json").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no cell found", "_capacity.csv");
    }

    private static double labelOf(Path calce, String cell, int cycle) throws Exception {
        for (String line : Files.readAllLines(calce.resolve(cell + "_capacity.csv"))) {
            if (line.startsWith(cycle + ",")) {
                return Double.parseDouble(line.split(",")[1]);
            }
        }
        throw new AssertionError("no label for cycle " + cycle);
    }
}
