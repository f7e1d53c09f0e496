package io.voltrace.analytics.fleet;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.rul.SohHistory;
import io.voltrace.analytics.rul.SohPoint;
import io.voltrace.common.chemistry.Chemistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a fleet from two CSV files (comma-separated, first line the header, RFC 4180 quotes):
 * <ul>
 *   <li>packs: {@code battery,model,chemistry,nominalAh,cellsSeries,commissioned,climate} and optionally
 *       {@code grade} (one of {@link Grade}, blank when not graded);</li>
 *   <li>history: {@code battery,date,sohPercent,equivalentCycles} and optionally
 *       {@code resistanceIncreasePercent} (blank when not measured); date as 2026-03-01 or an ISO instant.</li>
 * </ul>
 * A bad row is skipped and named (file:line: field: reason); the rest is read. A missing column fails the file.
 */
public final class FleetCsv {
    private static final Logger LOG = LoggerFactory.getLogger(FleetCsv.class);
    private static final List<String> PACK_COLUMNS =
            List.of("battery", "model", "chemistry", "nominalAh", "cellsSeries", "commissioned", "climate");
    private static final List<String> HISTORY_COLUMNS = List.of("battery", "date", "sohPercent", "equivalentCycles");

    private FleetCsv() {
    }

    public static FleetInput read(Path packsFile, Path historyFile) {
        List<String> problems = new ArrayList<>();
        Map<String, PackProfile> profiles = new LinkedHashMap<>();
        Map<String, Grade> grades = new HashMap<>();
        Rows packs = Rows.read(packsFile, PACK_COLUMNS);
        for (Row r : packs.rows) {
            try {
                PackProfile p = new PackProfile(r.text("battery"), r.text("model"),
                        r.parse("chemistry", v -> Chemistry.valueOf(v.toUpperCase(Locale.ROOT)),
                                "one of NMC, LFP, LCO"),
                        r.number("nominalAh"), (int) r.whole("cellsSeries"),
                        r.parse("commissioned", LocalDate::parse, "a date like 2024-05-31"), r.text("climate"));
                if (profiles.containsKey(p.battery())) {
                    throw r.problem("battery", "listed twice: " + p.battery());
                }
                profiles.put(p.battery(), p);
                String g = r.optional("grade");
                if (g != null) {
                    grades.put(p.battery(), r.parse("grade", v -> Grade.valueOf(v.toUpperCase(Locale.ROOT)),
                            "one of REUSE_A, REUSE_B, REUSE_C, RECOVERY, NEEDS_TEST"));
                }
            } catch (RowProblem e) {
                problems.add(e.getMessage());
            } catch (IllegalArgumentException e) {
                problems.add(r.where() + ": " + e.getMessage());
            }
        }
        Map<String, List<SohPoint>> soh = new HashMap<>();
        Map<String, List<ResistancePoint>> resistance = new HashMap<>();
        Rows history = Rows.read(historyFile, HISTORY_COLUMNS);
        for (Row r : history.rows) {
            try {
                String battery = r.text("battery");
                PackProfile p = profiles.get(battery);
                if (p == null) {
                    throw r.problem("battery", battery + " is not in " + packsFile.getFileName());
                }
                long ts = r.parse("date", FleetCsv::timestamp, "a date like 2026-03-01 or an ISO instant");
                if (ts < bol(p)) {
                    throw r.problem("date", "before the pack was commissioned (" + p.commissioned() + ")");
                }
                SohPoint point = new SohPoint(ts, r.number("sohPercent"), r.number("equivalentCycles"));
                String res = r.optional("resistanceIncreasePercent");
                if (res != null) {
                    resistance.computeIfAbsent(battery, k -> new ArrayList<>())
                            .add(new ResistancePoint(ts, r.number("resistanceIncreasePercent")));
                }
                soh.computeIfAbsent(battery, k -> new ArrayList<>()).add(point);
            } catch (RowProblem e) {
                problems.add(e.getMessage());
            } catch (IllegalArgumentException e) {
                problems.add(r.where() + ": " + e.getMessage());
            }
        }
        List<PackHistory> out = new ArrayList<>();
        for (PackProfile p : profiles.values()) {
            out.add(new PackHistory(p, new SohHistory(p.battery(), bol(p), soh.getOrDefault(p.battery(), List.of())),
                    resistance.getOrDefault(p.battery(), List.of())));
        }
        problems.forEach(msg -> LOG.debug("skipped {}", msg));
        return new FleetInput(out, grades, problems);
    }

    private static long bol(PackProfile p) {
        return p.commissioned().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static long timestamp(String v) {
        if (v.length() == 10) {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        return Instant.parse(v).toEpochMilli();
    }

    /** One CSV file's rows, by header name. */
    private record Rows(List<Row> rows) {
        static Rows read(Path file, List<String> required) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            String name = file.getFileName().toString();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException(name + ":1: empty file, expected a header line");
            }
            List<String> header = split(lines.get(0).replace("\uFEFF", ""), name, 1);
            List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(name + ":1: missing column" + (missing.size() == 1 ? "" : "s")
                        + " " + String.join(", ", missing) + " (header: " + String.join(",", header) + ")");
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.put(header.get(i), i);
            }
            List<Row> rows = new ArrayList<>();
            for (int n = 1; n < lines.size(); n++) {
                if (!lines.get(n).isBlank()) {
                    rows.add(new Row(name, n + 1, lines.get(n), index));
                }
            }
            return new Rows(rows);
        }
    }

    private static final class Row {
        private final String file;
        private final int line;
        private final Map<String, Integer> index;
        private final List<String> cells;
        private final RowProblem broken;

        Row(String file, int line, String text, Map<String, Integer> index) {
            this.file = file;
            this.line = line;
            this.index = index;
            List<String> parsed;
            RowProblem problem = null;
            try {
                parsed = split(text, file, line);
            } catch (IllegalArgumentException e) {
                parsed = List.of();
                problem = new RowProblem(e.getMessage());
            }
            this.cells = parsed;
            this.broken = problem;
        }

        String where() {
            return file + ":" + line;
        }

        RowProblem problem(String column, String reason) {
            return new RowProblem(where() + ": " + column + ": " + reason);
        }

        String optional(String column) {
            if (broken != null) {
                throw broken;
            }
            Integer i = index.get(column);
            if (i == null || i >= cells.size() || cells.get(i).isBlank()) {
                return null;
            }
            return cells.get(i).trim();
        }

        String text(String column) {
            String v = optional(column);
            if (v == null) {
                throw problem(column, "missing");
            }
            return v;
        }

        double number(String column) {
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

        long whole(String column) {
            double d = number(column);
            if (d != Math.rint(d)) {
                throw problem(column, "not a whole number: " + d);
            }
            return (long) d;
        }

        <T> T parse(String column, java.util.function.Function<String, T> parser, String expected) {
            String v = text(column);
            try {
                return parser.apply(v);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw problem(column, "'" + v + "' is not " + expected);
            }
        }
    }

    /** A bad row: skipped, named, the rest goes on. */
    private static final class RowProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RowProblem(String message) {
            super(message, null, false, false);
        }
    }

    /** RFC 4180 fields of one line; quotes may wrap commas and carry "" for a quote. */
    static List<String> split(String line, String file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": unclosed quote");
        }
        out.add(cell.toString());
        return out;
    }
}
