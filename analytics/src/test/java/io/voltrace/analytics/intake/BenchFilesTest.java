package io.voltrace.analytics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bench format read back from a file built in the test after the vendor's public description of it
 * ({@link BenchWriters}), holding the known test of {@link IntakeAnalysisTest}: the same readings, the same residual
 * capacity. And the CALCE and NASA readings of ../shared/data rewritten as an Arbin workbook and as BioLogic text: still
 * within 0.5 % of their labels (no xlsx, Neware or .mpt file exists in shared/; skipped with a notice without it).
 */
class BenchFilesTest {
    @TempDir
    Path dir;

    private static final IntakeProcedure PROCEDURE = IntakeProcedure.of(2.0, 3.0, 4.2, 10);

    private static double truth() {
        return new IntakeAnalysis(PROCEDURE).analyze("C", "t", IntakeAnalysisTest.test(), 0).residualAh();
    }

    private static IntakeResult analyze(BenchFiles.Bench b) {
        return new IntakeAnalysis(PROCEDURE).analyze("C", "f", b.read().rows(), b.read().problems().size());
    }

    @Test
    void arbinWorkbookOverSeveralChannelSheetsReadsAsOneTest() {
        List<CyclerRow> rows = IntakeAnalysisTest.test();
        Path f = dir.resolve("cell.xlsx");
        BenchWriters.arbinXlsx(f, rows, 4000, true);
        BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
        assertThat(b.format()).isEqualTo(BenchFormat.ARBIN_XLSX);
        assertThat(b.read().problems()).isEmpty();
        assertThat(b.read().rows()).hasSize(rows.size());
        assertThat(b.read().benchCounters()).isTrue();
        assertThat(b.read().rows().get(rows.size() - 1).seconds()).isEqualTo(rows.get(rows.size() - 1).seconds());
        IntakeResult r = analyze(b);
        assertThat(r.discharges()).singleElement().satisfies(d -> assertThat(d.counted()).contains("bench counter"));
        assertThat(r.residualAh()).isCloseTo(truth(), offset(0.005 * truth()));
    }

