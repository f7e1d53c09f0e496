package io.voltrace.analytics.intake;

import io.voltrace.analytics.table.RowProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads a test bench's xlsx workbook, streamed sheet by sheet (a long test does not have to fit in memory as a
 * workbook):
 * <ul>
 *   <li><b>Arbin</b> (MITS Pro / MITS 7 "Export to Excel"): sheets {@code Global_Info}, one or more data sheets
 *       {@code Channel_<n>-<m>} (a long test is split over {@code Channel_1-006_1}, {@code _2}, ...: they are read in
 *       workbook order, as one test) with the Arbin CSV columns ({@code Test_Time(s)}, {@code Current(A)},
 *       {@code Voltage(V)}, {@code Step_Index}, {@code Discharge_Capacity(Ah)}, {@code Discharge_Energy(Wh)}), and
 *       {@code Statistics_<n>-<m>}, which is not read;</li>
 *   <li><b>Neware</b> (BTS 8 export): data sheet {@code record} (BTSDA 7: {@code Detail_…} or {@code Record…}) with
 *       {@code Total Time}, {@code Current(A)} or {@code Current(mA)}, {@code Voltage(V)}, {@code Step Index},
 *       {@code Step Type}; the other sheets ({@code unit}, {@code test}, {@code cycle}, {@code step}) are not read.</li>
 * </ul>
 * A data sheet's first row with text is its header. A bad row is skipped and named (file:sheet:row: column: reason).
 */
final class BenchWorkbook {
    /** Prefix of a cell the workbook formats as a date or duration: the value that follows is in days. */
    static final String DAYS = "days:";

    private BenchWorkbook() {
    }

    static CyclerFile.Read read(Path file, BenchFormat format) {
        String name = file.getFileName().toString();
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            List<String> names = new ArrayList<>();
            BenchFormat found = format;
            Collector collector = null;
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String sheetName = sheets.getSheetName();
                    names.add(sheetName);
                    BenchFormat kind = dataSheet(sheetName);
                    if (kind == null || (found != BenchFormat.AUTO && found != kind)) {
                        continue;
                    }
                    found = kind;
                    if (collector == null) {
                        collector = new Collector(name, kind == BenchFormat.ARBIN_XLSX);
                    }
                    collector.sheet = sheetName;
                    collector.header = null;
                    XMLReader parser = XMLHelper.newXMLReader();
                    parser.setContentHandler(new XSSFSheetXMLHandler(styles, strings, collector, new RawFormatter(),
                            false));
                    parser.parse(new InputSource(sheet));
                }
            }
            if (collector == null) {
                throw new IllegalArgumentException(name + ": no data sheet among " + names + ": an Arbin workbook has "
                        + "Channel_… sheets, a Neware one a record (or Detail_…) sheet (docs/intake.md)");
            }
            if (collector.columns == null) {
                throw new IllegalArgumentException(name + ": the data sheets hold no header row");
            }
            return new CyclerFile.Read(collector.rows, collector.problems, collector.columns.benchCounters());
        } catch (IOException | OpenXML4JException | SAXException | org.apache.poi.ooxml.POIXMLException
                 | org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException e) {
            throw new IllegalArgumentException(name + ": not a readable xlsx workbook (" + e.getMessage() + ")", e);
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser: " + e.getMessage(), e);
        }
    }

    /** The bench a data sheet's name belongs to, or null for sheets that hold no readings. */
    static BenchFormat dataSheet(String sheetName) {
        String s = sheetName.toLowerCase(Locale.ROOT);
        if (s.startsWith("channel")) {
            return BenchFormat.ARBIN_XLSX;
        }
        if (s.equals("record") || s.startsWith("record_") || s.startsWith("detail")) {
            return BenchFormat.NEWARE_XLSX;
        }
        return null;
    }

    /** Rows of every data sheet, in order; the first sheet's header decides the columns, later ones must agree. */
    private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final String file;
        private final boolean counters;
        private final List<CyclerRow> rows = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final Map<Integer, String> cells = new HashMap<>();
        private BenchColumns columns;
        private List<String> firstHeader;
        private List<String> header;
        private String sheet;
        private double last = Double.NEGATIVE_INFINITY;

        Collector(String file, boolean counters) {
            this.file = file;
            this.counters = counters;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            if (ref != null && value != null) {
                cells.put((int) new CellReference(ref).getCol(), value);
            }
        }

        @Override
        public void endRow(int rowNum) {
            if (cells.values().stream().allMatch(String::isBlank)) {
                return;
            }
            String where = file + ":" + sheet + ":" + (rowNum + 1);
            if (header == null) {
                int width = cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
                List<String> h = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    h.add(cells.getOrDefault(i, ""));
                }
                header = h;
                if (columns == null) {
                    columns = new BenchColumns(file + ":" + sheet, h, counters);
                    firstHeader = h;
                } else if (!h.equals(firstHeader)) {
                    throw new IllegalArgumentException(where + ": this sheet's columns " + h + " differ from the first"
                            + " data sheet's " + firstHeader + ": one test per workbook");
                }
                return;
            }
            try {
                CyclerRow r = columns.row(cells::get, where);
                if (r.seconds() < last) {
                    throw new RowProblem(where + ": time runs backwards (" + r.seconds() + " after " + last
                            + "): one test per workbook, sheets in test order");
                }
                last = r.seconds();
                rows.add(r);
            } catch (RowProblem e) {
                problems.add(e.getMessage());
            }
        }
    }

    /** Numbers as stored (the workbook's display format would round them); dates and durations in days. */
    private static final class RawFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString)) {
                return DAYS + value;
            }
            return Double.toString(value);
        }
    }
}
