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
import java.util.List;
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
            case ARBIN_XLSX, NEWARE_XLSX -> new Bench(f, BenchWorkbook.read(file, WorkbookVendor.of(f)));
            case ARBIN_XLS, NEWARE_XLS -> new Bench(f, BenchXls.read(file, WorkbookVendor.of(f)));
            case BIOLOGIC_MPT -> new Bench(f, BiologicMpt.read(file));
            case AUTO -> throw new AssertionError();
        };
    }

    /**
     * The format of a file: {@code .mpt} or a first line {@code EC-Lab ASCII FILE} is BioLogic; {@code .xlsx} (or a
     * zip) a workbook, {@code .xls} (or an OLE2 file) an old binary workbook, Arbin or Neware by their sheets' names;
     * a CSV with Neware's step type and total time columns Neware; any other CSV (or {@code .csv.gz}) the
     * Arbin/NASA/generic reader. The vendors' binary native files are refused, naming the export to make instead.
     */
    public static BenchFormat detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String refused = nativeFile(name);
        if (refused != null) { // before the first bytes: a .ndax is a zip, yet no workbook
            throw new IllegalArgumentException(file.getFileName() + ": " + refused);
        }
        byte[] head = head(file);
        if (name.endsWith(".mpt") || startsWith(head, BiologicMpt.MAGIC.getBytes(StandardCharsets.US_ASCII))) {
            return BenchFormat.BIOLOGIC_MPT;
        }
        boolean zip = startsWith(head, new byte[] {'P', 'K', 3, 4});
        boolean ole2 = startsWith(head, BenchXls.MAGIC); // a password-protected xlsx is one too: the .xls reader says so
        if (zip || (!ole2 && name.endsWith(".xlsx"))) {
            return workbook(BenchWorkbook.sheetNames(file), false);
        }
        if (ole2 || name.endsWith(".xls")) {
            return workbook(BenchXls.sheetNames(file), true);
        }
        if (name.endsWith(".gz")) {
            return BenchFormat.CSV;
        }
        try (CsvTable t = CsvTable.open(file)) {
            return NewareCsv.looksLike(t.header()) ? BenchFormat.NEWARE_CSV : BenchFormat.CSV;
        }
    }

    /** Arbin or Neware from the data sheets; Neware when there is none (its reader then says so, naming the sheets). */
    private static BenchFormat workbook(List<String> sheetNames, boolean binaryXls) {
        WorkbookVendor v = WorkbookVendor.ofSheets(sheetNames);
        return (v == null ? WorkbookVendor.NEWARE : v).format(binaryXls);
    }

    /** Why a vendor's binary native file is not read and what to export instead; null for other files. */
    private static String nativeFile(String lowerName) {
        if (lowerName.endsWith(".nda") || lowerName.endsWith(".ndax")) {
            return "a Neware native binary file (.nda/.ndax) is not read: export the test from BTSDA as .xlsx, .xls "
                    + "or CSV (with the record/Detail sheet: Total Time, Current, Voltage, Step Type)";
        }
        if (lowerName.endsWith(".mpr")) {
            return "a BioLogic native binary file (.mpr) is not read: export it from EC-Lab as text (.mpt: "
                    + "Export as Text) with time/s, Ewe/V and I/mA";
        }
        if (lowerName.endsWith(".res")) {
            return "an Arbin native database (.res) is not read: export it from MITS Pro to Excel (.xlsx or .xls) "
                    + "or CSV";
        }
        return null;
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
