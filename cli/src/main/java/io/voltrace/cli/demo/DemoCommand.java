package io.voltrace.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import io.voltrace.cli.Scratch;
import io.voltrace.cli.Serving;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.registry.BatteryRecord;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: an embedded ingest service, and a fleet of simulated vehicles each running the real edge agent
 * (simulator source) to stream a month of use over real MQTT into real QuestDB; then the service assesses every pack
 * on request and the table is read back from its API.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole product on embedded parts: one edge agent per simulated vehicle (CAN/DBC -> "
                + "spool -> MQTT 5) -> ingest -> QuestDB -> the service's SOH assessment and grading, then prints "
                + "each pack's true and estimated SOH from the API and keeps the API up.",
                "Needs no external server; data goes to a fresh temporary folder unless --data is given."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--vehicles", defaultValue = "20", description = "simulated vehicles (default ${DEFAULT-VALUE})")
    int vehicles;

    @Option(names = "--days", defaultValue = "30", description = "days of use simulated per pack (default ${DEFAULT-VALUE})")
    double days;

    @Option(names = "--exit", description = "exit after printing the table instead of keeping the API up")
    boolean exit;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the table as a JSON array to FILE")
    Path json;

    @Option(names = "--http-port", defaultValue = "8080", description = "REST API port; 0 picks a free one (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--mqtt-port", defaultValue = "0", description = "MQTT endpoint port; 0 picks a free one (default)")
    int mqttPort;

    @Option(names = "--data", paramLabel = "DIR", description = "keep the stores in DIR (default: a new temporary folder)")
    Path dataDir;

    @Option(names = "--seed", defaultValue = "42", description = "random seed of the fleet (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", defaultValue = "3", description = "simulation threads (default ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    ProgressOptions progress = new ProgressOptions();

    @Override
    public Integer call() throws Exception {
        if (vehicles < 1 || days <= 0) {
            System.err.println("voltrace demo: --vehicles must be at least 1 and --days positive");
            return 2;
        }
        PrintStream out = System.out;
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("voltrace-demo-");
        out.printf("voltrace demo · %d vehicles · %.0f days each · data in %s%n", vehicles, days, data);
        int apiPort = Serving.freeOrAny("127.0.0.1", httpPort);
        if (apiPort != httpPort) {
            out.printf("port %d is busy; the API takes a free port instead (see the URL below)%n", httpPort);
        }
        try (IngestService ingest = IngestService.start(IngestConfig.embedded(data, mqttPort, apiPort))) {
            List<Row> rows = run(ingest, data.resolve("edge-spool"), out);
            printTable(out, rows);
            if (json != null) {
                writeJson(json, rows);
                out.println("table written to " + json.toAbsolutePath());
            }
            String api = ingest.apiBaseUrl();
            // The API wants a bearer token: the demo makes an admin token and shows it ready to paste.
            String token = adminToken(ingest);
            String battery = api + "/api/v1/batteries/" + rows.get(0).code();
            out.println();
            // A demo admin token, on loopback only; the URL form (RFC 6750 access_token) opens in a browser as is.
            out.println("API: " + battery + "?access_token=" + token);
            out.println("     curl -H 'Authorization: Bearer " + token + "' " + battery + "/health");
            out.println("     all batteries: " + api + "/api/v1/batteries?access_token=" + token);
            out.println("     API description: " + api + "/api/v1/openapi.json");
            out.println("Dashboard: " + api + "/dashboard/?access_token=" + token);
            out.println("MQTT: " + ingest.mqttUri() + " (topic voltrace/v1/<device>/telemetry)");
            if (!exit) {
                out.println("Serving until Ctrl-C.");
                Serving.untilStopped(ingest);
            }
        }
        if (dataDir == null) {
            deleteTree(data); // a throwaway run leaves nothing behind; --data keeps the stores
        }
        return 0;
    }

    /** A line of the result: what the simulator knows, what the cloud estimated, and the grading. */
    public record Row(String code, String model, double trueSoh, Double estimatedSoh, Double uncertainty,
                      int segments, Double resistanceMilliohm, Double lceKg, String grade, List<String> reasons) {
    }

    /**
     * Registers the fleet, runs each vehicle's edge agent against the ingest (each vehicle's spool under
     * {@code spoolRoot}), waits until the ingest has applied everything, asks the service to assess every pack
     * ({@code POST /assessments}, as any API client would) and reads the table back from {@code GET /health}.
     */
    List<Row> run(IngestService ingest, Path spoolRoot, PrintStream out) throws Exception {
        List<Vehicle> fleet = Fleet.create(vehicles, seed);
        for (Vehicle v : fleet) {
            ingest.registry().registerDevice(v.deviceId(), v.secret());
            ingest.registry().registerBattery(new BatteryRecord(v.batteryCode(), v.deviceId(), v.pack().chemistry(),
                    v.pack().nominalAh(), v.pack().cellsSeries(), v.model(), Instant.now()));
        }
        // issue #17: production, carbon footprint, passport declaration
        DemoPassports.declare(ingest.registry(), fleet, Instant.now().minusSeconds((long) (days * 86_400)));
        long t0 = System.nanoTime();
        // No start given: at full pace each vehicle's simulated month ends when its agent starts.
        FleetRun fleetRun = new FleetRun(ingest.mqttUri(), spoolRoot, days, null, threads);
        List<FleetRun.Result> results;
        try (Progress shown = progress.start("simulating and sending", fleet.size() * fleetRun.samplesPerVehicle(),
                "samples")) {
            results = fleetRun.run(fleet, shown);
        }
        long frames = results.stream().mapToLong(FleetRun.Result::frames).sum();
        long samples = results.stream().mapToLong(FleetRun.Result::samples).sum();
        long evidence = results.stream().mapToLong(FleetRun.Result::evidence).sum();
        long delivered = results.stream().mapToLong(FleetRun.Result::delivered).sum();
        long refused = results.stream().mapToLong(FleetRun.Result::refused).sum();
        // Every agent waited until its spool was acknowledged: what was spooled is what is stored.
        out.printf(Locale.ROOT, "  %,d CAN frames decoded by %d edge agents; %,d samples and %,d health-evidence "
                        + "records (insulation, faults, current steps, negative events) stored, %,d spool records "
                        + "acknowledged, %d messages refused, in %.0f s%n",
                frames, results.size(), samples, evidence, delivered, refused, (System.nanoTime() - t0) / 1e9);
        ingest.telemetry().awaitApplied(java.time.Duration.ofMinutes(2));
        // The ingest reduces in the background: the demo lets it catch up with what was stored, then asks at once.
        ingest.reducer().catchUp();
        out.println("  the service assesses each pack (POST /api/v1/batteries/{code}/assessments)...");
        ServiceClient api = new ServiceClient(ingest.apiBaseUrl(), adminToken(ingest));
        List<Row> rows = new ArrayList<>();
        for (FleetRun.Result r : results) {
            String code = r.vehicle().batteryCode();
            api.assess(code);
            JsonNode a = api.health(code);
            JsonNode recovery = a.path("recovery");
            rows.add(new Row(code, r.vehicle().model(), round1(r.trueSoh()), rounded(a.path("sohPercent")),
                    rounded(a.path("uncertaintyPercent")), a.path("segments").asInt(),
                    rounded(a.path("resistanceMilliohm")), rounded(recovery.path("lceKg")), a.path("grade").asText(),
                    texts(a.path("reasons"))));
        }
        rows.sort(Comparator.comparingDouble(Row::trueSoh).reversed());
        return rows;
    }

    /** The demo's administrator token: one per run, for its own API calls and the links it prints. */
    private String adminToken(IngestService ingest) {
        if (token == null) {
            token = new ApiTokens(ingest.registry()).issue(Role.ADMIN, null, "demo", null).token();
        }
        return token;
    }

    private String token;

    private static Double rounded(JsonNode n) {
        return n.isNumber() ? round1(n.asDouble()) : null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(t -> out.add(t.asText()));
        return out;
    }

    private static void printTable(PrintStream out, List<Row> rows) {
        out.println();
        out.printf("%-24s  %-12s  %8s  %14s  %6s  %6s  %-10s  %s%n", "battery code", "model", "true SOH",
                "estimated SOH", "R mΩ", "LCE kg", "grade", "reason");
        for (Row r : rows) {
            String est = r.estimatedSoh() == null ? "—" : String.format(Locale.ROOT, "%.1f ±%.1f", r.estimatedSoh(),
                    r.uncertainty() == null ? 0 : r.uncertainty());
            out.printf(Locale.ROOT, "%-24s  %-12s  %7.1f%%  %13s%%  %6s  %6s  %-10s  %s%n", r.code(), r.model(),
                    r.trueSoh(), est, figure(r.resistanceMilliohm()), figure(r.lceKg()), r.grade(),
                    r.reasons().isEmpty() ? "" : r.reasons().get(0));
        }
    }

    private static String figure(Double value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static void writeJson(Path file, List<Row> rows) throws Exception {
        ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", r.code());
            m.put("model", r.model());
            m.put("trueSoh", r.trueSoh());
            m.put("estimatedSoh", r.estimatedSoh());
            m.put("uncertainty", r.uncertainty());
            m.put("segments", r.segments());
            m.put("resistanceMilliohm", r.resistanceMilliohm());
            m.put("lceKg", r.lceKg());
            m.put("grade", r.grade());
            m.put("reasons", r.reasons());
            out.add(m);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        mapper.writeValue(file.toFile(), out);
    }

    private static void deleteTree(Path root) {
        try {
            Scratch.deleteTree(root);
        } catch (Exception e) {
            System.err.println("voltrace demo: could not remove " + root + ": " + e.getMessage());
        }
    }

    private static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
