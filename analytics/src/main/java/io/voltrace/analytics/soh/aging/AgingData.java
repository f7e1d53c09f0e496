package io.voltrace.analytics.soh.aging;

import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import io.voltrace.analytics.table.RowProblem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads labelled aging data in the layout of {@code aging-calce} (docs/validation.md, "Aging-data layout"): a folder
 * holding, per cell, {@code <cell>.csv.gz} (or {@code <cell>.csv}) with the columns {@code cycle, test_time_s,
 * current_a, voltage_v} and optionally {@code discharge_ah} (more columns are ignored; charge is positive), and
 * {@code <cell>_capacity.csv} with {@code cycle, discharge_capacity_ah} and optionally {@code discharge_start_s,
 * discharge_end_s}.
 *
 * <p>Both files go through the project's one CSV reader ({@link CsvTable}: quotes, header by name, line numbers).
 * A line that does not parse is reported with its file, line number, column and reason and skipped; the rest is read. A reading
 * earlier than the one before it is skipped the same way (the layout's time never decreases).
 */
public final class AgingData {
    private static final int PROBLEMS_SHOWN = 10;

    private AgingData() {
    }

    /** The cells found in {@code dir}: every {@code <cell>.csv.gz} or {@code <cell>.csv} with a capacity file. */
    public static List<String> cellNames(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder (expected <cell>.csv.gz and <cell>_capacity.csv "
                    + "files)");
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                String cell = f.endsWith(".csv.gz") ? f.substring(0, f.length() - 7)
                        : f.endsWith(".csv") && !f.endsWith("_capacity.csv") ? f.substring(0, f.length() - 4) : null;
                if (cell != null && Files.exists(dir.resolve(cell + "_capacity.csv")) && !names.contains(cell)) {
                    names.add(cell);
                }
            }
        }
        names.sort(null);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no cell found (expected <cell>.csv.gz with "
                    + "<cell>_capacity.csv beside it)");
        }
        return names;
    }

    /** Reads the named cells of {@code dir} (all when {@code cells} is empty). */
    public static List<AgingCell> read(Path dir, List<String> cells, Consumer<String> problems) throws IOException {
        List<String> found = cellNames(dir);
        List<String> wanted = cells == null || cells.isEmpty() ? found : cells;
        List<AgingCell> out = new ArrayList<>();
        for (String c : wanted) {
            if (!found.contains(c)) {
                throw new IllegalArgumentException(dir + ": no cell '" + c + "' (cells: " + String.join(", ", found)
                        + ")");
            }
            out.add(readCell(dir, c, problems));
        }
        return out;
    }

    public static AgingCell readCell(Path dir, String cell, Consumer<String> problems) throws IOException {
        Path series = dir.resolve(cell + ".csv.gz");
        if (!Files.exists(series)) {
            series = dir.resolve(cell + ".csv");
        }
        Map<Integer, CapacityLabel> labels = readLabels(dir.resolve(cell + "_capacity.csv"), problems);
        Columns cols = new Columns();
        try (CsvTable table = open(series)) {
            required(table, "cycle", "test_time_s", "current_a", "voltage_v");
            boolean counter = table.column("discharge_ah") >= 0;
            int bad = 0;
            double lastTime = Double.NEGATIVE_INFINITY;
            for (CsvRow row = next(table); row != null; row = next(table)) {
                try {
                    int cycle = (int) row.whole("cycle");
                    double t = row.number("test_time_s");
                    if (t < lastTime) {
                        throw row.problem("test_time_s", t + " is earlier than the reading before (" + lastTime
                                + ")");
                    }
                    double a = row.number("current_a");
                    double v = row.number("voltage_v");
                    double d = counter && row.optional("discharge_ah") != null ? row.number("discharge_ah")
                            : Double.NaN;
                    lastTime = t;
                    cols.add(cycle, t, a, v, d);
                } catch (RowProblem e) {
                    if (bad++ < PROBLEMS_SHOWN) {
                        problems.accept(e.getMessage() + "; line skipped");
                    }
                }
            }
            if (bad > PROBLEMS_SHOWN) {
                problems.accept(series + ": " + (bad - PROBLEMS_SHOWN) + " more bad lines skipped");
            }
        }
        return cols.cell(cell, labels);
    }

    static Map<Integer, CapacityLabel> readLabels(Path file, Consumer<String> problems) throws IOException {
        Map<Integer, CapacityLabel> labels = new TreeMap<>();
        try (CsvTable table = open(file)) {
            required(table, "cycle", "discharge_capacity_ah");
            boolean window = table.column("discharge_start_s") >= 0;
            boolean windowEnd = table.column("discharge_end_s") >= 0;
            for (CsvRow row = next(table); row != null; row = next(table)) {
                try {
                    int cycle = (int) row.whole("cycle");
                    double cap = row.number("discharge_capacity_ah");
                    if (!(cap > 0)) {
                        throw row.problem("discharge_capacity_ah", cap + " is not positive");
                    }
                    double s = window ? row.number("discharge_start_s") : Double.NaN;
                    double e = windowEnd ? row.number("discharge_end_s") : Double.NaN;
                    labels.put(cycle, new CapacityLabel(cycle, cap, s, e));
                } catch (RowProblem e) {
                    problems.accept(e.getMessage() + "; line skipped");
                }
            }
        }
        return labels;
    }

    /** The file through the project's one CSV reader, gunzipped on the way when it ends in .gz. */
    private static CsvTable open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            return CsvTable.of(file.toString(), new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8),
                    1 << 16));
        } catch (IOException | UncheckedIOException e) {
            raw.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The next row; a broken framing (an unclosed quote) ends the file with its place and reason. */
    private static CsvRow next(CsvTable table) throws IOException {
        try {
            return table.next();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void required(CsvTable table, String... columns) {
        for (String column : columns) {
            if (table.column(column) < 0) {
                throw new IllegalArgumentException(table.name() + ":1: no column '" + column + "' (columns: "
                        + String.join(", ", table.header()) + ")");
            }
        }
    }

    /** Growing primitive columns. */
    private static final class Columns {
        private int n;
        private int[] cycle = new int[1 << 16];
        private double[] time = new double[1 << 16];
        private double[] amps = new double[1 << 16];
        private double[] volts = new double[1 << 16];
        private double[] dis = new double[1 << 16];

        void add(int c, double t, double a, double v, double d) {
            if (n == time.length) {
                int size = n * 2;
                cycle = Arrays.copyOf(cycle, size);
                time = Arrays.copyOf(time, size);
                amps = Arrays.copyOf(amps, size);
                volts = Arrays.copyOf(volts, size);
                dis = Arrays.copyOf(dis, size);
            }
            cycle[n] = c;
            time[n] = t;
            amps[n] = a;
            volts[n] = v;
            dis[n] = d;
            n++;
        }

        AgingCell cell(String name, Map<Integer, CapacityLabel> labels) {
            return new AgingCell(name, Arrays.copyOf(time, n), Arrays.copyOf(cycle, n), Arrays.copyOf(amps, n),
                    Arrays.copyOf(volts, n), Arrays.copyOf(dis, n), new HashMap<>(labels));
        }
    }
}
