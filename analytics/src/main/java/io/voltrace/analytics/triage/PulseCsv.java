package io.voltrace.analytics.triage;

import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import io.voltrace.analytics.table.RowProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads pulse tests: columns {@code ID}, {@code Qn} (Ah), {@code SOC} (percent of nominal capacity), {@code U1}…{@code
 * U21} (volts), and for calibration {@code SOH} as a fraction of nominal capacity. Other columns ({@code Mat},
 * {@code Q}, {@code Pt}, …) are ignored; {@code Mat}, when present, names the chemistry in the model. A bad row is
 * skipped and named (file:line: column: reason); a missing column fails the file.
 */
public final class PulseCsv {
    static final List<String> VOLTAGE_COLUMNS =
            IntStream.rangeClosed(1, PulseTest.VOLTAGES).mapToObj(k -> "U" + k).toList();

    private PulseCsv() {
    }

    /** What a file held: its tests, the rows skipped with their reasons, and the material column's value if any. */
    public record Table(List<PulseTest> tests, List<String> problems, String material) {
    }

    public static Table read(Path file, boolean labeled) {
        try (CsvTable table = CsvTable.open(file)) {
            return read(table, labeled);
        }
    }

    public static Table read(CsvTable table, boolean labeled) {
        List<String> required = new ArrayList<>(List.of("ID", "Qn", "SOC"));
        required.addAll(VOLTAGE_COLUMNS);
        if (labeled) {
            required.add("SOH");
        }
        table.require(required);
        List<PulseTest> tests = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String material = null;
        for (CsvRow r = table.next(); r != null; r = table.next()) {
            try {
                double[] u = new double[PulseTest.VOLTAGES];
                for (int k = 0; k < u.length; k++) {
                    u[k] = r.number(VOLTAGE_COLUMNS.get(k));
                }
                double qn = r.number("Qn");
                if (!(qn > 0)) {
                    throw r.problem("Qn", "nominal capacity must be positive, not " + qn);
                }
                double soc = r.number("SOC");
                if (soc < 0 || soc > 100) {
                    throw r.problem("SOC", soc + " is not a percentage (0-100)");
                }
                double soh = Double.NaN;
                if (labeled) {
                    double fraction = r.number("SOH");
                    if (!(fraction > 0 && fraction < 2)) {
                        throw r.problem("SOH", fraction + " is not a fraction of nominal capacity (e.g. 0.85)");
                    }
                    soh = fraction * 100;
                }
                if (material == null) {
                    material = r.optional("Mat");
                }
                tests.add(new PulseTest(r.text("ID"), r.where(), qn, soc, u, soh));
            } catch (RowProblem e) {
                problems.add(e.getMessage());
            }
        }
        return new Table(tests, problems, material);
    }
}
