package io.voltrace.cli.fleet;

import io.voltrace.analytics.fleet.FleetAnalysis;
import io.voltrace.analytics.fleet.FleetCsv;
import io.voltrace.analytics.fleet.FleetInput;
import io.voltrace.analytics.fleet.FleetTables;
import io.voltrace.analytics.fleet.PackAssessment;
import io.voltrace.analytics.fleet.PackHistory;
import io.voltrace.analytics.fleet.PackProfile;
import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.GradingPolicyException;
import io.voltrace.analytics.recovery.Cathode;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.report.BatteryReport;
import io.voltrace.analytics.report.FleetReport;
import io.voltrace.analytics.rul.RulEstimator;
import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import io.voltrace.ingest.registry.Registry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

/** Writes a fleet's tables (CSV) and HTML reports, one for the fleet and one per battery. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes fleet tables as CSV and HTML reports (fleet.html, packs/<code>.html) with SOH trend, "
                + "capacity fade and resistance charts drawn inline: they open offline. Use it for a fleet's "
                + "periodic health review, or to share a fleet's state with someone without API access.",
                "Input: --packs and --history CSV files (columns below), --synthetic N packs, or what a running "
                        + "ingest holds: --api URL with a --token (the batteries the token may see, their "
                        + "assessments as SOH and resistance trend, their latest grade, equivalent cycles from the "
                        + "BMS's charge counters), or --registry-url JDBC (its database: the same without cycles). "
                        + "A summary line goes to standard output, skipped rows and progress to standard error."},
        footer = {"  ./voltrace fleet report --synthetic 50 --out fleet-report && xdg-open fleet-report/fleet.html",
                "  ./voltrace fleet report --packs packs.csv --history history.csv --as-of 2026-11-01 --out report",
                "  ./voltrace fleet report --synthetic 200 --policy my-policy.json --nmc-variant NCM811",
                "  ./voltrace fleet report --api http://127.0.0.1:8080 --token $FLEET_TOKEN --out report",
                "  ./voltrace fleet report --registry-url jdbc:postgresql://127.0.0.1:5432/voltrace --out report"})
public final class FleetReportCommand implements Callable<Integer> {

    static final class Source {
        @ArgGroup(exclusive = false)
        InputFiles files;

        @Option(names = "--synthetic", paramLabel = "N",
                description = "a synthetic fleet of N packs with a year of screening evidence each, graded")
        Integer synthetic;

        @ArgGroup(exclusive = false)
        ApiInput api;

        @Option(names = "--registry-url", paramLabel = "JDBC", description = "a stopped or shared ingest's "
                + "registry database (user and password from VOLTRACE_INGEST_REGISTRY_USER / _PASSWORD)")
        String registryUrl;
    }

    static final class ApiInput {
        @Option(names = "--api", required = true, paramLabel = "URL",
                description = "a running ingest's HTTP address, e.g. http://127.0.0.1:8080")
        String url;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "its API bearer token (or environment VOLTRACE_API_TOKEN)")
        String token;
    }

    static final class InputFiles {
        @Option(names = "--packs", required = true, paramLabel = "CSV",
                description = "battery,model,chemistry,nominalAh,cellsSeries,commissioned,climate[,grade]")
        Path packs;

        @Option(names = "--history", required = true, paramLabel = "CSV",
                description = "battery,date,sohPercent,equivalentCycles[,resistanceIncreasePercent]")
        Path history;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", defaultValue = "fleet-report", paramLabel = "DIR",
            description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--as-of", paramLabel = "DATE", description = "date the report speaks for (default: today, UTC)")
    LocalDate asOf;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "seed of the synthetic fleet (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--policy", paramLabel = "FILE", description = "grading policy file (synthetic fleets are graded)")
    Path policyFile;

    @Option(names = "--nmc-variant", defaultValue = "NCM622", paramLabel = "CATHODE",
            description = "cathode assumed for NMC packs: NCM523, NCM622, NCM811 (default ${DEFAULT-VALUE})")
    Cathode nmcVariant;

    @Option(names = "--title", defaultValue = "voltrace fleet report", paramLabel = "TEXT",
            description = "report title (default ${DEFAULT-VALUE})")
    String title;

    @Mixin
    ProgressOptions progressOptions;

    PrintStream stdout = System.out;
    PrintStream stderr = System.err;

    @Override
    public Integer call() {
        LocalDate day = asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC);
        GradingPolicy policy;
        try {
            policy = policyFile == null ? GradingPolicy.defaults() : GradingPolicy.load(policyFile);
        } catch (GradingPolicyException e) {
            stderr.println(e.getMessage());
            return 2;
        }
        RecoveryAssumptions assumptions;
        try {
            assumptions = RecoveryAssumptions.defaults().withNmcVariant(nmcVariant);
        } catch (IllegalArgumentException e) {
            stderr.println("voltrace fleet report: --nmc-variant: " + e.getMessage());
            return 2;
        }
        List<PackHistory> packs;
        Map<String, Grading> gradings = new HashMap<>();
        Map<String, Grade> grades = Map.of();
        if (source.synthetic != null) {
            if (source.synthetic < 1) {
                stderr.println("voltrace fleet report: --synthetic needs at least 1 pack");
                return 2;
            }
            List<SimulatedFleet.Member> members = SimulatedFleet.generate(source.synthetic, seed, day, 365);
            Grader grader = new Grader(policy);
            try (Progress progress = progressOptions.start("grade", members.size(), "packs")) {
                for (SimulatedFleet.Member m : members) {
                    PackProfile p = m.history().profile();
                    gradings.put(p.battery(), grader.grade(m.latest(), p.chemistry(), m.evidence(), m.conditions()));
                    progress.advance(1);
                }
            }
            packs = members.stream().map(SimulatedFleet.Member::history).toList();
        } else {
            FleetInput in;
            try {
                in = source.files != null ? FleetCsv.read(source.files.packs, source.files.history) : fromStore();
            } catch (IllegalArgumentException | UncheckedIOException e) {
                stderr.println("voltrace fleet report: " + e.getMessage());
                return 2;
            } catch (StoreFleet.SourceException e) {
                stderr.println("voltrace fleet report: " + e.getMessage());
                return e.badInput() ? 2 : 1;
            }
            in.problems().forEach(p -> stderr.println("skipped " + p));
            packs = in.packs();
            grades = in.grades();
        }
        FleetAnalysis analysis = new FleetAnalysis(RulEstimator.defaults(), new RecoveryEstimator(assumptions));
        List<PackAssessment> assessed = new ArrayList<>(packs.size());
        // One pack at a time, the same result as all at once, so the progress can count them (RUL takes the time).
        try (Progress progress = progressOptions.start("assess", packs.size(), "packs")) {
            for (PackHistory pack : packs) {
                assessed.addAll(analysis.assess(List.of(pack), gradings, grades));
                progress.advance(1);
            }
        }
        try (Progress progress = progressOptions.start("write reports", assessed.size(), "packs")) {
            write(assessed, day, progress);
        } catch (IOException e) {
            stderr.println("voltrace fleet report: cannot write to " + out + ": " + e.getMessage());
            return 1;
        }
        stdout.printf("%d packs · fleet report %s · tables and per-battery reports in %s%n", assessed.size(),
                out.resolve("fleet.html"), out);
        return 0;
    }

    /** The fleet a running ingest holds, through its API or its registry database. */
    private FleetInput fromStore() {
        if (source.api != null) {
            String token = source.api.token != null ? source.api.token : System.getenv("VOLTRACE_API_TOKEN");
            if (token == null || token.isBlank()) {
                throw new StoreFleet.SourceException("--api needs a --token (or VOLTRACE_API_TOKEN): make one with "
                        + "`./voltrace ingest token create --role fleet --org ID`", true);
            }
            return readStore(new ApiFleetSource(source.api.url, token));
        }
        Registry registry;
        try {
            registry = Registry.open(source.registryUrl, System.getenv("VOLTRACE_INGEST_REGISTRY_USER"),
                    System.getenv("VOLTRACE_INGEST_REGISTRY_PASSWORD"));
        } catch (RuntimeException e) {
            throw new StoreFleet.SourceException("--registry-url: cannot open " + source.registryUrl + ": "
                    + e.getMessage() + " (an embedded H2 registry is locked while its ingest runs: use --api)", true);
        }
        try {
            return readStore(new RegistryFleetSource(registry, source.registryUrl));
        } finally {
            registry.close();
        }
    }

    private FleetInput readStore(StoreFleet.Source store) {
        List<StoreFleet.Battery> batteries = store.batteries();
        try (Progress progress = progressOptions.start("read " + store.describe(), batteries.size(), "packs")) {
            return StoreFleet.read(store, batteries, () -> progress.advance(1));
        }
    }

    private void write(List<PackAssessment> assessed, LocalDate day, Progress progress) throws IOException {
        Files.createDirectories(out.resolve("packs"));
        Table table = FleetTables.packs(assessed, day);
        FleetTables.writeCsv(table, out.resolve("packs.csv"));
        FleetTables.writeCsv(FleetTables.sohBy(table, FleetTables.MODEL), out.resolve("soh-by-model.csv"));
        FleetTables.writeCsv(FleetTables.sohBy(table, FleetTables.CHEMISTRY), out.resolve("soh-by-chemistry.csv"));
        FleetTables.writeCsv(FleetTables.sohBy(table, FleetTables.AGE_BAND), out.resolve("soh-by-age.csv"));
        FleetTables.writeCsv(FleetTables.sohBy(table, FleetTables.CLIMATE), out.resolve("soh-by-climate.csv"));
        FleetTables.writeCsv(FleetTables.gradeCounts(table), out.resolve("grades.csv"));
        Files.writeString(out.resolve("fleet.html"),
                FleetReport.html(title, assessed, day, code -> "packs/" + fileName(code) + ".html"),
                StandardCharsets.UTF_8);
        for (PackAssessment a : assessed) {
            Files.writeString(out.resolve("packs").resolve(fileName(a.battery()) + ".html"),
                    BatteryReport.html(a, null, day), StandardCharsets.UTF_8);
            progress.advance(1);
        }
    }

    /** Battery codes are [A-Z0-9]; anything else from an input file is replaced so it cannot leave the folder. */
    static String fileName(String code) {
        return code.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
