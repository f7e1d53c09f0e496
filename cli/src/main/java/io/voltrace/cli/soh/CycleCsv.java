package io.voltrace.cli.soh;

import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import io.voltrace.evidence.Point;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads a battery cycler's or data logger's CSV into time-ordered {@link Point}s, one row at a time, through the
 * project's one CSV reader ({@link CsvTable}: RFC 4180 quotes, separator comma, semicolon or tab from the header).
 *
 * <p>Columns are found by name: the names given, or else the usual ones (NASA PCoE's {@code Time},
 * {@code Current_measured}, {@code Voltage_measured}, {@code Temperature_measured}; their CSV exports'
 * {@code discharge_time}, {@code current}, {@code voltage}, {@code temperature}; Arbin's {@code Test_Time(s)},
 * {@code Current(A)}, {@code Voltage(V)}), compared without case, units in brackets or punctuation. Time is seconds,
 * or an ISO-8601 date-time. A line that does not parse is reported with its file, line and column and skipped; the
 * rest goes on. Time that runs backwards (files of several runs joined) starts a new run after a gap.
 *
 * @param timeColumn    time column name, or null to detect
 * @param currentColumn current column name, or null to detect
 * @param voltageColumn voltage column name, or null to detect
 * @param tempColumn    temperature column name, or null to detect (none found is fine)
 * @param chargeNegative the file's current is negative when charging (the default is negative discharging)
 * @param seriesCells   the file's voltage is over this many cells in series
 */