    @Test
    void newareCsvWithUnsignedMilliampsTakesTheDirectionFromTheStepType() {
        List<CyclerRow> rows = IntakeAnalysisTest.test();
        Path f = dir.resolve("neware.csv");
        BenchWriters.newareCsv(f, rows);
        BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
        assertThat(b.format()).isEqualTo(BenchFormat.NEWARE_CSV);
        assertThat(b.read().problems()).isEmpty();
        assertThat(b.read().rows()).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i += 97) {
            assertThat(b.read().rows().get(i).amps()).isCloseTo(rows.get(i).amps(), offset(1e-9));
            assertThat(b.read().rows().get(i).seconds()).isCloseTo(rows.get(i).seconds(), offset(1e-3));
        }
        assertThat(analyze(b).residualAh()).isCloseTo(truth(), offset(1e-6));
    }

    @Test
    void newareWorkbookReadsItsRecordSheet() {
        List<CyclerRow> rows = IntakeAnalysisTest.test();
        Path f = dir.resolve("neware.xlsx");
        BenchWriters.newareXlsx(f, rows);
        BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
        assertThat(b.format()).isEqualTo(BenchFormat.NEWARE_XLSX);
        assertThat(b.read().problems()).isEmpty();
        assertThat(b.read().rows()).hasSize(rows.size());
        assertThat(analyze(b).residualAh()).isCloseTo(truth(), offset(1e-6));
    }

    @Test
    void biologicMptWithPointOrCommaDecimals() {
        List<CyclerRow> rows = IntakeAnalysisTest.test();
        for (boolean comma : new boolean[] {false, true}) {
            Path f = dir.resolve("cell" + comma + ".mpt");
            BenchWriters.biologicMpt(f, rows, comma);
            BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
            assertThat(b.format()).isEqualTo(BenchFormat.BIOLOGIC_MPT);
            assertThat(b.read().problems()).isEmpty();
            assertThat(b.read().rows()).hasSize(rows.size());
            assertThat(b.read().rows().get(5).step()).isEqualTo(rows.get(5).step());
            assertThat(analyze(b).residualAh()).isCloseTo(truth(), offset(1e-9));
        }
    }

    @Test
    void badRowsAreSkippedAndNamedByFileRowAndColumn() throws IOException {
        List<CyclerRow> rows = IntakeAnalysisTest.test();
        Path f = dir.resolve("cell.mpt");
        BenchWriters.biologicMpt(f, rows, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(f, Charset.forName("windows-1252")));
        String[] cells = lines.get(20).split("\t", -1);
        cells[9] = "n/a"; // Ewe/V
        lines.set(20, String.join("\t", cells));
        Files.write(f, lines, Charset.forName("windows-1252"));
        BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.BIOLOGIC_MPT);
        assertThat(b.read().problems()).containsExactly("cell.mpt:21: Ewe/V: not a number: 'n/a'");
        assertThat(b.read().rows()).hasSize(rows.size() - 1);

        Path csv = dir.resolve("n.csv");
        Files.writeString(csv, BenchWriters.NEWARE_HEADER + "\n1,1,1,CC_Chg,0:00:00,0:00:01,1000,x,0,0,d\n"
                + "2,1,1,CC_Chg,0:00:00,0:00:02,1000,3.9,0,0,d\n");
        assertThat(BenchFiles.read(csv, BenchFormat.AUTO).read().problems())
                .containsExactly("n.csv:2: Voltage(V): not a number: 'x'");
    }

    @Test
    void wrongFilesAreRefusedWithTheReason() throws IOException {
        Path notMpt = dir.resolve("x.mpt");
        Files.writeString(notMpt, "time/s\tEwe/V\n1\t2\n");
        assertThatThrownBy(() -> BenchFiles.read(notMpt, BenchFormat.AUTO))
                .hasMessageContaining("x.mpt:1: not an EC-Lab ASCII export");
        Path noColumns = dir.resolve("y.mpt");
        Files.writeString(noColumns, "EC-Lab ASCII FILE\nNb header lines : 3\nfoo\tbar\n1\t2\n");
        assertThatThrownBy(() -> BenchFiles.read(noColumns, BenchFormat.AUTO))
                .hasMessageContaining("y.mpt:3: no time column among [foo, bar]");
        Path notXlsx = dir.resolve("z.xlsx");
        Files.writeString(notXlsx, "time_s,current_a,voltage_v\n");
        assertThatThrownBy(() -> BenchFiles.read(notXlsx, BenchFormat.AUTO))
                .hasMessageContaining("z.xlsx: not a readable xlsx workbook");
        Path noSheets = dir.resolve("w.xlsx");
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(); var out = Files.newOutputStream(noSheets)) {
            wb.createSheet("Summary").createRow(0).createCell(0).setCellValue("x");
            wb.write(out);
        }
        assertThatThrownBy(() -> BenchFiles.read(noSheets, BenchFormat.AUTO))
                .hasMessageContaining("w.xlsx: no data sheet among [Summary]");
        assertThatThrownBy(() -> BenchFormat.parse("maccor"))
                .hasMessageContaining("format must be one of auto, csv, neware-csv, arbin-xlsx");
    }

    @Test
    void calceReadingsAsAnArbinWorkbookStayWithinHalfAPercentOfTheirLabels() {
        Path calce = CyclerLabelsTest.shared("aging-calce");
        CyclerFile.Read csv = CyclerFile.read(calce.resolve("CS2_37.csv.gz"));
        Path f = dir.resolve("CS2_37.xlsx");
        // Arbin's counters as the bench logged them; sheets split as MITS splits a long export. The first 60,000
        // readings (about a fifth of the cell's life) keep the test's time within reason on a shared machine.
        List<CyclerRow> rows = csv.rows().subList(0, Math.min(60_000, csv.rows().size()));
        double end = rows.get(rows.size() - 1).seconds();
        writeArbinWithCounters(f, rows);
        BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
        assertThat(b.read().problems()).isEmpty();
        assertThat(b.read().rows()).hasSize(rows.size());
        IntakeResult r = new IntakeAnalysis(IntakeProcedure.of(1.1, 2.7, 4.2, 30)).analyze("X", "CS2_37.xlsx",
                b.read().rows(), 0);
        List<double[]> labels = new ArrayList<>();
        try (CsvTable t = CsvTable.open(calce.resolve("CS2_37_capacity.csv"))) {
            for (CsvRow row : t.rows()) {
                if (row.number("discharge_start_s") < end - 7200) { // discharges that end inside the readings
                    labels.add(new double[] {row.number("discharge_start_s"),
                            row.number("discharge_capacity_ah")});
                }
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
        assertThat(labels).hasSizeGreaterThan(100);
        assertThat(matched).isGreaterThan((int) (0.97 * labels.size()));
        assertThat(worst).isLessThan(0.005);
        System.out.printf("CS2_37 as an Arbin workbook (%d sheets of readings): %d of %d labels, worst %.4f %%%n",
                (rows.size() + 19_999) / 20_000, matched, labels.size(), 100 * worst);
    }

    @Test
    void nasaDischargesAsBiologicTextStayWithinHalfAPercentOfTheirLabels() throws IOException {
        Path nasa = CyclerLabelsTest.shared("aging-nasa/discharge_cycles/B0005");
        List<Path> files;
        try (Stream<Path> s = Files.list(nasa)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("dis_")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        double worst = 0;
        for (Path src : files) {
            String name = src.getFileName().toString();
            double label = Double.parseDouble(name.substring(name.indexOf("_cap_") + 5, name.length() - 4));
            Path f = dir.resolve(name.replace(".csv", ".mpt"));
            BenchWriters.biologicMpt(f, CyclerFile.read(src).rows(), true);
            BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
            IntakeResult r = new IntakeAnalysis(IntakeProcedure.of(2.0, 2.7, 4.2, 10)).analyze("X", name,
                    b.read().rows(), b.read().problems().size());
            assertThat(r.discharges()).as(name).hasSize(1);
            worst = Math.max(worst, Math.abs(r.residualAh() / label - 1));
        }
        assertThat(worst).isLessThan(0.005);
        System.out.printf("NASA B0005 as EC-Lab text: %d files, worst %.4f %%%n", files.size(), 100 * worst);
    }

    private static CyclerRow x0(List<CyclerRow> rows) {
        return rows.get(0);
    }

    /** The CALCE rows carry Arbin's own counters: written as they are, not recomputed. */
    private static void writeArbinWithCounters(Path f, List<CyclerRow> rows) {
        try (var wb = new org.apache.poi.xssf.streaming.SXSSFWorkbook(200); var out = Files.newOutputStream(f)) {
            wb.createSheet("Global_Info").createRow(0).createCell(0).setCellValue("TEST REPORT");
            org.apache.poi.ss.usermodel.Sheet data = null;
            int r = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (i % 20_000 == 0) {
                    data = wb.createSheet(i == 0 ? "Channel_1-006" : "Channel_1-006_" + (i / 20_000));
                    var h = data.createRow(0);
                    for (int c = 0; c < BenchWriters.ARBIN.size(); c++) {
                        if (c != 11 || !Double.isNaN(x0(rows).dischargeWh())) { // CALCE kept no energy counter
                            h.createCell(c).setCellValue(BenchWriters.ARBIN.get(c));
                        }
                    }
                    r = 1;
                }
                CyclerRow x = rows.get(i);
                var row = data.createRow(r++);
                row.createCell(0).setCellValue(i + 1);
                row.createCell(1).setCellValue(x.seconds());
                row.createCell(4).setCellValue(x.step());
                row.createCell(6).setCellValue(x.amps());
                row.createCell(7).setCellValue(x.volts());
                row.createCell(9).setCellValue(x.dischargeAh());
                if (!Double.isNaN(x.dischargeWh())) {
                    row.createCell(11).setCellValue(x.dischargeWh());
                }
            }
            wb.write(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
