package io.voltrace.analytics.report;

import io.voltrace.analytics.fleet.FleetTables;
import io.voltrace.analytics.fleet.PackAssessment;
import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.recovery.MetalsKg;
import io.voltrace.analytics.report.Charts.Series;
import io.voltrace.analytics.report.Charts.Style;
import io.voltrace.analytics.report.Charts.XAxis;
import io.voltrace.common.chemistry.Chemistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A fleet's report as a self-contained HTML page: SOH distribution by model, chemistry, age and climate, grades,
 * remaining life and recoverable metals, with a row per pack linking to its own report.
 */
public final class FleetReport {
    private FleetReport() {
    }

    /**
     * @param title    page title
     * @param packs    the assessed fleet
     * @param asOf     date the report speaks for
     * @param packLink relative link to a pack's report by battery code, or null for no links
     */
    public static String html(String title, List<PackAssessment> packs, LocalDate asOf,
                              Function<String, String> packLink) {
        Table table = FleetTables.packs(packs, asOf);
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"muted\">fleet report as of ")
                .append(asOf).append("</p>\n");
        summary(b, packs, table);

        b.append("<h2>Distribution</h2>\n<div class=\"charts\">\n");
        Table hist = FleetTables.sohHistogram(table, 50, 2.5);
        b.append(Charts.histogram("SOH distribution", "SOH % (last reading)",
                hist.doubleColumn("binLowPercent").asDoubleArray(), hist.doubleColumn("binHighPercent").asDoubleArray(),
                hist.intColumn("packs").asIntArray())).append('\n');
        Table grades = FleetTables.gradeCounts(table);
        b.append(Charts.bars("Packs per grade", "packs", grades.stringColumn(FleetTables.GRADE).asList(),
                grades.intColumn("packs").asDoubleColumn().asDoubleArray(), 0)).append('\n');
        Table byModel = FleetTables.sohBy(table, FleetTables.MODEL);
        b.append(Charts.bars("Mean SOH by model", "SOH %", byModel.stringColumn(FleetTables.MODEL).asList(),
                byModel.doubleColumn("meanSohPercent").asDoubleArray(), 1)).append('\n');
        b.append(sohByAge(table)).append('\n');
        b.append("</div>\n");

