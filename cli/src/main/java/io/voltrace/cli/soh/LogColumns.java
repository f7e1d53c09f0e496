package io.voltrace.cli.soh;

import io.voltrace.analytics.soh.SocReading;
import io.voltrace.evidence.Point;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A pack log's sparse columns beside the readings {@link CycleCsv} gives: the BMS's SOC (percent) and the highest
 * cell voltage (volts, per cell). Either may be empty on most rows; rows are matched to readings by their time.
 * Read as a second pass so that {@code CycleCsv} stays as it is.
 *
 * @param soc     the BMS's SOC where the log has it, in time order
 * @param cellMax highest cell voltage by reading time (milliseconds)
 */
record LogColumns(List<SocReading> soc, Map<Long, Double> cellMax) {

    /**
     * Reads {@code socColumn} and {@code cellMaxColumn} (either may be null) with {@code timeColumn} as
     * {@link CycleCsv} resolved it. A value that is not a number is reported with file and line and skipped.
     */
    static LogColumns read(Path file, String timeColumn, String socColumn, String cellMaxColumn,
                           Consumer<String> problems) throws IOException {
        List<SocReading> soc = new ArrayList<>();
        Map<Long, Double> max = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            while (header != null && header.isBlank()) {
                header = in.readLine();
            }
            if (header == null) {
                throw new CycleCsv.CsvFormatException(file + ": empty file, no header line");
            }
            header = header.replace("\uFEFF", "");
            String sep = header.contains("\t") ? "\t" : header.contains(";") && !header.contains(",") ? ";" : ",";
            List<String> names = Arrays.stream(header.split(sep, -1)).map(String::strip).toList();
            int it = index(file, names, timeColumn, "--time-col");
            int is = socColumn == null ? -1 : index(file, names, socColumn, "--soc-col");
            int im = cellMaxColumn == null ? -1 : index(file, names, cellMaxColumn, "--cell-max-col");
            String line;
            int lineNo = 1;
            int bad = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] f = line.split(sep, -1);
                if (line.isBlank() || it >= f.length) {
                    continue;
                }
                Long t = millis(f[it].strip());
                if (t == null) {
                    continue; // CycleCsv reports the bad time
                }
                try {
                    if (is >= 0 && is < f.length && !f[is].isBlank()) {
                        double v = Double.parseDouble(f[is].strip());
                        if (!(v >= 0 && v <= 100)) {
                            throw new IllegalArgumentException("column '" + names.get(is) + "': " + v
                                    + " is not a SOC in percent (0–100)");
                        }
                        soc.add(new SocReading(t, v));
                    }
                    if (im >= 0 && im < f.length && !f[im].isBlank()) {
                        double v = Double.parseDouble(f[im].strip());
                        if (!(v > 0 && v < 10)) {
                            throw new IllegalArgumentException("column '" + names.get(im) + "': " + v
                                    + " V is not one cell's voltage");
                        }
                        max.put(t, v);
                    }
                } catch (NumberFormatException e) {
                    if (bad++ < 20) {
                        problems.accept(file + ":" + lineNo + ": " + e.getMessage() + " is not a number; value "
                                + "skipped");
                    }
                } catch (IllegalArgumentException e) {
                    if (bad++ < 20) {
                        problems.accept(file + ":" + lineNo + ": " + e.getMessage() + "; value skipped");
                    }
                }
            }
        }
        soc.sort((a, b) -> Long.compare(a.timeMillis(), b.timeMillis()));
        return new LogColumns(soc, max);
    }

    /**
     * The readings with the highest cell's voltage as their voltage, linearly between the rows that have it; the
     * readings before the first such row and after the last are left out. Empty when the column is empty.
     */
    List<Point> weakestCell(List<Point> readings) {
        List<Point> out = new ArrayList<>();
        long prevT = Long.MIN_VALUE;
        double prevV = Double.NaN;
        int next = 0;
        long[] times = cellMax.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (Point p : readings) {
            while (next < times.length && times[next] < p.timeMillis()) {
                prevT = times[next];
                prevV = cellMax.get(times[next]);
                next++;
            }
            double v;
            if (next < times.length && times[next] == p.timeMillis()) {
                v = cellMax.get(times[next]);
            } else if (next < times.length && prevT != Long.MIN_VALUE) {
                double after = cellMax.get(times[next]);
                v = prevV + (after - prevV) * (p.timeMillis() - prevT) / (double) (times[next] - prevT);
            } else {
                continue;
            }
            out.add(new Point(p.timeMillis(), p.current(), v, p.tempMinC(), p.tempMaxC(), Double.NaN, v,
                    p.ahCharged(), p.ahDischarged()));
        }
        return out;
    }

    private static int index(Path file, List<String> names, String wanted, String option) {
        String key = normalize(wanted);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(wanted) || normalize(names.get(i)).equals(key)) {
                return i;
            }
        }
        throw new CycleCsv.CsvFormatException(file + ":1: no column '" + wanted + "' for " + option + " (columns: "
                + String.join(", ", names) + ")");
    }

    /** "Cell Max (V)" → "cellmax", as CycleCsv compares names. */
    private static String normalize(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("\\([^)]*\\)|\\[[^]]*]", "");
        return s.replaceAll("[^a-z0-9]", "");
    }

    /** As CycleCsv reads time: seconds, or ISO-8601 with or without zone (UTC). Null when neither. */
    private static Long millis(String text) {
        try {
            return Math.round(Double.parseDouble(text) * 1000);
        } catch (NumberFormatException notSeconds) {
            String iso = text.replace(' ', 'T');
            try {
                return Instant.parse(iso).toEpochMilli();
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
    }
}
