package io.voltrace.analytics.report;

import io.voltrace.analytics.fleet.PackAssessment;
import io.voltrace.analytics.fleet.PackProfile;
import io.voltrace.analytics.fleet.ResistancePoint;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.passport.Attribute;
import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.analytics.passport.NegativeEvent;
import io.voltrace.analytics.recovery.MetalsKg;
import io.voltrace.analytics.recovery.RecoveryEstimate;
import io.voltrace.analytics.report.Charts.Guide;
import io.voltrace.analytics.report.Charts.Series;
import io.voltrace.analytics.report.Charts.Style;
import io.voltrace.analytics.report.Charts.XAxis;
import io.voltrace.analytics.rul.FadeFit;
import io.voltrace.analytics.rul.LifeProjection;
import io.voltrace.analytics.rul.Remaining;
import io.voltrace.analytics.rul.RemainingLife;
import io.voltrace.analytics.rul.SohPoint;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One battery's report as a self-contained HTML page: grading with its reasons, remaining life, SOH trend, capacity
 * fade and resistance growth charts, recoverable metals and the battery passport condition.
 */
public final class BatteryReport {
    private static final double DAY_MS = 86_400_000.0;

    private BatteryReport() {
    }

    /**
     * @param a         the pack's assessment
     * @param condition its battery passport condition, or null when none was built
     * @param asOf      date the report speaks for
     */
    public static String html(PackAssessment a, BatteryCondition condition, LocalDate asOf) {
        PackProfile p = a.history().profile();
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(p.battery())).append("</h1>\n");
        b.append("<p class=\"muted\">battery report as of ").append(asOf).append("</p>\n");
        Map<String, String> profile = new LinkedHashMap<>();
        profile.put("model", p.model());
        profile.put("chemistry", p.chemistry().name());
        profile.put("nameplate", String.format(Locale.ROOT, "%s Ah, %d cells in series", trim(p.nominalAh()),
                p.cellsSeries()));
        profile.put("commissioned", p.commissioned() + String.format(Locale.ROOT, " (%.1f years)",
                ChronoUnit.DAYS.between(p.commissioned(), asOf) / 365.25));
        profile.put("climate", p.climate());
        keyValues(b, profile);

