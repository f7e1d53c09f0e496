package io.voltrace.analytics.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.hssf.record.crypto.Biff8EncryptionKey;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The old binary Excel exports (.xls, BIFF8) of Arbin MITS Pro and Neware BTSDA, written in the test with POI's HSSF
 * ({@link BenchWriters}): read as the same readings, and so the same intake result, as the CSV they came from; a
 * damaged, encrypted or sheetless one, and the vendors' native binaries, refused naming the file and the reason.
 */
class BenchXlsTest {
    /** Readings under the header row fill an .xls sheet's 65,536 rows. */
    private static final int XLS_SHEET_ROWS = 65_535;

    @TempDir
    Path dir;

    @Test
    void calceReadingsOverThreeChannelSheetsReadAsTheirCsv() {
        CyclerFile.Read csv = CyclerFile.read(CyclerLabelsTest.shared("aging-calce").resolve("CS2_36.csv.gz"));
        // The first ~150,000 readings (about half the cell's life): three full-height .xls sheets' worth.
        List<CyclerRow> rows = csv.rows().subList(0, 150_000);
        Path f = dir.resolve("CS2_36.xls");
        BenchWriters.arbinExcel(f, rows, XLS_SHEET_ROWS);
        assertThat(BenchXls.sheetNames(f)).containsExactly("Global_Info", "Channel_1-009", "Channel_1-009_1",
                "Channel_1-009_2", "Statistics_1-009");

        BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
        assertThat(b.format()).isEqualTo(BenchFormat.ARBIN_XLS);
        assertThat(b.read().problems()).isEmpty();
        assertThat(b.read().benchCounters()).isTrue();
        assertThat(b.read().rows()).hasSize(rows.size()).isEqualTo(rows);

        IntakeAnalysis analysis = new IntakeAnalysis(IntakeProcedure.of(1.1, 2.7, 4.2, 30));
        IntakeResult fromXls = analysis.analyze("X", "CS2_36", b.read().rows(), 0);
        IntakeResult fromCsv = analysis.analyze("X", "CS2_36", rows, 0);
        assertThat(fromXls.discharges()).hasSizeGreaterThan(100);
        assertThat(fromXls.resistances()).isNotEmpty();
        assertThat(fromXls.residualAh()).isEqualTo(fromCsv.residualAh()).isGreaterThan(0.5);
        assertThat(fromXls).isEqualTo(fromCsv);
        System.out.printf("CS2_36, first %d readings as an Arbin .xls (3 Channel sheets): %d discharges, %d "
                + "resistances, residual %.5f Ah, the same as from the CSV%n", rows.size(), fromXls.discharges().size(),
                fromXls.resistances().size(), fromXls.residualAh());
    }

    @Test
    void newareXlsWithDurationCellsAndMilliampsReadsAsItsCsv() {
        List<CyclerRow> rows = IntakeAnalysisTest.test();
        Path csv = dir.resolve("neware.csv");
        BenchWriters.newareCsv(csv, rows);
        IntakeResult fromCsv = analyze(BenchFiles.read(csv, BenchFormat.AUTO));
        for (String sheet : List.of("record", "Detail_67_1_1")) {
            Path f = dir.resolve(sheet + ".xls");
            BenchWriters.newareXls(f, rows, sheet, 4000); // split over sheet, sheet_1, ...
            assertThat(BenchXls.sheetNames(f)).as(sheet).contains(sheet, sheet + "_1");
            BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
            assertThat(b.format()).isEqualTo(BenchFormat.NEWARE_XLS);
            assertThat(b.read().problems()).isEmpty();
            assertThat(b.read().benchCounters()).isFalse();
            assertThat(b.read().rows()).hasSize(rows.size());
            for (int i = 0; i < rows.size(); i += 97) {
                assertThat(b.read().rows().get(i).seconds()).isCloseTo(rows.get(i).seconds(), offset(1e-6));
                assertThat(b.read().rows().get(i).amps()).isCloseTo(rows.get(i).amps(), offset(1e-9));
            }
            IntakeResult r = analyze(b);
            assertThat(r.discharges()).hasSize(1);
            assertThat(r.residualAh()).isCloseTo(fromCsv.residualAh(), offset(1e-6));
            assertThat(r.residualWh()).isCloseTo(fromCsv.residualWh(), offset(1e-5));
        }
    }

