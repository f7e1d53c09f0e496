package io.voltrace.analytics.intake;

import io.voltrace.analytics.table.RowProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * The rows of a workbook's data sheets, whatever the container (xlsx: {@link BenchWorkbook}; .xls: {@link BenchXls}):
 * the container reports each sheet ({@link #startSheet}), each cell's text ({@link #cell}) and each row's end
 * ({@link #endRow}); this decides which sheets are read ({@link WorkbookVendor}), takes a data sheet's first row with
 * text as its header (later sheets must repeat the first one's), reads the rest as readings in sheet order, and skips
 * and names a bad row (file:sheet:row: column: reason).
 */
final class WorkbookRows {
    /** Prefix of a cell the workbook formats as a date or duration: the value that follows is in days. */
    static final String DAYS = "days:";

    private final String file;
    private final List<String> sheetNames = new ArrayList<>();
    private final List<CyclerRow> rows = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<Integer, String> cells = new HashMap<>();
    private WorkbookVendor vendor;
    private boolean reading;
    private BenchColumns columns;
    private List<String> firstHeader;
    private List<String> header;
    private String sheet;
    private double last = Double.NEGATIVE_INFINITY;

    /**
     * @param file   the file's name, for problems
     * @param vendor the vendor stated, or null to take the first data sheet's
     */
    WorkbookRows(String file, WorkbookVendor vendor) {
        this.file = file;
        this.vendor = vendor;
    }

    /** A numeric cell's text: the number as stored (a display format would round it); dates and durations in days. */
    static String number(double value, int formatIndex, String formatString) {
        if (formatString != null && DateUtil.isADateFormat(formatIndex, formatString)) {
            return DAYS + value;
        }
        return Double.toString(value);
    }

    /** A new sheet begins; returns whether its cells are wanted (it is a data sheet of the workbook's vendor). */
    boolean startSheet(String name) {
        sheetNames.add(name);
        cells.clear();
        WorkbookVendor kind = WorkbookVendor.ofSheet(name);
        reading = kind != null && (vendor == null || vendor == kind);
        if (reading) {
            vendor = kind;
            sheet = name;
            header = null;
        }
        return reading;
    }

    void cell(int column, String value) {
        if (reading && value != null) {
            cells.put(column, value);
        }
    }

    /** @param rowNum the row's index in its sheet, from 0 */
    void endRow(int rowNum) {
        if (!reading || cells.values().stream().allMatch(String::isBlank)) {
            cells.clear();
            return;
        }
        String where = file + ":" + sheet + ":" + (rowNum + 1);
        try {
            if (header == null) {
                header(where);
                return;
            }
            CyclerRow r = columns.row(cells::get, where);
            if (r.seconds() < last) {
                throw new RowProblem(where + ": time runs backwards (" + r.seconds() + " after " + last
                        + "): one test per workbook, sheets in test order");
            }
            last = r.seconds();
            rows.add(r);
        } catch (RowProblem e) {
            problems.add(e.getMessage());
        } finally {
            cells.clear();
        }
    }

    private void header(String where) {
        int width = cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<String> h = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            h.add(cells.getOrDefault(i, ""));
        }
        header = h;
        if (columns == null) {
            columns = new BenchColumns(file + ":" + sheet, h, vendor.counters());
            firstHeader = h;
        } else if (!h.equals(firstHeader)) {
            throw new IllegalArgumentException(where + ": this sheet's columns " + h + " differ from the first"
                    + " data sheet's " + firstHeader + ": one test per workbook");
        }
    }

    /** The vendor read (the stated one, or the first data sheet's); null when no sheet was a data sheet. */
    WorkbookVendor vendor() {
        return vendor;
    }

    /**
     * What the data sheets held.
     *
     * @throws IllegalArgumentException naming the file, when it has no data sheet or its data sheets no header
     */
    CyclerFile.Read read() {
        if (sheet == null) {
            throw new IllegalArgumentException(file + ": no data sheet among " + sheetNames + ": an Arbin workbook "
                    + "has Channel_… sheets, a Neware one a record (or Detail_…) sheet (docs/intake.md)");
        }
        if (columns == null) {
            throw new IllegalArgumentException(file + ": the data sheets hold no header row");
        }
        return new CyclerFile.Read(rows, problems, columns.benchCounters());
    }
}