        grading(b, a);
        life(b, a.life());
        b.append("<h2>Health trends</h2>\n<div class=\"charts\">\n");
        b.append(sohTrend(a)).append('\n').append(capacityFade(a)).append('\n').append(resistance(a)).append('\n');
        b.append("</div>\n");
        recovery(b, a.recovery());
        if (condition != null) {
            passport(b, condition);
        }
        return Html.page(p.battery() + " · voltrace battery report", b.toString());
    }

    private static void grading(StringBuilder b, PackAssessment a) {
        b.append("<h2>Retirement grading</h2>\n");
        if (a.grade() == null) {
            b.append("<p class=\"muted\">not graded</p>\n");
            return;
        }
        b.append("<p><span class=\"grade ").append(a.grade().name()).append("\">").append(a.grade().name())
                .append("</span> ");
        Grading g = a.grading();
        List<String> uses = g != null ? g.uses() : a.grade().uses();
        b.append("suits: ").append(Html.escape(String.join(", ", uses))).append("</p>\n");
        if (g == null) {
            b.append("<p class=\"muted\">grade given with the input; no reasons on record</p>\n");
            return;
        }
        if (!g.safetyFlags().isEmpty()) {
            b.append("<p><b>Safety flags</b></p>\n<ul>\n");
            g.safetyFlags().forEach(f -> b.append("<li>").append(Html.escape(f)).append("</li>\n"));
            b.append("</ul>\n");
        }
        b.append("<p><b>Reasons</b></p>\n<ol>\n");
        g.reasons().forEach(r -> b.append("<li>").append(Html.escape(r)).append("</li>\n"));
        b.append("</ol>\n");
    }

    private static void life(StringBuilder b, RemainingLife life) {
        b.append("<h2>Remaining life</h2>\n");
        b.append(String.format(Locale.ROOT, "<p>from the last SOH reading (%s %%, %s equivalent cycles); intervals "
                + "cover %s %%</p>\n", Html.num(life.lastSohPercent(), 1), Html.num(life.lastEquivalentCycles(), 0),
                Html.num(life.intervalPercent(), 0)));
        for (LifeProjection p : List.of(life.days(), life.cycles())) {
            if (!p.sufficient()) {
                b.append("<p>").append(Html.escape(p.unit())).append(": ").append(Html.escape(p.insufficientReason()))
                        .append("</p>\n");
                continue;
            }
            b.append("<table><tr><th>to SOH</th><th>").append(Html.escape(p.unit()))
                    .append("</th><th>interval</th><th>note</th></tr>\n");
            for (Remaining r : p.remaining()) {
                b.append("<tr><td>").append(Html.num(r.thresholdPercent(), 0)).append(" %</td><td class=\"num\">")
                        .append(Html.num(r.value(), 0)).append("</td><td class=\"num\">")
                        .append(Html.num(r.low(), 0)).append(" – ")
                        .append(r.high() == null ? "open" : Html.num(r.high(), 0)).append("</td><td>")
                        .append(Html.escape(r.note())).append("</td></tr>\n");
            }
            FadeFit f = p.fit();
            b.append(String.format(Locale.ROOT, "</table>\n<p class=\"muted\">%s fade fit over %d readings, residual "
                    + "σ %.2f points, fade now %.3g points per %s</p>\n", f.model().name().toLowerCase(Locale.ROOT),
                    f.points(), f.residualSigmaPercent(), -f.ratePercentPerUnit() * (p.unit().equals("days") ? 365 : 100),
                    p.unit().equals("days") ? "year" : "100 cycles"));
        }
    }

    private static String sohTrend(PackAssessment a) {
        List<SohPoint> points = a.history().soh().points();
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).ts();
            y[i] = points.get(i).sohPercent();
        }
        List<Series> series = new ArrayList<>();
        series.add(new Series("SOH readings", x, y, Style.POINTS));
        LifeProjection days = a.life().days();
        if (days.sufficient() && x.length > 0) {
            // The fit over the history, then on to the farthest threshold reached within ten years.
            double end = x[x.length - 1];
            for (Remaining r : days.remaining()) {
                end = Math.max(end, x[x.length - 1] + Math.min(r.value(), 3650) * DAY_MS);
            }
            int n = 60;
            double[] fx = new double[n];
            double[] fy = new double[n];
            for (int i = 0; i < n; i++) {
                fx[i] = x[0] + (end - x[0]) * i / (n - 1);
                fy[i] = days.fit().sohAt(fx[i]);
            }
            series.add(new Series("fit and projection", fx, fy, Style.DASHED));
        }
        return Charts.line("SOH trend", "date", "SOH %", XAxis.DATE, series,
                List.of(new Guide(80, "80 %"), new Guide(60, "60 %")));
    }

    private static String capacityFade(PackAssessment a) {
        List<SohPoint> points = a.history().soh().points();
        double nominal = a.history().profile().nominalAh();
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).equivalentCycles();
            y[i] = points.get(i).sohPercent() * nominal / 100;
        }
        List<Series> series = new ArrayList<>();
        series.add(new Series("capacity", x, y, Style.POINTS));
        LifeProjection cycles = a.life().cycles();
        if (cycles.sufficient() && x.length > 1) {
            int n = 40;
            double[] fx = new double[n];
            double[] fy = new double[n];
            for (int i = 0; i < n; i++) {
                fx[i] = x[0] + (x[x.length - 1] - x[0]) * i / (n - 1);
                fy[i] = cycles.fit().sohAt(fx[i]) * nominal / 100;
            }
            series.add(new Series("fit", fx, fy, Style.LINE));
        }
        return Charts.line("Capacity fade", "equivalent full cycles", "capacity Ah", XAxis.NUMBER, series,
                List.of(new Guide(0.8 * nominal, "80 % of nameplate")));
    }

    private static String resistance(PackAssessment a) {
        List<ResistancePoint> points = a.history().resistance();
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).ts();
            y[i] = points.get(i).increasePercent();
        }
        return Charts.line("Resistance growth", "date", "increase over BOL %", XAxis.DATE,
                List.of(new Series("(R − R_BOL) / R_BOL", x, y, Style.LINE)), List.of());
    }

    private static void recovery(StringBuilder b, RecoveryEstimate r) {
        b.append("<h2>Recoverable metals</h2>\n");
        if (r == null) {
            b.append("<p class=\"muted\">no cathode figures for this chemistry</p>\n");
            return;
        }
        b.append(String.format(Locale.ROOT, "<p>%s cathode, %.1f kWh nameplate (%s)</p>\n", r.cathode(), r.energyKwh(),
                Html.escape(r.energyBasis())));
        b.append("<table><tr><th>kg</th><th>Li</th><th>Ni</th><th>Co</th><th>Mn</th><th>Li₂CO₃ eq.</th></tr>\n");
        metalsRow(b, "contained", r.containedKg());
        metalsRow(b, "recoverable", r.recoverableKg());
        if (r.withCellExcess() != null) {
            metalsRow(b, "with +" + trim(r.withCellExcess().lowPercent()) + " % cell excess",
                    r.withCellExcess().recoverableLowKg());
            metalsRow(b, "with +" + trim(r.withCellExcess().highPercent()) + " % cell excess",
                    r.withCellExcess().recoverableHighKg());
        }
        b.append("</table>\n<ul class=\"muted\">\n");
        r.notes().forEach(n -> b.append("<li>").append(Html.escape(n)).append("</li>\n"));
        b.append("</ul>\n");
    }

    private static void metalsRow(StringBuilder b, String label, MetalsKg kg) {
        b.append("<tr><td>").append(Html.escape(label)).append("</td>");
        for (double v : new double[]{kg.lithiumKg(), kg.nickelKg(), kg.cobaltKg(), kg.manganeseKg(),
                kg.lithiumCarbonateEquivalentKg()}) {
            b.append("<td class=\"num\">").append(Html.num(v, 2)).append("</td>");
        }
        b.append("</tr>\n");
    }

    private static void passport(StringBuilder b, BatteryCondition c) {
        b.append("<h2>Battery passport: battery condition</h2>\n");
        b.append("<table><tr><th>attribute</th><th>value</th><th>unit</th><th>basis, or why there is none</th></tr>\n");
        Map<String, Attribute> rows = new LinkedHashMap<>();
        rows.put("remainingCapacity", c.remainingCapacity());
        rows.put("capacityFade", c.capacityFade());
        rows.put("stateOfCertifiedEnergy", c.stateOfCertifiedEnergy());
        rows.put("remainingEnergy", c.remainingEnergy());
        rows.put("remainingPowerCapability", c.remainingPowerCapability());
        rows.put("powerFade", c.powerFade());
        rows.put("internalResistanceIncrease", c.internalResistanceIncrease());
        rows.put("remainingRoundTripEnergyEfficiency", c.remainingRoundTripEnergyEfficiency());
        rows.put("roundTripEfficiencyFade", c.roundTripEfficiencyFade());
        rows.put("currentSelfDischargingRate", c.currentSelfDischargingRate());
        rows.put("evolutionOfSelfDischarge", c.evolutionOfSelfDischarge());
        rows.put("energyThroughput", c.energyThroughput());
        rows.put("capacityThroughput", c.capacityThroughput());
        rows.put("numberOfFullCycles", c.numberOfFullCycles());
        rows.put("stateOfCharge", c.stateOfCharge());
        rows.put("timeExtremeHighTemp", c.temperatureInformation().timeExtremeHighTemp());
        rows.put("timeExtremeLowTemp", c.temperatureInformation().timeExtremeLowTemp());
        rows.put("timeExtremeHighTempCharging", c.temperatureInformation().timeExtremeHighTempCharging());
        rows.put("timeExtremeLowTempCharging", c.temperatureInformation().timeExtremeLowTempCharging());
        rows.forEach((name, at) -> b.append("<tr><td>").append(name).append("</td><td class=\"num\">")
                .append(at.value() == null ? "null" : Html.num(at.value(), 2)).append("</td><td>")
                .append(Html.escape(at.unit())).append("</td><td>")
                .append(Html.escape(at.value() == null ? at.unavailableReason() : at.basis())).append("</td></tr>\n"));
        b.append("</table>\n<p><b>Negative events</b></p>\n");
        if (c.negativeEvents().isEmpty()) {
            b.append("<p class=\"muted\">none recorded</p>\n");
        } else {
            b.append("<ul>\n");
            for (NegativeEvent e : c.negativeEvents()) {
                b.append("<li>").append(Html.escape(e.negativeEvent()))
                        .append(e.lastUpdate() == null ? "" : " (last " + Html.escape(e.lastUpdate()) + ")")
                        .append("</li>\n");
            }
            b.append("</ul>\n");
        }
    }

    private static void keyValues(StringBuilder b, Map<String, String> rows) {
        b.append("<table>\n");
        rows.forEach((k, v) -> b.append("<tr><th>").append(Html.escape(k)).append("</th><td>")
                .append(Html.escape(v)).append("</td></tr>\n"));
        b.append("</table>\n");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
