package io.voltrace.cli.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.cli.VoltraceCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IntakeTestCommandTest {
    static final String CODE = "VTRPE96DEMO001T5C0000001";
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = VoltraceCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** Generic layout: CC-CV charge of a 2 Ah cell to 4.2 V, 20 min rest, 1 A discharge to 3.0 V (1.5 Ah known). */
    static String bench() {
        StringBuilder b = new StringBuilder("time_s,current_a,voltage_v\n");
        int t = 0;
        for (int i = 0; i < 600; i++) {
            b.append(t).append(",1.0,").append(String.format(Locale.ROOT, "%.4f", 4.0 + 0.2 * i / 599)).append('\n');
            t += 1;
        }
        for (int i = 0; i < 1200; i++) {
            b.append(t++).append(",0,4.15\n");
        }
        double ah = 0;
        for (int i = 0; ; i++) {
            double v = 4.1 - 1.1 * ah / 1.5;
            b.append(t++).append(",-1.0,").append(String.format(Locale.ROOT, "%.4f", v)).append('\n');
            if (v <= 3.0) {
                break;
            }
            ah += 1.0 / 3600;
        }
        return b.toString();
    }

    @Test
    void printsTheResultAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bench.csv");
        Files.writeString(f, bench());
        assertThat(run("intake", "test", "--file", f.toString(), "--code", CODE, "--nominal-ah", "2", "-q",
                "--cutoff-volts", "3.0", "--charge-volts", "4.2", "--report", dir.resolve("r").toString()))
                .as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("code").asText()).isEqualTo(CODE);
        assertThat(json.get("residualAh").asDouble()).isBetween(1.49, 1.51);
        assertThat(json.get("sohPercent").asDouble()).isBetween(74.5, 75.5);
        assertThat(json.get("discharges")).hasSize(1);
        assertThat(json.get("rests").get(0).get("ocvVolts").asDouble()).isEqualTo(4.15);
        assertThat(Files.readString(dir.resolve("r").resolve(CODE + "-intake.html"))).contains("<svg", "residual "
                + "capacity", "1.50");
        assertThat(dir.resolve("r").resolve(CODE + "-intake.json")).exists();
    }

    @Test
    void aFileWithoutAFullDischargeSaysSoWithNullFigures(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("short.csv");
        String text = bench();
        Files.writeString(f, text.substring(0, text.length() / 2).replaceAll("\n[^\n]*$", "\n"));
        assertThat(run("intake", "test", "--file", f.toString(), "--code", CODE, "--nominal-ah", "2", "-q",
                "--cutoff-volts", "3.0", "--charge-volts", "4.2")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("residualAh").isNull()).isTrue();
        assertThat(json.get("reasons").get(0).asText()).startsWith("no residual-capacity discharge");
    }

    @Test
    void aBadCodeOrAMissingFileIsBadInput(@TempDir Path dir) {
        assertThat(run("intake", "test", "--file", dir.resolve("none.csv").toString(), "--code", "VTRX", "--nominal-ah",
                "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--code VTRX: ");
        assertThat(run("intake", "test", "--file", dir.resolve("none.csv").toString(), "--code", CODE,
                "--nominal-ah", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("none.csv: no such file");
    }

    /** The same bench test as BioLogic EC-Lab text (header after the EC-Lab manual; I in mA): the same capacity. */
    @Test
    void readsABiologicExportFoundFromItsFileAndRefusesAnUnknownFormat(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bench.csv");
        Files.writeString(csv, bench());
        StringBuilder mpt = new StringBuilder("EC-Lab ASCII FILE\r\nNb header lines : 4\r\n\r\n"
                + "mode\tNs\ttime/s\tEwe/V\tI/mA\r\n");
        bench().lines().skip(1).forEach(l -> {
            String[] c = l.split(",");
            mpt.append("1\t1\t").append(c[0]).append('\t').append(c[2]).append('\t')
                    .append(Double.parseDouble(c[1]) * 1000).append("\r\n");
        });
        Path f = dir.resolve("bench.mpt");
        Files.writeString(f, mpt);
        String[] common = {"--code", CODE, "--nominal-ah", "2", "-q", "--cutoff-volts", "3.0", "--charge-volts", "4.2"};
        assertThat(run(concat(new String[] {"intake", "test", "--file", csv.toString()}, common))).isZero();
        double fromCsv = new ObjectMapper().readTree(out.toString()).get("residualAh").asDouble();
        out.getBuffer().setLength(0);
        assertThat(run(concat(new String[] {"intake", "test", "--file", f.toString()}, common)))
                .as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("residualAh").asDouble())
                .isCloseTo(fromCsv, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(run(concat(new String[] {"intake", "test", "--file", f.toString(), "--format", "maccor"},
                common))).isEqualTo(2);
        assertThat(err.toString()).contains("format must be one of auto, csv, neware-csv");
    }

    /**
     * The same bench test as an Arbin MITS Pro .xls export (Channel sheets continued after 1,000 readings): the same
     * capacity, the format named in the JSON; a truncated .xls and a Neware native file are bad input, named.
     */
    @Test
    void readsAnArbinXlsExportAndRefusesADamagedOneOrANativeBinary(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bench.csv");
        Files.writeString(csv, bench());
        Path xls = dir.resolve("bench.xls");
        try (HSSFWorkbook wb = new HSSFWorkbook(); var o = Files.newOutputStream(xls)) {
            wb.createSheet("Global_Info").createRow(0).createCell(0).setCellValue("TEST REPORT");
            List<String> lines = bench().lines().skip(1).toList();
            Sheet sheet = null;
            for (int i = 0; i < lines.size(); i++) {
                if (i % 1000 == 0) {
                    sheet = wb.createSheet("Channel_1-009" + (i == 0 ? "" : "_" + i / 1000));
                    Row h = sheet.createRow(0);
                    h.createCell(0).setCellValue("Test_Time(s)");
                    h.createCell(1).setCellValue("Current(A)");
                    h.createCell(2).setCellValue("Voltage(V)");
                }
                String[] c = lines.get(i).split(",");
                Row r = sheet.createRow(i % 1000 + 1);
                for (int k = 0; k < 3; k++) {
                    r.createCell(k).setCellValue(Double.parseDouble(c[k]));
                }
            }
            wb.write(o);
        }
        String[] common = {"--code", CODE, "--nominal-ah", "2", "-q", "--cutoff-volts", "3.0", "--charge-volts", "4.2"};
        assertThat(run(concat(new String[] {"intake", "test", "--file", csv.toString()}, common))).isZero();
        JsonNode fromCsv = new ObjectMapper().readTree(out.toString());
        assertThat(fromCsv.get("format").asText()).isEqualTo("csv");
        out.getBuffer().setLength(0);
        assertThat(run(concat(new String[] {"intake", "test", "--file", xls.toString()}, common)))
                .as(err.toString()).isZero();
        JsonNode fromXls = new ObjectMapper().readTree(out.toString());
        assertThat(fromXls.get("format").asText()).isEqualTo("arbin-xls");
        assertThat(fromXls.get("rows").asInt()).isEqualTo(fromCsv.get("rows").asInt());
        assertThat(fromXls.get("residualAh").asDouble()).isEqualTo(fromCsv.get("residualAh").asDouble());

        Path cut = dir.resolve("cut.xls");
        byte[] bytes = Files.readAllBytes(xls);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(run(concat(new String[] {"intake", "test", "--file", cut.toString()}, common))).isEqualTo(2);
        assertThat(err.toString()).contains("cut.xls: not a readable .xls workbook, truncated or damaged");
        Path nda = dir.resolve("cell.nda");
        Files.write(nda, new byte[] {0x4E, 0x45, 0x57, 0x41, 0x52, 0x45});
        assertThat(run(concat(new String[] {"intake", "test", "--file", nda.toString()}, common))).isEqualTo(2);
        assertThat(err.toString()).contains("cell.nda: a Neware native binary file (.nda/.ndax) is not read: export "
                + "the test from BTSDA as .xlsx, .xls or CSV");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