public record CycleCsv(String timeColumn, String currentColumn, String voltageColumn, String tempColumn,
                       boolean chargeNegative, int seriesCells) {

    private static final List<String> TIME_NAMES = List.of("time", "testtime", "timemeasured", "dischargetime",
            "chargetime", "elapsedtime", "totaltime", "timestamp", "datetime", "times", "t");
    private static final List<String> CURRENT_NAMES = List.of("currentmeasured", "current", "i", "batterycurrent",
            "packcurrent", "cellcurrent");
    private static final List<String> VOLTAGE_NAMES = List.of("voltagemeasured", "voltage", "v", "cellvoltage",
            "batteryvoltage", "terminalvoltage", "packvoltage");
    private static final List<String> TEMP_NAMES = List.of("temperaturemeasured", "temperature", "temp",
            "celltemperature", "batterytemperature", "auxtemperature");
    /** After joined runs, the next starts this long after the last reading: longer than any counting gap. */
    private static final long RUN_GAP_MILLIS = 3_600_000;
    private static final int PROBLEMS_SHOWN = 20;

    public CycleCsv {
        if (seriesCells < 1) {
            throw new IllegalArgumentException("series cells must be 1 or more, was " + seriesCells);
        }
    }

    public static CycleCsv detect() {
        return new CycleCsv(null, null, null, null, false, 1);
    }

    /** What a read found. */
    public record Summary(String time, String current, String voltage, String temperature, long rows,
                          long skipped, int runs) {
    }

    /**
     * Streams the file's readings to {@code out} and its problems (already naming file and line) to
     * {@code problems}. Throws {@link CsvFormatException} when the header lacks a needed column.
     */
    public Summary read(Path file, Consumer<Point> out, Consumer<String> problems) throws IOException {
        CsvTable table;
        try {
            table = CsvTable.open(file, file.toString());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (CsvTable.CsvFormatException e) {
            throw new CsvFormatException(file + ": empty file, no header line");
        }
        try (table) {
            List<String> names = table.header();
            int it = column(file, names, timeColumn, TIME_NAMES, "time", "--time-col", true);
            int ii = column(file, names, currentColumn, CURRENT_NAMES, "current", "--current-col", true);
            int iv = column(file, names, voltageColumn, VOLTAGE_NAMES, "voltage", "--voltage-col", true);
            int itemp = column(file, names, tempColumn, TEMP_NAMES, "temperature", "--temp-col", false);
            double sign = chargeNegative ? -1 : 1;
            long rows = 0;
            long skipped = 0;
            int shown = 0;
            int runs = 1;
            long shift = 0;
            long lastRaw = Long.MIN_VALUE;
            long lastShifted = Long.MIN_VALUE;
            while (true) {
                CsvRow row;
                try {
                    row = table.next();
                } catch (CsvTable.CsvFormatException e) {
                    // An open quote runs to the end of the file: report it, keep what was read before it.
                    skipped++;
                    problems.accept(file + e.getMessage().substring(table.name().length()) + "; rest of file "
                            + "skipped");
                    break;
                }
                if (row == null) {
                    break;
                }
                int lineNo = row.line();
                List<String> fields = trimmed(row.cells());
                String problem = null;
                Point p = null;
                try {
                    long t = millis(field(fields, it, names), names.get(it));
                    double amps = number(field(fields, ii, names), names.get(ii)) * sign;
                    double volts = number(field(fields, iv, names), names.get(iv)) / seriesCells;
                    double temp = itemp < 0 ? Double.NaN : optionalNumber(field(fields, itemp, names),
                            names.get(itemp));
                    if (lastRaw != Long.MIN_VALUE && t < lastRaw) {
                        // A new run whose clock restarted: keep order, and leave a gap nothing is counted across.
                        shift = lastShifted + RUN_GAP_MILLIS - t;
                        runs++;
                    }
                    lastRaw = t;
                    lastShifted = t + shift;
                    p = Point.of(t + shift, amps, volts, temp);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
                if (problem != null) {
                    skipped++;
                    if (shown++ < PROBLEMS_SHOWN) {
                        problems.accept(file + ":" + lineNo + ": " + problem + "; line skipped");
                    }
                    continue;
                }
                rows++;
                out.accept(p);
            }
            if (shown > PROBLEMS_SHOWN) {
                problems.accept(file + ": " + (shown - PROBLEMS_SHOWN) + " more bad lines skipped");
            }
            return new Summary(names.get(it), names.get(ii), names.get(iv), itemp < 0 ? null : names.get(itemp),
                    rows, skipped, runs);
        }
    }

    /** Reads the whole file into a list; for small files (a cycle or a few). */
    public List<Point> readAll(Path file, Consumer<String> problems) throws IOException {
        List<Point> points = new ArrayList<>();
        read(file, points::add, problems);
        return points;
    }

    private static int column(Path file, List<String> names, String wanted, List<String> aliases, String what,
                              String option, boolean required) {
        if (wanted != null) {
            String key = normalize(wanted);
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equals(wanted) || normalize(names.get(i)).equals(key)) {
                    return i;
                }
            }
            throw new CsvFormatException(file + ":1: no column '" + wanted + "' for " + what + " (columns: "
                    + String.join(", ", names) + ")");
        }
        for (String alias : aliases) {
            for (int i = 0; i < names.size(); i++) {
                if (normalize(names.get(i)).equals(alias)) {
                    return i;
                }
            }
        }
        if (!required) {
            return -1;
        }
        throw new CsvFormatException(file + ":1: no " + what + " column found among " + String.join(", ", names)
                + "; name it with " + option);
    }

    /** "Test_Time(s)" → "testtime", "Voltage [V]" → "voltage". */
    static String normalize(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("\\([^)]*\\)|\\[[^]]*]", "");
        return s.replaceAll("[^a-z0-9]", "");
    }

    private static List<String> trimmed(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String c : cells) {
            out.add(c.trim());
        }
        return out;
    }

    private static String field(List<String> fields, int index, List<String> names) {
        if (index >= fields.size()) {
            throw new IllegalArgumentException("column '" + names.get(index) + "' missing (" + fields.size()
                    + " fields, header has " + names.size() + ")");
        }
        return fields.get(index);
    }

    private static double number(String text, String column) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("column '" + column + "' is empty");
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + column + "': '" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("column '" + column + "': '" + text + "' is not finite");
        }
        return v;
    }

    private static double optionalNumber(String text, String column) {
        return text.isEmpty() || text.equalsIgnoreCase("nan") ? Double.NaN : number(text, column);
    }

    /** Seconds (any decimal) or an ISO-8601 date-time, with or without zone (UTC assumed). */
    private static long millis(String text, String column) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("column '" + column + "' is empty");
        }
        try {
            double seconds = Double.parseDouble(text);
            if (!Double.isFinite(seconds)) {
                throw new IllegalArgumentException("column '" + column + "': '" + text + "' is not finite");
            }
            return Math.round(seconds * 1000);
        } catch (NumberFormatException notSeconds) {
            String iso = text.replace(' ', 'T');
            try {
                return Instant.parse(iso).toEpochMilli();
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("column '" + column + "': '" + text
                            + "' is neither seconds nor an ISO-8601 date-time");
                }
            }
        }
    }

    /** The file's header does not let it be read at all. */
    public static final class CsvFormatException extends IllegalArgumentException {
        public CsvFormatException(String message) {
            super(message);
        }
    }
}
