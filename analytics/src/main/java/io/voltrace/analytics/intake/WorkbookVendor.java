package io.voltrace.analytics.intake;

import java.util.List;
import java.util.Locale;

/**
 * Whose export a workbook is, known by its data sheets' names; the same rules for xlsx and the old binary .xls:
 * Arbin's readings are on {@code Channel_<n>-<m>} sheets (a long test continued on {@code …_1}, {@code …_2}), Neware's
 * on {@code record} ({@code record_1}, …) or BTSDA's {@code Detail_…} sheets. Every other sheet holds no readings.
 */
enum WorkbookVendor {
    ARBIN(BenchFormat.ARBIN_XLSX, BenchFormat.ARBIN_XLS, true),
    NEWARE(BenchFormat.NEWARE_XLSX, BenchFormat.NEWARE_XLS, false);

    private final BenchFormat xlsx;
    private final BenchFormat xls;
    private final boolean counters;

    WorkbookVendor(BenchFormat xlsx, BenchFormat xls, boolean counters) {
        this.xlsx = xlsx;
        this.xls = xls;
        this.counters = counters;
    }

    /** The vendor whose readings a sheet of this name holds, or null for a sheet without readings. */
    static WorkbookVendor ofSheet(String sheetName) {
        String s = sheetName.toLowerCase(Locale.ROOT);
        if (s.startsWith("channel")) {
            return ARBIN;
        }
        if (s.equals("record") || s.startsWith("record_") || s.startsWith("detail")) {
            return NEWARE;
        }
        return null;
    }

    /** The vendor of the first data sheet among a workbook's sheets, or null when none is one. */
    static WorkbookVendor ofSheets(List<String> sheetNames) {
        for (String name : sheetNames) {
            WorkbookVendor v = ofSheet(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The vendor a stated workbook format names, or null (AUTO, or not a workbook format). */
    static WorkbookVendor of(BenchFormat format) {
        for (WorkbookVendor v : values()) {
            if (v.xlsx == format || v.xls == format) {
                return v;
            }
        }
        return null;
    }

    BenchFormat format(boolean binaryXls) {
        return binaryXls ? xls : xlsx;
    }

    /** Whether the bench's discharge counters are read: Arbin's are cumulative; Neware's restart every step. */
    boolean counters() {
        return counters;
    }
}
