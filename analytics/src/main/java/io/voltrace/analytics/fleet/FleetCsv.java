package io.voltrace.analytics.fleet;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.rul.SohHistory;
import io.voltrace.analytics.rul.SohPoint;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.analytics.table.CsvRow;
import io.voltrace.analytics.table.CsvTable;
import io.voltrace.analytics.table.RowProblem;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a fleet from two CSV files ({@link CsvTable}: first line the header, RFC 4180 quotes):
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
        for (CsvRow r : rows(packsFile, PACK_COLUMNS)) {
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
        for (CsvRow r : rows(historyFile, HISTORY_COLUMNS)) {
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

    /** Every row of one CSV file; a missing column or an unreadable file fails it (line 1). */
    private static List<CsvRow> rows(Path file, List<String> required) {
        try (CsvTable table = CsvTable.open(file)) {
            return table.require(required).rows();
        }
    }
}
