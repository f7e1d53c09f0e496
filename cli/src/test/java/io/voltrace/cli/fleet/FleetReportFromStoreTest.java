package io.voltrace.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.testing.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fleet report} from what a running in-process ingest holds: through its API with each role's token, and from
 * its registry database once it is stopped.
 */
class FleetReportFromStoreTest {
    static final String A = "VTRPE96DEMO001T5C0000001"; // acme's, assessed six times, with telemetry
    static final String B = "VTRPE96DEMO001T5C0000002"; // acme's, assessed once without an SOH
    static final String C = "VTRPE96DEMO001T5C0000003"; // another fleet's
    static final Instant T0 = Instant.now().minus(Duration.ofDays(200)).truncatedTo(ChronoUnit.DAYS);

    @TempDir
    static Path dir;
    static IngestService ingest;
    static String acme;
    static String auditor;

    @BeforeAll
    static void start() throws Exception {
        ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest"), Ports.free(), 0));
        var registry = ingest.registry();
        registry.createOrganisation(new Organisation("acme", "Acme Fleet", OrganisationKind.FLEET, T0));
        registry.createOrganisation(new Organisation("other", "Other Fleet", OrganisationKind.FLEET, T0));
        registry.createOrganisation(new Organisation("audit", "Battery Audit", OrganisationKind.AUDITOR, T0));
        registry.registerDevice("veh-1", "s1".toCharArray());
        registry.registerDevice("veh-2", "s2".toCharArray());
        registry.registerBattery(new BatteryRecord(A, "veh-1", Chemistry.NMC, 60, 96, "VT-Family 60", T0, "acme",
                null));
        registry.registerBattery(new BatteryRecord(B, "veh-2", Chemistry.LFP, 100, 104, null, T0, "acme", null));
        registry.registerBattery(new BatteryRecord(C, "veh-2", Chemistry.NMC, 50, 96, null, T0, "other", null));
        for (int month = 0; month < 6; month++) {
            registry.saveAssessment(new HealthAssessment(A, T0.plus(Duration.ofDays(30L * month + 15)), 57.0,
                    95.0 - 0.5 * month, 1.5, 4, "rest-pair", "REUSE_A", List.of("SOH " + (95 - 0.5 * month)),
                    100.0 + month, (double) month, null));
        }
        registry.saveAssessment(new HealthAssessment(B, T0.plus(Duration.ofDays(100)), null, null, null, 0,
                "none", "NEEDS_TEST", List.of("no charge segments yet")));
        registry.saveAssessment(new HealthAssessment(C, T0.plus(Duration.ofDays(100)), 40.0, 80.0, 2.0, 3,
                "rest-pair", "REUSE_B", List.of("SOH 80")));
        // A's BMS moves 120 Ah a day each way: its counters at noon each day.
        List<PackSample> samples = new ArrayList<>();
        for (int day = 0; day < 180; day++) {
            samples.add(new PackSample(T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(12)).toEpochMilli(), 380,
                    -5, 60, 120.0 * (day + 1), 120.0 * (day + 1), 3.9, 3.95, 3.93, 20, 22));
        }
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        ingest.batcher().submit(new TelemetryBatch(1, "veh-1", A, 1, samples), written::countDown);
        assertThat(written.await(1, java.util.concurrent.TimeUnit.MINUTES)).as("the write acknowledged").isTrue();
        ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
        ApiTokens tokens = new ApiTokens(registry);
        acme = tokens.issue(Role.FLEET, "acme", null, null).token();
        auditor = tokens.issue(Role.AUDITOR, "audit", null, null).token();
    }

    @AfterAll
    static void stop() throws Exception {
        if (ingest != null) {
            ingest.close();
        }
    }

    record Run(int exit, String out, String err, Path report) {
    }

    static Run run(String name, String... args) {
        FleetReportCommand cmd = new FleetReportCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cmd.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path report = dir.resolve(name);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", report.toString(), "--quiet"));
        int exit = new CommandLine(cmd).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), report);
    }

    /** packs.csv as battery → column → value. */
    static Map<String, Map<String, String>> packs(Path report) throws Exception {
        List<String> lines = Files.readAllLines(report.resolve("packs.csv"));
        String[] header = lines.get(0).split(",", -1);
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            out.put(row.get("battery"), row);
        }
        return out;
    }

    @Test
    void aFleetTokenReportsItsOwnBatteriesWithTheirTrendGradeAndCycles() throws Exception {
        Run r = run("acme", "--api", ingest.apiBaseUrl(), "--token", acme);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("2 packs");
        Map<String, Map<String, String>> packs = packs(r.report());
        assertThat(packs).containsOnlyKeys(A, B);
        Map<String, String> a = packs.get(A);
        assertThat(Double.parseDouble(a.get("sohPercent"))).isEqualTo(92.5);
        assertThat(a.get("grade")).isEqualTo("REUSE_A");
        assertThat(a.get("model")).isEqualTo("VT-Family 60");
        assertThat(Double.parseDouble(a.get("resistanceIncreasePercent"))).isEqualTo(5.0);
        // The last assessment is on day 165: the counters of day 164 (165 × 240 Ah) over 2 × 60 Ah.
        assertThat(Double.parseDouble(a.get("equivalentCycles"))).isCloseTo(165 * 240 / 120.0,
                org.assertj.core.data.Offset.offset(2.1));
        assertThat(packs.get(B).get("grade")).isEqualTo("NEEDS_TEST");
        assertThat(packs.get(B).get("sohPercent")).isEmpty();
        assertThat(r.err()).contains("1 of 2 batteries without charge counters visible (" + B);
        assertThat(Files.readString(r.report().resolve("packs/" + A + ".html"))).contains("REUSE_A", "<svg");
    }

    @Test
    void anAuditorSeesEveryBatteryButNoTelemetrySoNoCycles() throws Exception {
        Run r = run("audit", "--api", ingest.apiBaseUrl(), "--token", auditor);

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Map<String, String>> packs = packs(r.report());
        assertThat(packs).containsOnlyKeys(A, B, C);
        assertThat(Double.parseDouble(packs.get(A).get("sohPercent"))).isEqualTo(92.5);
        assertThat(Double.parseDouble(packs.get(A).get("equivalentCycles"))).isZero();
        assertThat(r.err()).contains("3 of 3 batteries without charge counters visible");
    }

    @Test
    void aRefusedTokenIsBadInputAndAnIngestThatIsNotThereAFailure() {
        Run refused = run("refused", "--api", ingest.apiBaseUrl(), "--token", "vt_not-a-token");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("refused the token (401)");

        Run away = run("away", "--api", "http://127.0.0.1:" + Ports.free(), "--token", acme);
        assertThat(away.exit()).isEqualTo(1);
        assertThat(away.err()).contains("connection refused (is `./voltrace ingest` running there?)");

        Run notUrl = run("not-url", "--api", "127.0.0.1:8080", "--token", acme);
        assertThat(notUrl.exit()).isEqualTo(2);
        assertThat(notUrl.err()).contains("--api: '127.0.0.1:8080' is not an http(s) URL");
    }

    @Test
    void aStoppedIngestsRegistryDatabaseGivesEveryBatteryWithoutCycles() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("stopped/registry").toAbsolutePath();
        try (Registry registry = Registry.open(url, null, null)) {
            registry.createOrganisation(new Organisation("acme", "Acme Fleet", OrganisationKind.FLEET, T0));
            registry.registerDevice("veh-1", "s1".toCharArray());
            registry.registerBattery(new BatteryRecord(A, "veh-1", Chemistry.NMC, 60, 96, null, T0, "acme", null));
            for (int month = 0; month < 6; month++) {
                registry.saveAssessment(new HealthAssessment(A, T0.plus(Duration.ofDays(30L * month + 15)), 57.0,
                        95.0 - 0.5 * month, 1.5, 4, "rest-pair", "REUSE_A", List.of("SOH")));
            }
        }
        Run r = run("registry", "--registry-url", url);

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, Map<String, String>> packs = packs(r.report());
        assertThat(packs).containsOnlyKeys(A);
        assertThat(Double.parseDouble(packs.get(A).get("sohPercent"))).isEqualTo(92.5);
        assertThat(packs.get(A).get("grade")).isEqualTo("REUSE_A");
        assertThat(r.err()).contains("1 of 1 batteries without charge counters visible");

        Run bad = run("bad", "--registry-url", "jdbc:nosuchdb:x");
        assertThat(bad.exit()).as(bad.err()).isEqualTo(2);
        assertThat(bad.err()).contains("--registry-url: cannot open jdbc:nosuchdb:x");
    }
}