    @Test
    void aBadRowIsSkippedAndNamedAndTheRestRead() throws IOException {
        List<CyclerRow> rows = CyclerFile.read(CyclerLabelsTest.shared("aging-calce").resolve("CS2_36.csv.gz"))
                .rows().subList(0, 3000);
        Path f = dir.resolve("bad.xls");
        BenchWriters.arbinExcel(f, rows, 1000);
        try (InputStream in = Files.newInputStream(f); HSSFWorkbook wb = new HSSFWorkbook(in)) {
            wb.getSheet("Channel_1-009_1").getRow(20).getCell(5).setCellValue("n/a"); // Voltage(V)
            try (OutputStream out = Files.newOutputStream(f)) {
                wb.write(out);
            }
        }
        BenchFiles.Bench b = BenchFiles.read(f, BenchFormat.AUTO);
        assertThat(b.read().problems()).containsExactly("bad.xls:Channel_1-009_1:21: Voltage(V): not a number: 'n/a'");
        assertThat(b.read().rows()).hasSize(rows.size() - 1);
        // the sheet's row 21 is its 20th reading after the header: reading 1019 of the file
        assertThat(b.read().rows().get(1018)).isEqualTo(rows.get(1018));
        assertThat(b.read().rows().get(1019)).isEqualTo(rows.get(1020));
    }

    @Test
    void aContinuationSheetWithOtherColumnsIsRefusedNamingIt() throws IOException {
        List<CyclerRow> rows = CyclerFile.read(CyclerLabelsTest.shared("aging-calce").resolve("CS2_36.csv.gz"))
                .rows().subList(0, 2500);
        Path f = dir.resolve("two.xls");
        BenchWriters.arbinExcel(f, rows, 1000);
        try (InputStream in = Files.newInputStream(f); HSSFWorkbook wb = new HSSFWorkbook(in)) {
            wb.getSheet("Channel_1-009_2").getRow(0).getCell(5).setCellValue("Voltage(mV)");
            try (OutputStream out = Files.newOutputStream(f)) {
                wb.write(out);
            }
        }
        assertThatThrownBy(() -> BenchFiles.read(f, BenchFormat.AUTO))
                .hasMessageStartingWith("two.xls:Channel_1-009_2:1: this sheet's columns [Data_Point, Test_Time(s), "
                        + "Date_Time, Step_Index, Current(A), Voltage(mV), Discharge_Capacity(Ah)] differ from the "
                        + "first data sheet's");
    }

    @Test
    void anXlsIsFoundByItsFirstBytesAndReadAsTheVendorStated() throws IOException {
        List<CyclerRow> rows = IntakeAnalysisTest.test();
        Path xls = dir.resolve("neware.xls");
        BenchWriters.newareXls(xls, rows, "record", 65_535);
        Path renamed = Files.copy(xls, dir.resolve("export.dat"));
        assertThat(BenchFiles.read(renamed, BenchFormat.AUTO).format()).isEqualTo(BenchFormat.NEWARE_XLS);
        assertThat(BenchFiles.read(renamed, BenchFormat.NEWARE_XLS).read().rows()).hasSize(rows.size());
        assertThatThrownBy(() -> BenchFiles.read(xls, BenchFormat.ARBIN_XLS))
                .hasMessageStartingWith("neware.xls: no data sheet among [Info, record]");
        assertThat(BenchFormat.parse("arbin-xls")).isEqualTo(BenchFormat.ARBIN_XLS);
        assertThat(BenchFormat.parse("neware-xls")).isEqualTo(BenchFormat.NEWARE_XLS);
    }