        for (String by : List.of(FleetTables.MODEL, FleetTables.CHEMISTRY, FleetTables.AGE_BAND,
                FleetTables.CLIMATE)) {
            b.append("<h2>SOH by ").append(label(by)).append("</h2>\n").append(table(FleetTables.sohBy(table, by)));
        }
        b.append("<h2>Grades</h2>\n").append(table(grades));
        packsTable(b, table, packLink);
        return Html.page(title, b.toString());
    }

    private static void summary(StringBuilder b, List<PackAssessment> packs, Table table) {
        DoubleColumn soh = table.doubleColumn(FleetTables.SOH).removeMissing();
        DoubleColumn to80 = table.doubleColumn("daysTo80");
        long within1y = to80.asList().stream().filter(v -> v != null && !Double.isNaN(v) && v <= 365).count();
        double li = 0;
        double ni = 0;
        double co = 0;
        double mn = 0;
        int recovery = 0;
        for (PackAssessment a : packs) {
            if (a.grade() == Grade.RECOVERY && a.recovery() != null) {
                MetalsKg kg = a.recovery().recoverableKg();
                li += kg.lithiumKg();
                ni += kg.nickelKg();
                co += kg.cobaltKg();
                mn += kg.manganeseKg();
                recovery++;
            }
        }
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("packs", String.valueOf(packs.size()));
        rows.put("with an SOH reading", String.valueOf(soh.size()));
        rows.put("mean / median SOH", soh.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f %% / %.1f %%",
                soh.mean(), soh.median()));
        rows.put("below 80 % SOH", String.valueOf(soh.isLessThan(80).size()));
        rows.put("reaching 80 % within a year (central estimate)", String.valueOf(within1y));
        rows.put("graded", String.valueOf(packs.stream().filter(a -> a.grade() != null).count()));
        rows.put("recoverable from " + recovery + " packs graded RECOVERY", String.format(Locale.ROOT,
                "Li %.0f kg (Li₂CO₃ eq. %.0f kg), Ni %.0f kg, Co %.0f kg, Mn %.0f kg", li, li * MetalsKg.LCE_PER_LITHIUM,
                ni, co, mn));
        b.append("<table>\n");
        rows.forEach((k, v) -> b.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v))
                .append("</td></tr>\n"));
        b.append("</table>\n");
    }

    private static String sohByAge(Table table) {
        List<Series> series = new ArrayList<>();
        for (Chemistry c : Chemistry.values()) {
            Table part = table.where(table.stringColumn(FleetTables.CHEMISTRY).isEqualTo(c.name()));
            if (part.rowCount() > 0) {
                series.add(new Series(c.name(), part.doubleColumn("ageYears").asDoubleArray(),
                        part.doubleColumn(FleetTables.SOH).asDoubleArray(), Style.POINTS));
            }
        }
        return Charts.line("SOH by age", "age, years", "SOH %", XAxis.NUMBER, series,
                List.of(new Charts.Guide(80, "80 %"), new Charts.Guide(60, "60 %")));
    }

    private static void packsTable(StringBuilder b, Table table, Function<String, String> packLink) {
        b.append("<h2>Packs</h2>\n<table>\n<tr><th>battery</th><th>model</th><th>chemistry</th><th>age y</th>"
                + "<th>climate</th><th>SOH %</th><th>cycles</th><th>R +%</th><th>grade</th><th>days to 80 %</th>"
                + "<th>days to 60 %</th><th>Li kg</th><th>Ni kg</th><th>Co kg</th><th>Mn kg</th></tr>\n");
        Table sorted = table.sortAscendingOn(FleetTables.SOH);
        for (Row r : sorted) {
            String code = r.getString(FleetTables.BATTERY);
            String cell = packLink == null ? Html.escape(code)
                    : "<a href=\"" + Html.escape(packLink.apply(code)) + "\">" + Html.escape(code) + "</a>";
            String grade = r.getString(FleetTables.GRADE);
            b.append("<tr><td>").append(cell).append("</td><td>").append(Html.escape(r.getString("model")))
                    .append("</td><td>").append(r.getString("chemistry")).append("</td>")
                    .append(numCell(r, "ageYears", 1)).append("<td>").append(Html.escape(r.getString("climate")))
                    .append("</td>").append(numCell(r, FleetTables.SOH, 1)).append(numCell(r, "equivalentCycles", 0))
                    .append(numCell(r, "resistanceIncreasePercent", 0)).append("<td><span class=\"grade ")
                    .append(Html.escape(grade)).append("\">").append(Html.escape(grade)).append("</span></td>");
            b.append("<td class=\"num\">").append(Html.num(value(r, "daysTo80"), 0));
            if (value(r, "daysTo80Low") != null) {
                b.append(" <span class=\"muted\">(").append(Html.num(value(r, "daysTo80Low"), 0)).append("–")
                        .append(value(r, "daysTo80High") == null ? "open" : Html.num(value(r, "daysTo80High"), 0))
                        .append(")</span>");
            }
            b.append("</td>").append(numCell(r, "daysTo60", 0)).append(numCell(r, "recoverableLiKg", 1))
                    .append(numCell(r, "recoverableNiKg", 1)).append(numCell(r, "recoverableCoKg", 1))
                    .append(numCell(r, "recoverableMnKg", 1)).append("</tr>\n");
        }
        b.append("</table>\n");
    }

    /** A Tablesaw table as HTML; missing numbers show as a dash. */
    static String table(Table t) {
        StringBuilder b = new StringBuilder("<table>\n<tr>");
        for (Column<?> c : t.columns()) {
            b.append("<th>").append(Html.escape(c.name())).append("</th>");
        }
        b.append("</tr>\n");
        for (int i = 0; i < t.rowCount(); i++) {
            b.append("<tr>");
            for (Column<?> c : t.columns()) {
                Object v = c.get(i);
                if (v instanceof Double d) {
                    b.append("<td class=\"num\">").append(Html.num(d, 2)).append("</td>");
                } else if (v instanceof Number n) {
                    b.append("<td class=\"num\">").append(n).append("</td>");
                } else {
                    b.append("<td>").append(Html.escape(v == null ? "" : v.toString())).append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String numCell(Row r, String column, int decimals) {
        return "<td class=\"num\">" + Html.num(value(r, column), decimals) + "</td>";
    }

    private static Double value(Row r, String column) {
        double v = r.getDouble(column);
        return Double.isNaN(v) ? null : v;
    }

    private static String label(String column) {
        return switch (column) {
            case FleetTables.AGE_BAND -> "age";
            default -> column;
        };
    }
}
