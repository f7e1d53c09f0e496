package io.voltrace.analytics.intake;

import io.voltrace.analytics.table.CsvTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The one entry to every test-bench file voltrace reads: finds the format from the file name and its first bytes
 * (or takes the one stated) and hands the file to its reader. Every reader gives the same readings
 * ({@link CyclerRow}: time, current charge-positive, voltage, step, the bench's cumulative discharge counters when
 * it has them) and names each skipped row by file, row and reason.
 */
public final class BenchFiles {
    private BenchFiles() {
    }

    /** What was read, and as which format. */
    public record Bench(BenchFormat format, CyclerFile.Read read) {
    }

    /**
     * @param format {@link BenchFormat#AUTO} to detect it
     * @throws IllegalArgumentException when the file is not of the format, or holds no usable header (naming the file
     *                                  and the reason)
     */
    public static Bench read(Path file, BenchFormat format) {
        BenchFormat f = format == BenchFormat.AUTO ? detect(file) : format;
        return switch (f) {
            case CSV -> new Bench(f, CyclerFile.read(file));
            case NEWARE_CSV -> new Bench(f, withCsv(file, NewareCsv::read));
            case ARBIN_XLSX, NEWARE_XLSX -> {
                CyclerFile.Read r = BenchWorkbook.read(file, f);
                yield new Bench(f, r);
            }
            case BIOLOGIC_MPT -> new Bench(f, BiologicMpt.read(file));
            case AUTO -> throw new AssertionError();
        };
    }

    /**
     * The format of a file: {@code .mpt} or a first line {@code EC-Lab ASCII FILE} is BioLogic; {@code .xlsx} (or a
     * zip) a workbook, Arbin or Neware by its sheets (decided as it is read); a CSV with Neware's step type and total
     * time columns Neware; any other CSV (or {@code .csv.gz}) the Arbin/NASA/generic reader.
     */
    public static BenchFormat detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] head = head(file);
        if (name.endsWith(".mpt") || startsWith(head, BiologicMpt.MAGIC.getBytes(StandardCharsets.US_ASCII))) {
            return BenchFormat.BIOLOGIC_MPT;
        }
        if (name.endsWith(".xlsx") || startsWith(head, new byte[] {'P', 'K', 3, 4})) {
            return BenchFormat.ARBIN_XLSX == workbookKind(file) ? BenchFormat.ARBIN_XLSX : BenchFormat.NEWARE_XLSX;
        }
        if (name.endsWith(".xls")) {
            throw new IllegalArgumentException(file.getFileName() + ": the old binary Excel format (.xls) is not read:"
                    + " save it as .xlsx or export CSV");
        }
        if (name.endsWith(".gz")) {
            return BenchFormat.CSV;
        }
        try (CsvTable t = CsvTable.open(file)) {
            return NewareCsv.looksLike(t.header()) ? BenchFormat.NEWARE_CSV : BenchFormat.CSV;
        }
    }

    /** Arbin or Neware, from the workbook's data sheets; AUTO when it has neither (the reader then says so). */
    private static BenchFormat workbookKind(Path file) {
        try (var pkg = org.apache.poi.openxml4j.opc.OPCPackage.open(file.toFile(),
                org.apache.poi.openxml4j.opc.PackageAccess.READ)) {
            var sheets = (org.apache.poi.xssf.eventusermodel.XSSFReader.SheetIterator)
                    new org.apache.poi.xssf.eventusermodel.XSSFReader(pkg).getSheetsData();
            while (sheets.hasNext()) {
                sheets.next().close();
                BenchFormat kind = BenchWorkbook.dataSheet(sheets.getSheetName());
                if (kind != null) {
                    return kind;
                }
            }
            return BenchFormat.AUTO;
        } catch (Exception e) {
            throw new IllegalArgumentException(file.getFileName() + ": not a readable xlsx workbook ("
                    + e.getMessage() + ")", e);
        }
    }

    private interface CsvReader {
        CyclerFile.Read read(CsvTable table);
    }

    private static CyclerFile.Read withCsv(Path file, CsvReader reader) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                 CsvTable t = CsvTable.of(file.getFileName().toString(), new BufferedReader(
                         new InputStreamReader(in, StandardCharsets.UTF_8)))) {
                return reader.read(t);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        try (CsvTable t = CsvTable.open(file)) {
            return reader.read(t);
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
