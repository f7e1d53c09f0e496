package io.voltrace.analytics.intake;

import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import io.voltrace.analytics.table.RowProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Neware CSV export (BTS 8 / BTSDA 7 "export to CSV" of the record data): {@code Total Time} (h:mm:ss,
 * cumulative over the test), {@code Current(A)} or {@code Current(mA)}, {@code Voltage(V)}, {@code Step Index} (or
 * {@code Steps}/{@code Step ID}) and {@code Step Type} (or {@code Status}: {@code CC_Chg}, {@code CCCV_Chg},
 * {@code CC_DChg}, {@code Rest}), which sets the current's sign where the export gives it unsigned. Neware's
 * {@code Capacity} column restarts every step and is not used: the current is integrated.
 */
final class NewareCsv {
    private NewareCsv() {
    }

    /** A Neware header: a step type or status column beside a Neware time column. */
    static boolean looksLike(List<String> header) {
        boolean type = false;
        boolean time = false;
        for (String h : header) {
            String n = BenchColumns.name(h);
            type |= n.equals("steptype") || n.equals("status");
            time |= n.equals("totaltime") || n.equals("relativetime") || n.equals("realtime");
        }
        return type && time;
    }

    static CyclerFile.Read read(CsvTable table) {
        BenchColumns columns = new BenchColumns(table.name(), table.header(), false);
        List<CyclerRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double last = Double.NEGATIVE_INFINITY;
        for (CsvRow r = table.next(); r != null; r = table.next()) {
            String where = table.name() + ":" + r.line();
            try {
                CyclerRow c = columns.row(r::cell, where);
                if (c.seconds() < last) {
                    throw new RowProblem(where + ": time runs backwards (" + c.seconds() + " after " + last
                            + "): one test per file; export the Total Time, not the step time");
                }
                last = c.seconds();
                rows.add(c);
            } catch (RowProblem e) {
                problems.add(e.getMessage());
            }
        }
        return new CyclerFile.Read(rows, problems, false);
    }
}
