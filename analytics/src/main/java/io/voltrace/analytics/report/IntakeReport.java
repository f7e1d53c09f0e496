package io.voltrace.analytics.report;

import io.voltrace.analytics.intake.CyclerRow;
import io.voltrace.analytics.intake.IntakeResult;
import io.voltrace.analytics.report.Charts.Series;
import io.voltrace.analytics.report.Charts.Style;
import io.voltrace.analytics.report.Charts.XAxis;
import java.util.List;
import java.util.Locale;

/** The intake test's offline HTML page: figures, how they were reached, the test's voltage and capacity plots. */
public final class IntakeReport {
    /** Plots keep at most this many points per series: the page stays small for week-long files. */
    private static final int MAX_POINTS = 2000;

    private IntakeReport() {
    }

    public static String html(IntakeResult r, List<CyclerRow> rows) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Intake test · ").append(Html.escape(r.code())).append("</h1>\n<p class=\"muted\">")
                .append(Html.escape(r.source())).append(" · ").append(r.rows()).append(" readings");
        if (r.skippedRows() > 0) {
            b.append(", ").append(r.skippedRows()).append(" skipped");
        }
        b.append("</p>\n<table>\n");
        row(b, "residual capacity", Html.num(r.residualAh(), 4) + " Ah");
        row(b, "residual energy", Html.num(r.residualWh(), 3) + " Wh");
        row(b, "state of health", Html.num(r.sohPercent(), 1) + " % of " + Html.num(r.procedure().nominalAh(), 3)
                + " Ah");
        row(b, "procedure", String.format(Locale.ROOT, "cutoff %.2f V, charge end %.2f V, resistance %.0f s after "
                + "the step", r.procedure().cutoffVolts(), r.procedure().chargeEndVolts(), r.procedure().pulseSeconds()));
        b.append("</table>\n<ul>\n");
        for (String reason : r.reasons()) {
            b.append("<li>").append(Html.escape(reason)).append("</li>\n");
        }
        b.append("</ul>\n<div class=\"charts\">\n").append(voltage(rows));
        if (!r.discharges().isEmpty()) {
            b.append(capacity(r));
        }
        b.append("</div>\n");
        if (!r.resistances().isEmpty()) {
            b.append("<h2>DC resistance</h2>\n<table><tr><th>time s</th><th>SOC %</th><th>rest V</th><th>current A</th>"
                    + "<th>after s</th><th>mΩ</th></tr>\n");
            for (IntakeResult.Resistance x : r.resistances().subList(0, Math.min(200, r.resistances().size()))) {
                b.append("<tr>").append(num(x.atSeconds(), 0)).append(num(x.socPercent(), 1))
                        .append(num(x.restVolts(), 4)).append(num(x.amps(), 3)).append(num(x.afterSeconds(), 1))
                        .append(num(1000 * x.ohms(), 2)).append("</tr>\n");
            }
            b.append("</table>\n");
        }
        if (!r.rests().isEmpty()) {
            b.append("<h2>Rests: OCV and drift</h2>\n<table><tr><th>start s</th><th>hours</th><th>SOC %</th>"
                    + "<th>OCV V</th><th>drift mV/h</th></tr>\n");
            for (IntakeResult.RestOcv x : r.rests().subList(0, Math.min(200, r.rests().size()))) {
                b.append("<tr>").append(num(x.startSeconds(), 0)).append(num(x.hours(), 2))
                        .append(num(x.socPercent(), 1)).append(num(x.ocvVolts(), 4))
                        .append(num(x.driftMvPerHour(), 2)).append("</tr>\n");
            }
            b.append("</table>\n");
        }
        return Html.page(r.code() + " · voltrace intake test", b.toString());
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<tr><th>").append(Html.escape(name)).append("</th><td>").append(Html.escape(value))
                .append("</td></tr>\n");
    }

    private static String num(double v, int decimals) {
        return "<td class=\"num\">" + Html.num(v, decimals) + "</td>";
    }

    private static String voltage(List<CyclerRow> rows) {
        int step = Math.max(1, rows.size() / MAX_POINTS);
        int n = (rows.size() + step - 1) / step;
        double[] x = new double[n];
        double[] v = new double[n];
        for (int i = 0, k = 0; i < rows.size() && k < n; i += step, k++) {
            x[k] = rows.get(i).seconds() / 3600;
            v[k] = rows.get(i).volts();
        }
        return Charts.line("Voltage", "test time h", "V", XAxis.NUMBER,
                List.of(new Series("voltage", x, v, Style.LINE)), List.of());
    }

    private static String capacity(IntakeResult r) {
        List<IntakeResult.Discharge> d = r.discharges();
        double[] x = new double[d.size()];
        double[] y = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            x[i] = i + 1;
            y[i] = d.get(i).capacityAh();
        }
        return Charts.line("Residual-capacity discharges", "discharge", "Ah", XAxis.NUMBER,
                List.of(new Series("capacity", x, y, Style.POINTS)),
                List.of(new Charts.Guide(r.procedure().nominalAh(), "nominal")));
    }
}