    @Test
    void aTruncatedXlsIsRefusedNamingTheFile() throws IOException {
        Path whole = dir.resolve("whole.xls");
        BenchWriters.newareXls(whole, IntakeAnalysisTest.test(), "record", 65_535);
        byte[] bytes = Files.readAllBytes(whole);
        for (int keep : new int[] {100, 600, bytes.length / 3, bytes.length / 2, bytes.length - 1000}) {
            Path cut = dir.resolve("cut.xls");
            Files.write(cut, Arrays.copyOf(bytes, keep));
            for (BenchFormat f : List.of(BenchFormat.AUTO, BenchFormat.NEWARE_XLS)) {
                assertThatThrownBy(() -> BenchFiles.read(cut, f)).as(keep + " bytes, " + f)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("cut.xls: not a readable .xls workbook, truncated or damaged (");
            }
        }
    }

    @Test
    void anEncryptedSheetlessOrForeignOle2FileIsRefusedWithTheReason() throws IOException {
        Path secret = dir.resolve("secret.xls");
        Biff8EncryptionKey.setCurrentUserPassword("bench");
        try {
            BenchWriters.newareXls(secret, IntakeAnalysisTest.test().subList(0, 100), "record", 65_535);
        } finally {
            Biff8EncryptionKey.setCurrentUserPassword(null);
        }
        assertThatThrownBy(() -> BenchFiles.read(secret, BenchFormat.AUTO))
                .hasMessage("secret.xls: a password-protected (encrypted) workbook: save it without a password, or "
                        + "export CSV");

        Path secretXlsx = dir.resolve("secret.xlsx"); // Excel keeps an encrypted xlsx in an OLE2 file
        try (POIFSFileSystem fs = new POIFSFileSystem(); OutputStream out = Files.newOutputStream(secretXlsx)) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[100]), "EncryptionInfo");
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[100]), "EncryptedPackage");
            fs.writeFilesystem(out);
        }
        assertThatThrownBy(() -> BenchFiles.read(secretXlsx, BenchFormat.AUTO))
                .hasMessageStartingWith("secret.xlsx: a password-protected (encrypted) workbook");

        Path summary = dir.resolve("summary.xls");
        try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(summary)) {
            wb.createSheet("Summary").createRow(0).createCell(0).setCellValue("x");
            wb.write(out);
        }
        assertThatThrownBy(() -> BenchFiles.read(summary, BenchFormat.AUTO))
                .hasMessageStartingWith("summary.xls: no data sheet among [Summary]");

        Path doc = dir.resolve("notes.xls");
        try (POIFSFileSystem fs = new POIFSFileSystem(); OutputStream out = Files.newOutputStream(doc)) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[100]), "WordDocument");
            fs.writeFilesystem(out);
        }
        assertThatThrownBy(() -> BenchFiles.read(doc, BenchFormat.AUTO))
                .hasMessageStartingWith("notes.xls: an OLE2 file without a Workbook stream, so not an Excel workbook");

        Path text = dir.resolve("text.xls");
        Files.writeString(text, "time_s,current_a,voltage_v\n1,2,3\n");
        assertThatThrownBy(() -> BenchFiles.read(text, BenchFormat.AUTO))
                .hasMessageStartingWith("text.xls: not a readable .xls workbook");
    }

    @Test
    void vendorNativeBinariesAreRefusedNamingTheExportToMake() throws IOException {
        for (String name : List.of("cell.nda", "cell.ndax", "cell.mpr", "cell.res")) {
            Path f = dir.resolve(name);
            Files.write(f, name.endsWith(".ndax") ? new byte[] {'P', 'K', 3, 4, 0, 0} : new byte[] {1, 2, 3});
            assertThatThrownBy(() -> BenchFiles.read(f, BenchFormat.AUTO)).as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(name + ": a").hasMessageContaining("is not read: export");
        }
        assertThatThrownBy(() -> BenchFiles.read(dir.resolve("cell.nda"), BenchFormat.AUTO))
                .hasMessageContaining("from BTSDA as .xlsx, .xls or CSV");
        assertThatThrownBy(() -> BenchFiles.read(dir.resolve("cell.mpr"), BenchFormat.AUTO))
                .hasMessageContaining("from EC-Lab as text (.mpt");
    }

    private static IntakeResult analyze(BenchFiles.Bench b) {
        return new IntakeAnalysis(IntakeProcedure.of(2.0, 3.0, 4.2, 10)).analyze("C", "f", b.read().rows(),
                b.read().problems().size());
    }
}
