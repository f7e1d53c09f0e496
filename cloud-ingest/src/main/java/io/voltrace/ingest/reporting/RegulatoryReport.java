package io.voltrace.ingest.reporting;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reportable events of one period, as exported. JSON: {@link #toJson()}; CSV: {@link #toCsv()} (RFC 4180, a
 * header line, one row per item, UTF-8). Field meanings are in docs/lifecycle.md.
 *
 * @param from        period start, inclusive (event time)
 * @param to          period end, exclusive
 * @param zone        the zone due dates are counted in
 * @param generatedAt when the export was made; statuses are as of then
 * @param items       ordered by event time, battery, sequence
 */
public record RegulatoryReport(Instant from, Instant to, ZoneId zone, Instant generatedAt, List<ReportItem> items) {
    public static final String FORMAT = "voltrace-regulatory-report/1";
    static final List<String> CSV_COLUMNS = List.of("battery", "seq", "eventType", "occurredAt", "actorOrg",
            "custodianOrg", "rule", "dueDate", "submittedAt", "reference", "status", "hash");

    public long overdue() {
        return items.stream().filter(i -> i.status() == ReportStatus.OVERDUE).count();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("zone", zone.getId());
        m.put("generatedAt", generatedAt.toString());
        m.put("workingDays", "Monday-Friday; public holidays not modelled");
        m.put("count", items.size());
        m.put("overdue", overdue());
        m.put("items", items.stream().map(RegulatoryReport::item).toList());
        return m;
    }

    private static Map<String, Object> item(ReportItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> values = row(i);
        for (int k = 0; k < CSV_COLUMNS.size(); k++) {
            m.put(CSV_COLUMNS.get(k), k == 1 ? (Object) i.seq() : values.get(k));
        }
        return m;
    }

    private static List<String> row(ReportItem i) {
        return java.util.Arrays.asList(i.battery(), Long.toString(i.seq()), i.eventType().wireName(),
                i.occurredAt().toString(), i.actorOrg(), i.custodianOrg(), i.rule(), i.dueDate().toString(),
                i.submittedAt() == null ? null : i.submittedAt().toString(), i.reference(),
                i.status().name().toLowerCase(java.util.Locale.ROOT), i.hash());
    }

    public String toCsv() {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (ReportItem i : items) {
            List<String> values = row(i);
            for (int k = 0; k < values.size(); k++) {
                if (k > 0) {
                    b.append(',');
                }
                b.append(csv(values.get(k)));
            }
            b.append("\r\n");
        }
        return b.toString();
    }

    private static String csv(String v) {
        if (v == null) {
            return "";
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
