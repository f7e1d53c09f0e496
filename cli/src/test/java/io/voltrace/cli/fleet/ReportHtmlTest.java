package io.voltrace.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.fleet.FleetAnalysis;
import io.voltrace.analytics.fleet.PackAssessment;
import io.voltrace.analytics.fleet.PackHistory;
import io.voltrace.analytics.fleet.PackProfile;
import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.analytics.passport.BatteryConditionBuilder;
import io.voltrace.analytics.passport.PassportInputs;
import io.voltrace.analytics.passport.TemperatureLimits;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.rul.RulEstimator;
import io.voltrace.analytics.rul.SohHistory;
import io.voltrace.analytics.report.BatteryReport;
import io.voltrace.analytics.report.FleetReport;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.telemetry.TelemetryRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reports of the simulated fleet (here, where the simulator's fleet meets the analytics) must render offline: nothing fetched from the network, every chart drawn inline as SVG. */
class ReportHtmlTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    private static List<PackAssessment> fleet;

    @BeforeAll
    static void assess() {
        List<SimulatedFleet.Member> members = SimulatedFleet.generate(40, 3, AS_OF, 30);
        Grader grader = new Grader(GradingPolicy.defaults());
        Map<String, Grading> gradings = new HashMap<>();
        for (SimulatedFleet.Member m : members) {
            PackProfile p = m.history().profile();
            gradings.put(p.battery(), grader.grade(m.latest(), p.chemistry(), m.evidence(), m.conditions()));
        }
        fleet = new FleetAnalysis(RulEstimator.defaults(), new RecoveryEstimator(RecoveryAssumptions.defaults()))
                .assess(members.stream().map(SimulatedFleet.Member::history).toList(), gradings, Map.of());
    }

    @Test
    void batteryReportHasItsThreeChartsAndNothingFromTheNetwork() throws IOException {
        List<PackSample> samples = TelemetryRun.of(new PackSpec(Chemistry.NMC, 96, 150, 85, 20, 1)).run().samples();
        PackAssessment a = fleet.stream().filter(p -> p.history().profile().chemistry() == Chemistry.NMC)
                .findFirst().orElseThrow();
        BatteryCondition condition = new BatteryConditionBuilder(GradingPolicy.defaults(), TemperatureLimits.defaults())
                .build(new PassportInputs(a.battery(), Chemistry.NMC, 150, null, samples,
                        CapacityEstimator.defaults().estimate(a.battery(), Chemistry.NMC, 150, samples),
                        PackConditions.none(), null), Instant.parse("2026-11-01T00:00:00Z"));

        String html = BatteryReport.html(a, condition, AS_OF);
        write("battery.html", html);

        assertOffline(html);
        assertThat(count(html, "<svg class=\"chart line\"")).isEqualTo(3);
        assertThat(html).contains("<title>SOH trend</title>", "<title>Capacity fade</title>",
                "<title>Resistance growth</title>", "<polyline", "<circle");
        assertThat(html).contains("Retirement grading", a.grade().name(), "Remaining life", "Recoverable metals",
                "stateOfCertifiedEnergy", "UN GTR 22");
        assertThat(html).contains(a.grading().reasons().get(0).replace("<", "&lt;").replace(">", "&gt;"));
    }

    @Test
    void fleetReportHasItsChartsTablesAndLinks() throws IOException {
        String html = FleetReport.html("Synthetic fleet", fleet, AS_OF, code -> "packs/" + code + ".html");
        write("fleet.html", html);

        assertOffline(html);
        assertThat(html).contains("<svg class=\"chart histogram\"", "<svg class=\"chart bars\"",
                "<svg class=\"chart line\"", "<title>SOH distribution</title>", "<title>Packs per grade</title>",
                "<title>Mean SOH by model</title>", "<title>SOH by age</title>");
        assertThat(html).contains("<h2>SOH by model</h2>", "<h2>SOH by chemistry</h2>", "<h2>SOH by age</h2>",
                "<h2>SOH by climate</h2>");
        assertThat(count(html, "<a href=\"packs/")).isEqualTo(40);
    }

    @Test
    void textIsEscapedAndEmptyHistoriesStillRender() {
        PackProfile odd = new PackProfile("P<1>", "<script>alert(1)</script>", Chemistry.LFP, 100, 96,
                LocalDate.of(2024, 1, 1), "hot & humid");
        PackAssessment a = new FleetAnalysis(RulEstimator.defaults(),
                new RecoveryEstimator(RecoveryAssumptions.defaults()))
                .assess(List.of(new PackHistory(odd, new SohHistory("P<1>", null, List.of()), List.of())), Map.of(),
                        Map.of()).get(0);

        String battery = BatteryReport.html(a, null, AS_OF);
        String fleetHtml = FleetReport.html("one & only", List.of(a), AS_OF, null);

        assertOffline(battery);
        assertOffline(fleetHtml);
        assertThat(battery).doesNotContain("<script>").contains("&lt;script&gt;", "hot &amp; humid", "no data",
                "insufficient history: no SOH readings");
        assertThat(fleetHtml).doesNotContain("<script>").contains("one &amp; only");
    }

    private static void assertOffline(String html) {
        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(");
        Matcher src = Pattern.compile("(?i)\\s(src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (src.find()) {
            assertThat(src.group(2)).as("%s must stay local", src.group(0)).doesNotContain("//").doesNotContain(":");
        }
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static void write(String name, String html) throws IOException {
        Path out = Path.of("target", "report-samples", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, html);
    }
}
