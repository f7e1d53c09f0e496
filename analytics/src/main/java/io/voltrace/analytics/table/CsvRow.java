package io.voltrace.analytics.table;

import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * One row of a {@link CsvTable}: cells by column name, and problems that name file, line and column. Accessors throw
 * {@link RowProblem}, so a reader can skip the row, keep the message and go on.
 */
public final class CsvRow {
    private final CsvTable table;
    private final int line;
    private final List<String> cells;

    CsvRow(CsvTable table, int line, List<String> cells) {
        this.table = table;
        this.line = line;
        this.cells = List.copyOf(cells);
    }

    public int line() {
        return line;
    }

    /** {@code file:line}. */
    public String where() {
        return table.name() + ":" + line;
    }

    public List<String> cells() {
        return cells;
    }

    public RowProblem problem(String column, String reason) {
        return new RowProblem(where() + ": " + column + ": " + reason);
    }

    /** The trimmed cell, or null when the column is absent or the cell blank. */
    public String optional(String column) {
        int i = table.column(column);
        return cell(i);
    }

    /** The trimmed cell at a position, or null when the row is shorter or the cell blank. */
    public String cell(int i) {
        if (i < 0 || i >= cells.size() || cells.get(i).isBlank()) {
            return null;
        }
        return cells.get(i).trim();
    }

    public String text(String column) {
        String v = optional(column);
        if (v == null) {
            throw problem(column, "missing");
        }
        return v;
    }

    public double number(String column) {
        String v = text(column);
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw problem(column, "not a finite number: '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw problem(column, "not a number: '" + v + "'");
        }
    }

    public long whole(String column) {
        double d = number(column);
        if (d != Math.rint(d)) {
            throw problem(column, "not a whole number: " + d);
        }
        return (long) d;
    }

    public <T> T parse(String column, Function<String, T> parser, String expected) {
        String v = text(column);
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw problem(column, "'" + v + "' is not " + expected);
        }
    }
}
