package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.InsulationLimits;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.metrics.IngestMetrics;
import io.voltrace.ingest.metrics.Readiness;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.testing.TestRegistries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/batteries/{code}/evidence} over real HTTP against an H2 registry: what the edge sent, filtered by
 * type and time, visible exactly as telemetry is.
 */
class EdgeEvidenceApiTest {
    static final String A = "VTRPE96DEMO001T5C0000001"; // acme's, NMC 96s
    static final String B = "VTRPE96DEMO001T5C0000002"; // other fleet's
    static final String C = "VTRPE96DEMO001T5C0000003"; // acme's, held by the recycler green; no evidence
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient http = HttpClient.newHttpClient();

    static TestRegistries db;
    static Registry registry;
    static Vertx vertx;
    static Readiness readiness;
    static RestApi api;
    static String base;
    static String admin;
    static String acme;
    static String otherFleet;
    static String recycler;
    static String auditor;

    static long at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes)).toEpochMilli();
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestRegistries.open(TestRegistries.Backend.H2);
        registry = db.registry();
        registry.createOrganisation(new Organisation("acme", "Acme Fleet", OrganisationKind.FLEET, T0));
        registry.createOrganisation(new Organisation("other", "Other Fleet", OrganisationKind.FLEET, T0));
        registry.createOrganisation(new Organisation("green", "Green Recycling", OrganisationKind.RECYCLER, T0));
        registry.createOrganisation(new Organisation("audit", "Battery Audit", OrganisationKind.AUDITOR, T0));
        registry.registerDevice("veh-1", "s1".toCharArray());
        registry.registerDevice("veh-2", "s2".toCharArray());
        registry.registerBattery(new BatteryRecord(A, "veh-1", Chemistry.NMC, 60, 96, null, T0, "acme", null));
        registry.registerBattery(new BatteryRecord(B, "veh-2", Chemistry.LFP, 75, 104, null, T0, "other", null));
        registry.registerBattery(new BatteryRecord(C, "veh-1", Chemistry.NMC, 50, 96, null, T0, "acme", "green"));

        List<HealthEvidence> sent = new ArrayList<>();
        sent.add(HealthEvidence.insulation("veh-1", A, at(0), 2000, 360.0));
        sent.add(HealthEvidence.negativeEvent("veh-1", A, "DEEP_DISCHARGE", at(30), at(31), 2.41));
        sent.add(HealthEvidence.currentStep("veh-1", A, at(45), 0.0012, -5, -85, 1.0, 24.0, 3.71));
        sent.add(HealthEvidence.insulation("veh-1", A, at(60), 30, 380.0));
        sent.add(HealthEvidence.fault("veh-1", A, at(60), "isolation_fault", true));
        sent.add(HealthEvidence.fault("veh-1", A, at(120), "isolation_fault", false));
        sent.add(HealthEvidence.insulation("veh-1", A, at(180), 800, null));
        sent.add(HealthEvidence.insulation("veh-2", B, at(0), 5000, 330.0));
        new EdgeEvidenceStore(registry.dataSource()).addAll(sent, T0.plus(Duration.ofHours(4)));

        ApiTokens tokens = new ApiTokens(registry);
        admin = tokens.issue(Role.ADMIN, null, "test", null).token();
        acme = tokens.issue(Role.FLEET, "acme", null, null).token();
        otherFleet = tokens.issue(Role.FLEET, "other", null, null).token();
        recycler = tokens.issue(Role.RECYCLER, "green", null, null).token();
        auditor = tokens.issue(Role.AUDITOR, "audit", null, null).token();

        vertx = Vertx.vertx();
        readiness = new Readiness(Duration.ofSeconds(1));
        api = new RestApi(vertx, registry, null, new IngestMetrics(), readiness);
        base = "http://127.0.0.1:" + api.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.stop().await(10, TimeUnit.SECONDS);
        }
        if (readiness != null) {
            readiness.close();
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (db != null) {
            db.close();
        }
    }

    static HttpResponse<String> call(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> r = call(path, token);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static List<String> types(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("evidence").forEach(e -> out.add(e.get("type").asText()));
        return out;
    }

    @Test
    void everyRecordComesOldestFirstWithUnitsAndTheCountsPerType() throws Exception {
        JsonNode all = get("/api/v1/batteries/" + A + "/evidence", admin);
        assertThat(all.get("battery").asText()).isEqualTo(A);
        assertThat(all.get("type").isNull()).isTrue();
        assertThat(all.get("count").asInt()).isEqualTo(7);
        assertThat(all.get("truncated").asBoolean()).isFalse();
        assertThat(all.get("minOhmsPerVolt").asDouble()).isEqualTo(100.0);
        assertThat(all.get("counts").get("INSULATION").asLong()).isEqualTo(3);
        assertThat(all.get("counts").get("FAULT").asLong()).isEqualTo(2);
        assertThat(all.get("counts").get("NEGATIVE_EVENT").asLong()).isEqualTo(1);
        assertThat(all.get("counts").get("CURRENT_STEP").asLong()).isEqualTo(1);
        List<Long> ts = new ArrayList<>();
        all.get("evidence").forEach(e -> ts.add(e.get("ts").asLong()));
        assertThat(ts).isSorted().first().isEqualTo(at(0));
        assertThat(all.get("evidence").get(0).get("time").asText()).isEqualTo(T0.toString());

        // Ohms per volt of the working voltage the grading uses: 96 NMC cells at full charge (above the read 380 V).
        double fullVolts = 96 * Chemistry.NMC.ocv().maxVolts();
        JsonNode low = all.get("evidence").get(3);
        assertThat(low.get("type").asText()).isEqualTo("INSULATION");
        assertThat(low.get("insulationKohm").asDouble()).isEqualTo(30.0);
        assertThat(low.get("packVolts").asDouble()).isEqualTo(380.0);
        assertThat(low.get("workingVolts").asDouble()).isCloseTo(fullVolts, within(1e-9));
        assertThat(low.get("ohmsPerVolt").asDouble()).isCloseTo(30_000 / fullVolts, within(1e-9));
        assertThat(low.has("active")).isFalse();
        JsonNode unread = all.get("evidence").get(6);
        assertThat(unread.get("packVolts").isNull()).isTrue();
        assertThat(unread.get("ohmsPerVolt").asDouble()).isCloseTo(800_000 / fullVolts, within(1e-9));

        JsonNode step = all.get("evidence").get(2);
        assertThat(step.get("type").asText()).isEqualTo("CURRENT_STEP");
        assertThat(step.get("ohms").asDouble()).isEqualTo(0.0012);
        assertThat(step.get("fromAmps").asDouble()).isEqualTo(-5.0);
        assertThat(step.get("toAmps").asDouble()).isEqualTo(-85.0);
        assertThat(step.get("tempC").asDouble()).isEqualTo(24.0);
        assertThat(step.has("insulationKohm")).isFalse();
    }

    @Test
    void typeFilterTakesTheWireNamesInAnyCase() throws Exception {
        JsonNode insulation = get("/api/v1/batteries/" + A + "/evidence?type=insulation", acme);
        assertThat(insulation.get("type").asText()).isEqualTo("INSULATION");
        assertThat(types(insulation)).containsExactly("INSULATION", "INSULATION", "INSULATION");
        assertThat(insulation.get("counts").get("FAULT").asLong()).as("counts ignore the filter").isEqualTo(2);

        JsonNode faults = get("/api/v1/batteries/" + A + "/evidence?type=FAULT", acme);
        assertThat(types(faults)).containsExactly("FAULT", "FAULT");
        assertThat(faults.get("evidence").get(0).get("name").asText()).isEqualTo("isolation_fault");
        assertThat(faults.get("evidence").get(0).get("active").asBoolean()).isTrue();
        assertThat(faults.get("evidence").get(1).get("active").asBoolean()).isFalse();
        assertThat(faults.get("evidence").get(1).get("time").asText())
                .isEqualTo(T0.plus(Duration.ofHours(2)).toString());

        JsonNode events = get("/api/v1/batteries/" + A + "/evidence?type=negative-event", acme);
        assertThat(types(events)).containsExactly("NEGATIVE_EVENT");
        JsonNode event = events.get("evidence").get(0);
        assertThat(event.get("name").asText()).isEqualTo("DEEP_DISCHARGE");
        assertThat(event.get("endTs").asLong()).isEqualTo(at(31));
        assertThat(event.get("extreme").asDouble()).isEqualTo(2.41);
        assertThat(event.get("extremeUnit").asText()).isEqualTo("V");

        assertThat(types(get("/api/v1/batteries/" + A + "/evidence?type=current_step", acme)))
                .containsExactly("CURRENT_STEP");
    }

    @Test
    void rangeIsFromInclusiveToExclusiveAndLimitSaysWhenMoreRemain() throws Exception {
        JsonNode hour = get("/api/v1/batteries/" + A + "/evidence?from=" + T0.plus(Duration.ofHours(1)) + "&to="
                + T0.plus(Duration.ofHours(2)), acme);
        assertThat(types(hour)).containsExactlyInAnyOrder("INSULATION", "FAULT");
        hour.get("evidence").forEach(e -> assertThat(e.get("ts").asLong()).isEqualTo(at(60)));
        assertThat(hour.get("counts").get("INSULATION").asLong()).isEqualTo(1);
        assertThat(hour.get("counts").get("CURRENT_STEP").asLong()).isZero();

        JsonNode two = get("/api/v1/batteries/" + A + "/evidence?limit=2", acme);
        assertThat(two.get("count").asInt()).isEqualTo(2);
        assertThat(two.get("truncated").asBoolean()).isTrue();
        assertThat(types(two)).containsExactly("INSULATION", "NEGATIVE_EVENT");
        JsonNode exact = get("/api/v1/batteries/" + A + "/evidence?type=FAULT&limit=2", acme);
        assertThat(exact.get("truncated").asBoolean()).as("two faults, limit two").isFalse();
    }

    @Test
    void visibleExactlyAsTelemetryIs() throws Exception {
        String path = "/evidence";
        HttpResponse<String> hidden = call("/api/v1/batteries/" + B + path, acme);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).contains("not registered or not visible to this token");
        assertThat(call("/api/v1/batteries/" + A + path, recycler).statusCode()).as("not in its custody")
                .isEqualTo(404);
        JsonNode held = get("/api/v1/batteries/" + C + path, recycler);
        assertThat(held.get("count").asInt()).isZero();
        assertThat(held.get("counts").get("INSULATION").asLong()).isZero();
        JsonNode other = get("/api/v1/batteries/" + B + path, otherFleet);
        assertThat(other.get("evidence").get(0).get("insulationKohm").asDouble()).isEqualTo(5000.0);
        assertThat(call("/api/v1/batteries/VTRPE96DEMO001T5C0000099" + path, acme).statusCode()).isEqualTo(404);

        // Auditors: no per-vehicle raw data, as for telemetry.
        for (String code : List.of(A, B)) {
            HttpResponse<String> refused = call("/api/v1/batteries/" + code + path, auditor);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("needs role admin or fleet or recycler");
            assertThat(call("/api/v1/batteries/" + code + "/telemetry", auditor).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        String[][] cases = {
            {"type=voltage", "type must be one of INSULATION, FAULT, NEGATIVE_EVENT, CURRENT_STEP, BMS_HEALTH, was 'voltage'"},
            {"from=yesterday", "from must be an ISO-8601 instant"},
            {"to=2026-11-20", "to must be an ISO-8601 instant"},
            {"limit=0", "limit must be 1..10000"},
            {"limit=10001", "limit must be 1..10000"},
            {"limit=many", "limit must be an integer"},
            // beyond a long of milliseconds: answered like telemetry, not 500 "long overflow" (#16)
            {"from=-1000000000-01-01T00:00:00Z", "from must be between"},
            {"to=%2B1000000000-12-31T23:59:59Z", "to must be between"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = call("/api/v1/batteries/" + A + "/evidence?" + c[0], admin);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(c[0]).contains(c[1]);
        }
        HttpResponse<String> badCode = call("/api/v1/batteries/NOT-A-CODE/evidence", admin);
        assertThat(badCode.statusCode()).isEqualTo(400);
        assertThat(badCode.body()).contains("invalid battery code");
    }

    @Test
    void theInsulationLimitIsThePolicyGradedWith() throws Exception {
        GradingPolicy strict = GradingPolicy.defaults().withInsulation(new InsulationLimits(500, false));
        api.useGradingPolicy(strict);
        try {
            assertThat(get("/api/v1/batteries/" + A + "/evidence?limit=1", admin).get("minOhmsPerVolt").asDouble())
                    .isEqualTo(500.0);
        } finally {
            api.useGradingPolicy(GradingPolicy.defaults());
        }
    }
}
