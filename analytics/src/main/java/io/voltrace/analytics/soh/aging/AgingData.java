package io.voltrace.analytics.soh.aging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * <p>A line that does not parse is reported with its file and line number and skipped; the rest is read. A reading
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
        try (BufferedReader in = open(series)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(series + ": empty file, no header line");
            }
            List<String> names = Arrays.asList(header.replace("\uFEFF", "").split(",", -1));
            int ic = required(series, names, "cycle");
            int it = required(series, names, "test_time_s");
            int ii = required(series, names, "current_a");
            int iv = required(series, names, "voltage_v");
            int id = names.indexOf("discharge_ah");
            String line;
            int lineNo = 1;
            int bad = 0;
            double lastTime = Double.NEGATIVE_INFINITY;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                try {
                    int cycle = (int) number(f, ic, names);
                    double t = number(f, it, names);
                    if (t < lastTime) {
                        throw new IllegalArgumentException("test_time_s " + t + " is earlier than the reading before ("
                                + lastTime + ")");
                    }
                    double a = number(f, ii, names);
                    double v = number(f, iv, names);
                    double d = id < 0 || id >= f.length || f[id].isEmpty() ? Double.NaN : number(f, id, names);
                    lastTime = t;
                    cols.add(cycle, t, a, v, d);
                } catch (IllegalArgumentException e) {
                    if (bad++ < PROBLEMS_SHOWN) {
                        problems.accept(series + ":" + lineNo + ": " + e.getMessage() + "; line skipped");
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
        try (BufferedReader in = open(file)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file, no header line");
            }
            List<String> names = Arrays.asList(header.replace("\uFEFF", "").split(",", -1));
            int ic = required(file, names, "cycle");
            int ik = required(file, names, "discharge_capacity_ah");
            int is = names.indexOf("discharge_start_s");
            int ie = names.indexOf("discharge_end_s");
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                try {
                    int cycle = (int) number(f, ic, names);
                    double cap = number(f, ik, names);
                    if (!(cap > 0)) {
                        throw new IllegalArgumentException("discharge_capacity_ah " + cap + " is not positive");
                    }
                    double s = is < 0 ? Double.NaN : number(f, is, names);
                    double e = ie < 0 ? Double.NaN : number(f, ie, names);
                    labels.put(cycle, new CapacityLabel(cycle, cap, s, e));
                } catch (IllegalArgumentException e) {
                    problems.accept(file + ":" + lineNo + ": " + e.getMessage() + "; line skipped");
                }
            }
        }
        return labels;
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static int required(Path file, List<String> names, String column) {
        int i = names.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(file + ":1: no column '" + column + "' (columns: "
                    + String.join(", ", names) + ")");
        }
        return i;
    }

    private static double number(String[] fields, int i, List<String> names) {
        if (i >= fields.length) {
            throw new IllegalArgumentException("column '" + names.get(i) + "' missing");
        }
        try {
            double v = Double.parseDouble(fields[i]);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "column '%s': '%s' is not a number",
                    names.get(i), fields[i]));
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
