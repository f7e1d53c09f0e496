package io.voltrace.analytics.intake;

import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import io.voltrace.analytics.table.RowProblem;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a test bench's CSV export (optionally gzip-compressed) into {@link CyclerRow}s. Columns are found by name,
 * compared without case, units or punctuation:
 * <ul>
 *   <li>time: Arbin {@code Test_Time(s)}, {@code test_time_s}, NASA {@code Time} / {@code discharge_time}, generic
 *       {@code time_s};</li>
 *   <li>current (A, charge positive): {@code Current(A)}, {@code current_a}, {@code Current_measured},
 *       {@code current};</li>
 *   <li>voltage (V): {@code Voltage(V)}, {@code voltage_v}, {@code Voltage_measured}, {@code voltage};</li>
 *   <li>optional: step {@code Step_Index} / {@code step}; the bench's discharge counters
 *       {@code Discharge_Capacity(Ah)} / {@code discharge_ah} and {@code Discharge_Energy(Wh)} /
 *       {@code discharge_wh}.</li>
 * </ul>
 * This is also the documented generic layout: {@code time_s,current_a,voltage_v[,step][,discharge_ah][,discharge_wh]}.
 * A bad row is skipped and named (file:line: column: reason); a missing column fails the file.
 */
public final class CyclerFile {
    private static final List<String> TIME = List.of("testtime", "testtimes", "times", "time", "dischargetime");
    private static final List<String> CURRENT = List.of("current", "currenta", "currentmeasured");
    private static final List<String> VOLTAGE = List.of("voltage", "voltagev", "voltagemeasured");
    private static final List<String> STEP = List.of("stepindex", "step");
    private static final List<String> DISCHARGE_AH = List.of("dischargecapacity", "dischargecapacityah",
            "dischargeah");
    private static final List<String> DISCHARGE_WH = List.of("dischargeenergy", "dischargeenergywh", "dischargewh");

    /** What a file held. */
    public record Read(List<CyclerRow> rows, List<String> problems, boolean benchCounters) {
    }

    private CyclerFile() {
    }

    public static Read read(Path file) {
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                try (CsvTable t = CsvTable.of(file.getFileName().toString(), new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                    return read(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (CsvTable t = CsvTable.open(file)) {
            return read(t);
        }
    }

    public static Read read(CsvTable table) {
        String time = find(table, TIME, "time", true);
        String current = find(table, CURRENT, "current", true);
        String voltage = find(table, VOLTAGE, "voltage", true);
        String step = find(table, STEP, "step", false);
        String ah = find(table, DISCHARGE_AH, "discharge counter", false);
        String wh = find(table, DISCHARGE_WH, "discharge energy counter", false);
        List<CyclerRow> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double last = Double.NEGATIVE_INFINITY;
        for (CsvRow r = table.next(); r != null; r = table.next()) {
            try {
                double t = r.number(time);
                if (t < last) {
                    throw r.problem(time, "time runs backwards (" + t + " after " + last + "): one test per file");
                }
                last = t;
                rows.add(new CyclerRow(t, r.number(current), r.number(voltage),
                        step == null ? -1 : (int) r.whole(step),
                        ah == null ? Double.NaN : r.number(ah), wh == null ? Double.NaN : r.number(wh)));
            } catch (RowProblem e) {
                problems.add(e.getMessage());
            }
        }
        return new Read(rows, problems, ah != null);
    }

    private static String find(CsvTable table, List<String> aliases, String what, boolean required) {
        for (String alias : aliases) {
            for (String name : table.header()) {
                if (normalize(name).equals(alias)) {
                    return name;
                }
            }
        }
        if (required) {
            throw new CsvTable.CsvFormatException(table.name() + ":1: no " + what + " column among "
                    + String.join(", ", table.header()) + " (see docs/intake.md for the layouts read)");
        }
        return null;
    }

    /** "Test_Time(s)" → "testtime", "current_a" → "currenta". */
    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("\\([^)]*\\)|\\[[^]]*]", "").replaceAll("[^a-z0-9]", "");
    }
}
