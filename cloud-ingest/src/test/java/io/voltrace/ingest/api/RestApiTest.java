package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.deadletter.DeadLetter;
import io.voltrace.ingest.deadletter.DeadLetterStore;
import io.voltrace.ingest.metrics.IngestMetrics;
import io.voltrace.ingest.metrics.Readiness;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.store.TelemetryWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over real HTTP against a real QuestDB and an H2 registry. Every endpoint is tried by callers who must not
 * see its data (no token, a bad token, a role without the right, another organisation) and by one who may.
 */
class RestApiTest {
    static final String A = "VTRPE96DEMO001T5C0000001"; // acme's
    static final String B = "VTRPE96DEMO001T5C0000002"; // other fleet's
    static final String C = "VTRPE96DEMO001T5C0000003"; // acme's, held by the recycler green
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;
    static ApiFixture fixture;
    static EmbeddedQuestDb questDb;
    static TelemetryReader reader;
    static Registry registry;
    static RestApi api;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();
    static String admin;
    static String acme;
    static String otherFleet;
    static String recycler;
    static String auditor;
    static long letterId;

    @BeforeAll
    static void start() throws Exception {
        fixture = ApiFixture.withTelemetry(root.resolve("questdb"));
        questDb = fixture.questDb();
        reader = fixture.reader();
        registry = fixture.registry();
        registry.createOrganisation(new Organisation("acme", "Acme Fleet", OrganisationKind.FLEET, T0));
        registry.createOrganisation(new Organisation("other", "Other Fleet", OrganisationKind.FLEET, T0));
        registry.createOrganisation(new Organisation("green", "Green Recycling", OrganisationKind.RECYCLER, T0));
        registry.createOrganisation(new Organisation("audit", "Battery Audit", OrganisationKind.AUDITOR, T0));
        registry.registerDevice("veh-1", "s1".toCharArray());
        registry.registerDevice("veh-2", "s2".toCharArray());
        registry.registerBattery(new BatteryRecord(A, "veh-1", Chemistry.NMC, 60, 96, "VT-Family 60", T0, "acme", null));
        registry.registerBattery(new BatteryRecord(B, "veh-2", Chemistry.LFP, 75, 104, null, T0, "other", null));
        registry.registerBattery(new BatteryRecord(C, "veh-1", Chemistry.NMC, 50, 96, null, T0, "acme", "green"));
        for (String code : List.of(A, B, C)) {
            for (int day = 0; day < 3; day++) {
                registry.saveAssessment(new HealthAssessment(code, T0.plus(Duration.ofDays(day)), 55.0, 92.0 - day,
                        1.5, 4, "coulomb-counting", "REUSE", List.of("SOH " + (92 - day) + " %")));
            }
        }
        ApiTokens tokens = new ApiTokens(registry);
        admin = tokens.issue(Role.ADMIN, null, "test", null).token();
        acme = tokens.issue(Role.FLEET, "acme", null, null).token();
        otherFleet = tokens.issue(Role.FLEET, "other", null, null).token();
        recycler = tokens.issue(Role.RECYCLER, "green", null, null).token();
        auditor = tokens.issue(Role.AUDITOR, "audit", null, null).token();

        // Two hours of minute samples for A and C, one for B.
        try (TelemetryWriter writer = new TelemetryWriter(questDb.writeTarget())) {
            writer.write(List.of(series("veh-1", A, 120), series("veh-2", B, 1), series("veh-1", C, 3)));
        }
        reader.awaitApplied(Duration.ofSeconds(20));
        letterId = new DeadLetterStore(registry.dataSource()).add(new DeadLetter(0, T0, "veh-1",
                "voltrace/v1/veh-1/telemetry", "value out of range", "samples[0].soc = 120.0 % is outside 0..100 %",
                "{\"soc\":120}".getBytes(StandardCharsets.UTF_8), 11)).id();

        base = fixture.serve(vertx -> {
            api = new RestApi(vertx, registry, reader);
            // Issue #12: an assessment on request; a stand-in assessor that saves what the health service would.
            api.useAssessments(code -> {
                HealthAssessment a = new HealthAssessment(code, T0.plus(Duration.ofDays(5)), 54.0, 90.0, 1.5, 4,
                        "coulomb-counting", "REUSE", List.of("requested"));
                registry.saveAssessment(a);
                return a;
            });
            return api;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** {@code n} samples a minute apart from T0 on: voltage 300 + i, so the hour averages are known. */
    static TelemetryBatch series(String device, String battery, int n) {
        List<PackSample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new PackSample(T0.toEpochMilli() + i * 60_000L, 300 + i, -10, 80 - i * 0.1, i * 0.5, i,
                    3.6 + i * 0.001, 3.7 + i * 0.001, 3.65 + i * 0.001, 20 + i % 7, 25 + i % 5));
        }
        return new TelemetryBatch(1, device, battery, 1, samples);
    }

    static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as("%s %s: %s", r.request().method(), r.request().uri(), r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    static JsonNode get(String path, String token) throws Exception {
        return ok(call("GET", path, token, null), 200);
    }

    static Set<String> codes(JsonNode list) {
        Set<String> out = new TreeSet<>();
        list.forEach(n -> out.add(n.get("code").asText()));
        return out;
    }

    /** Each protected route with its path parameters filled in, and a body where it takes one. */
    static List<String[]> protectedRoutes() {
        List<String[]> out = new ArrayList<>();
        for (Map.Entry<HttpMethod, String> route : api.routeTable()) {
            String path = route.getValue();
            if (!path.startsWith("/api/v1/") || path.equals("/api/v1/openapi.json")) {
                continue;
            }
            String filled = path.replace(":code", A).replace(":id", "1");
            String body = Set.of(HttpMethod.POST, HttpMethod.PUT).contains(route.getKey()) ? "{}" : null;
            out.add(new String[] {route.getKey().name(), filled, body});
        }
        return out;
    }

    @Test
    void everyProtectedEndpointAnswers401WithoutAValidTokenAndSaysHowToAuthenticate() throws Exception {
        List<String[]> routes = protectedRoutes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(15);
        String revoked;
        ApiTokens tokens = new ApiTokens(registry);
        var t = tokens.issue(Role.ADMIN, null, "to revoke", null);
        tokens.revoke(t.id());
        revoked = t.token();
        for (String[] r : routes) {
            for (String token : new String[] {null, "vt_" + "x".repeat(43), "not-a-token", revoked}) {
                HttpResponse<String> res = call(r[0], r[1], token, r[2]);
                assertThat(res.statusCode()).as("%s %s with token %s", r[0], r[1], token).isEqualTo(401);
                assertThat(res.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        v -> assertThat(v).startsWith("Bearer realm=\"voltrace\""));
                JsonNode body = JSON.readTree(res.body());
                assertThat(body.get("howToAuthenticate").asText()).contains("Authorization: Bearer");
            }
        }
        HttpResponse<String> basic = call("GET", "/api/v1/batteries", null, null);
        assertThat(basic.body()).contains("authentication required");
    }

    @Test
    void responsesCarrySecurityHeadersAndApiJsonIsNotCached() throws Exception {
        for (String path : new String[] {"/api/v1/batteries", "/health/live", "/dashboard/index.html"}) {
            HttpResponse<String> r = call("GET", path, admin, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        }
        assertThat(call("GET", "/api/v1/batteries", admin, null).headers().firstValue("Cache-Control"))
                .contains("no-store");
        assertThat(call("GET", "/dashboard/index.html", admin, null).headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-eval"));
    }

    @Test
    void aFailureAnswers500WithoutTheInternalMessage() throws Exception {
        api.router().get("/api/v1/test-only-failure").handler(ctx -> api.blocking(ctx, 200, () -> {
            throw new java.sql.SQLException("Table \"API_TOKEN\" not found in jdbc:h2:file:/srv/voltrace/registry");
        }));
        HttpResponse<String> r = call("GET", "/api/v1/test-only-failure", admin, null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("internal error (incident ").doesNotContain("API_TOKEN").doesNotContain("/srv");
    }

    @Test
    void adminOnlyEndpointsAnswer403ToEveryOtherRole() throws Exception {
        List<String[]> adminOnly = List.of(
                new String[] {"POST", "/api/v1/batteries", "{}"},
                new String[] {"PUT", "/api/v1/batteries/" + A + "/custodian", "{\"org\":\"green\"}"},
                new String[] {"POST", "/api/v1/devices", "{\"id\":\"veh-x\"}"},
                new String[] {"GET", "/api/v1/dead-letters", null},
                new String[] {"GET", "/api/v1/dead-letters/" + letterId, null},
                new String[] {"GET", "/api/v1/organisations", null},
                new String[] {"POST", "/api/v1/organisations", "{\"id\":\"x\",\"name\":\"x\",\"kind\":\"fleet\"}"},
                new String[] {"GET", "/api/v1/tokens", null},
                new String[] {"POST", "/api/v1/tokens", "{\"role\":\"admin\"}"},
                new String[] {"DELETE", "/api/v1/tokens/abc", null});
        for (String[] r : adminOnly) {
            for (String token : List.of(acme, recycler, auditor)) {
                HttpResponse<String> res = call(r[0], r[1], token, r[2]);
                assertThat(res.statusCode()).as("%s %s: %s", r[0], r[1], res.body()).isEqualTo(403);
                assertThat(res.body()).contains("needs role admin");
            }
        }
        // Nothing changed behind the refusals.
        assertThat(registry.battery(A).orElseThrow().custodianOrg()).isNull();
        assertThat(registry.organisation("x")).isEmpty();
    }

    @Test
    void batteriesAreFilteredByRoleAndOthersAreNotDisclosed() throws Exception {
        assertThat(codes(get("/api/v1/batteries", admin))).containsExactly(A, B, C);
        assertThat(codes(get("/api/v1/batteries", acme))).containsExactly(A, C);
        assertThat(codes(get("/api/v1/batteries", otherFleet))).containsExactly(B);
        assertThat(codes(get("/api/v1/batteries", recycler))).containsExactly(C);
        JsonNode audited = get("/api/v1/batteries", auditor);
        assertThat(codes(audited)).containsExactly(A, B, C);
        audited.forEach(b -> {
            assertThat(b.has("device")).as("auditor sees no device").isFalse();
            assertThat(b.get("masked").get(0).asText()).isEqualTo("device");
        });

        JsonNode a = get("/api/v1/batteries/" + A, acme);
        assertThat(a.get("device").asText()).isEqualTo("veh-1");
        assertThat(a.get("ownerOrg").asText()).isEqualTo("acme");
        for (String path : List.of("", "/health", "/health/history", "/telemetry", "/telemetry?step=1h")) {
            HttpResponse<String> hidden = call("GET", "/api/v1/batteries/" + B + path, acme, null);
            assertThat(hidden.statusCode()).as("acme reading B%s", path).isEqualTo(404);
            assertThat(hidden.body()).contains("not registered or not visible to this token");
            assertThat(call("GET", "/api/v1/batteries/" + A + path, recycler, null).statusCode())
                    .as("recycler reading A%s (not in its custody)", path).isEqualTo(404);
            assertThat(call("GET", "/api/v1/batteries/" + C + path, recycler, null).statusCode())
                    .as("recycler reading C%s (in its custody)", path).isEqualTo(200);
            assertThat(call("GET", "/api/v1/batteries/" + B + path, otherFleet, null).statusCode()).isEqualTo(200);
        }
        // Unknown and foreign look the same to a fleet caller; an invalid code is a 400 for everyone.
        HttpResponse<String> unknown = call("GET", "/api/v1/batteries/VTRPE96DEMO001T5C0000099", acme, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> invalid = call("GET", "/api/v1/batteries/NOT-A-CODE", acme, null);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("invalid battery code");
    }

    @Test
    void anAssessmentIsRequestedByAdminsOrTheOwningFleetOnly() throws Exception {
        String path = "/api/v1/batteries/" + C + "/assessments";
        assertThat(call("POST", path, recycler, null).statusCode()).as("custodian recycler").isEqualTo(403);
        assertThat(call("POST", path, auditor, null).statusCode()).isEqualTo(403);
        assertThat(call("POST", path, otherFleet, null).statusCode()).as("not disclosed").isEqualTo(404);
        assertThat(call("POST", "/api/v1/batteries/" + A.substring(0, 20) + "9999/assessments", admin, null)
                .statusCode()).isEqualTo(404);
        assertThat(call("POST", path, null, null).statusCode()).isEqualTo(401);

        HttpResponse<String> byFleet = call("POST", path, acme, null);
        assertThat(byFleet.statusCode()).as(byFleet.body()).isEqualTo(201);
        JsonNode a = JSON.readTree(byFleet.body());
        assertThat(a.get("battery").asText()).isEqualTo(C);
        assertThat(a.get("grade").asText()).isEqualTo("REUSE");
        assertThat(a.get("sohPercent").asDouble()).isEqualTo(90.0);
        assertThat(call("POST", path, admin, null).statusCode()).isEqualTo(201);
        // Kept: GET /health serves the latest one.
        JsonNode latest = JSON.readTree(call("GET", "/api/v1/batteries/" + C + "/health", recycler, null).body());
        assertThat(latest.get("reasons").get(0).asText()).isEqualTo("requested");
    }

    @Test
    void auditorsReadHealthTrendsButNoTelemetry() throws Exception {
        JsonNode history = get("/api/v1/batteries/" + B + "/health/history", auditor);
        assertThat(history.get("count").asInt()).isEqualTo(3);
        for (String path : List.of("/telemetry", "/telemetry?step=1h")) {
            HttpResponse<String> res = call("GET", "/api/v1/batteries/" + A + path, auditor, null);
            assertThat(res.statusCode()).isEqualTo(403);
            assertThat(res.body()).contains("needs role admin or fleet or recycler");
        }
    }

    @Test
    void healthTrendIsTheAssessmentHistoryInARange() throws Exception {
        JsonNode all = get("/api/v1/batteries/" + A + "/health/history", acme);
        assertThat(all.get("count").asInt()).isEqualTo(3);
        assertThat(all.get("assessments").get(0).get("sohPercent").asDouble()).isEqualTo(92.0);
        assertThat(all.get("assessments").get(2).get("sohPercent").asDouble()).isEqualTo(90.0);
        JsonNode later = get("/api/v1/batteries/" + A + "/health/history?from=" + T0.plus(Duration.ofHours(1))
                + "&limit=1", acme);
        assertThat(later.get("assessments")).hasSize(1);
        assertThat(later.get("assessments").get(0).get("assessedAt").asText()).isEqualTo(T0.plus(Duration.ofDays(1))
                .toString());
        assertThat(get("/api/v1/batteries/" + A + "/health", acme).get("sohPercent").asDouble()).isEqualTo(90.0);
        assertThat(call("GET", "/api/v1/batteries/" + A + "/health/history?from=yesterday", acme, null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void telemetryComesRawOrDownsampledPerCalendarBucket() throws Exception {
        JsonNode raw = get("/api/v1/batteries/" + A + "/telemetry?limit=5", acme);
        assertThat(raw.get("count").asInt()).isEqualTo(5);
        assertThat(raw.get("samples").get(0).get("packVoltage").asDouble()).isEqualTo(300.0);

        JsonNode hourly = get("/api/v1/batteries/" + A + "/telemetry?step=1h&from=" + T0 + "&to="
                + T0.plus(Duration.ofDays(1)), acme);
        assertThat(hourly.get("step").asText()).isEqualTo("1h");
        JsonNode buckets = hourly.get("buckets");
        assertThat(buckets).hasSize(2);
        JsonNode first = buckets.get(0);
        assertThat(first.get("start").asText()).isEqualTo(T0.toString());
        assertThat(first.get("count").asLong()).isEqualTo(60);
        assertThat(first.get("packVoltage").asDouble()).isEqualTo(329.5); // mean of 300..359
        assertThat(first.get("cellVoltageMin").asDouble()).isEqualTo(3.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.get("cellVoltageMax").asDouble()).isEqualTo(3.759, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.get("ahCharged").asDouble()).isEqualTo(29.5); // last counter value in the hour
        assertThat(first.get("tempMax").asDouble()).isEqualTo(29.0);
        assertThat(buckets.get(1).get("start").asText()).isEqualTo(T0.plus(Duration.ofHours(1)).toString());
        assertThat(buckets.get(1).get("packVoltage").asDouble()).isEqualTo(389.5);

        JsonNode minutes = get("/api/v1/batteries/" + A + "/telemetry?step=1m&limit=200", acme);
        assertThat(minutes.get("count").asInt()).isEqualTo(120);
        JsonNode daily = get("/api/v1/batteries/" + A + "/telemetry?step=1d", acme);
        assertThat(daily.get("buckets")).hasSize(1);
        assertThat(daily.get("buckets").get(0).get("count").asLong()).isEqualTo(120);

        for (String bad : List.of("step=1y", "step=0h", "step=1000m", "step=1h%3BDROP%20TABLE", "limit=0", "from=2026")) {
            HttpResponse<String> res = call("GET", "/api/v1/batteries/" + A + "/telemetry?" + bad, acme, null);
            assertThat(res.statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void adminProvisionsDevicesBatteriesOrganisationsAndTokens() throws Exception {
        JsonNode device = ok(call("POST", "/api/v1/devices", admin, "{\"id\":\"veh-new\"}"), 201);
        String secret = device.get("secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(device.get("topic").asText()).isEqualTo("voltrace/v1/veh-new/telemetry");
        assertThat(registry.authenticate("veh-new", secret.toCharArray())).isTrue();
        assertThat(call("POST", "/api/v1/devices", admin, "{\"id\":\"veh-new\"}").statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/devices", admin, "{\"id\":\"bad/id\"}").statusCode()).isEqualTo(400);

        ok(call("POST", "/api/v1/organisations", admin, "{\"id\":\"fleet-3\",\"name\":\"Fleet Three\",\"kind\":\"fleet\"}"),
                201);
        assertThat(call("POST", "/api/v1/organisations", admin, "{\"id\":\"x\",\"name\":\"X\",\"kind\":\"pirate\"}")
                .body()).contains("organisation kind must be one of");
        String code = "VTRPE96DEMO001T5C0000010";
        JsonNode battery = ok(call("POST", "/api/v1/batteries", admin, "{\"code\":\"" + code + "\",\"device\":\"veh-new\","
                + "\"chemistry\":\"lfp\",\"nominalAh\":150,\"cellsSeries\":104,\"ownerOrg\":\"fleet-3\"}"), 201);
        assertThat(battery.get("chemistry").asText()).isEqualTo("LFP");
        assertThat(registry.batteriesOfDevice("veh-new")).containsExactly(code);
        HttpResponse<String> ghost = call("POST", "/api/v1/batteries", admin, "{\"code\":\"VTRPE96DEMO001T5C0000011\","
                + "\"device\":\"veh-new\",\"chemistry\":\"NMC\",\"nominalAh\":50,\"cellsSeries\":96,\"ownerOrg\":\"ghost\"}");
        assertThat(ghost.statusCode()).isEqualTo(400);
        assertThat(ghost.body()).contains("organisation ghost is not registered");
        assertThat(call("POST", "/api/v1/batteries", admin, "{\"code\":\"BAD\",\"device\":\"veh-new\",\"chemistry\":"
                + "\"NMC\",\"nominalAh\":50,\"cellsSeries\":96}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/batteries", admin, "{\"code\":\"" + code + "\",\"device\":\"veh-new\","
                + "\"chemistry\":\"NMC\",\"nominalAh\":50,\"cellsSeries\":96}").statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/batteries", admin, "not json").statusCode()).isEqualTo(400);

        JsonNode token = ok(call("POST", "/api/v1/tokens", admin, "{\"role\":\"fleet\",\"org\":\"fleet-3\"}"), 201);
        String fleet3 = token.get("token").asText();
        assertThat(codes(get("/api/v1/batteries", fleet3))).containsExactly(code);
        assertThat(call("POST", "/api/v1/tokens", admin, "{\"role\":\"fleet\",\"org\":\"green\"}").body())
                .contains("needs an organisation of kind fleet");
        JsonNode listed = get("/api/v1/tokens", admin);
        assertThat(listed.toString()).doesNotContain(fleet3).doesNotContain("hash");
        ok(call("DELETE", "/api/v1/tokens/" + token.get("id").asText(), admin, null), 200);
        assertThat(call("GET", "/api/v1/batteries", fleet3, null).statusCode()).isEqualTo(401);
        assertThat(call("DELETE", "/api/v1/tokens/" + token.get("id").asText(), admin, null).statusCode())
                .isEqualTo(404);

        // Custody moves the battery into the recycler's view.
        ok(call("PUT", "/api/v1/batteries/" + code + "/custodian", admin, "{\"org\":\"green\"}"), 200);
        assertThat(codes(get("/api/v1/batteries", recycler))).contains(code);
        ok(call("PUT", "/api/v1/batteries/" + code + "/custodian", admin, "{\"org\":null}"), 200);
        assertThat(codes(get("/api/v1/batteries", recycler))).doesNotContain(code);
    }

    @Test
    void deadLettersArePagedForAdminsWithTheirRawPayload() throws Exception {
        JsonNode page = get("/api/v1/dead-letters?limit=10", admin);
        assertThat(page.get("count").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode first = page.get("deadLetters").get(page.get("count").asInt() - 1);
        assertThat(first.get("reason").asText()).isEqualTo("value out of range");
        assertThat(first.has("payloadBase64")).isFalse();
        JsonNode one = get("/api/v1/dead-letters/" + letterId, admin);
        assertThat(new String(Base64.getDecoder().decode(one.get("payloadBase64").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{\"soc\":120}");
        assertThat(call("GET", "/api/v1/dead-letters/999999", admin, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/dead-letters/abc", admin, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/dead-letters?limit=501", admin, null).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/dead-letters?device=nobody", admin).get("count").asInt()).isZero();
        // The quotas and what they removed (#16): nothing yet here; a device's view states the per-device quota.
        assertThat(page.get("evicted").get("letters").asLong()).isZero();
        assertThat(page.get("evicted").get("quotaBytes").asLong()).isEqualTo(200L << 20);
        assertThat(get("/api/v1/dead-letters?device=nobody", admin).get("evicted").get("quotaBytes").asLong())
                .isEqualTo(10L << 20);
    }

    @Test
    void operationsEndpointsAreOpen() throws Exception {
        assertThat(get("/health/live", null).get("status").asText()).isEqualTo("UP");
        JsonNode ready = get("/health/ready", null);
        assertThat(ready.get("checks").get("store").get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("checks").get("registry").get("status").asText()).isEqualTo("UP");
        HttpResponse<String> metrics = call("GET", "/metrics", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/plain"));
        assertThat(metrics.body()).contains("voltrace_store_write_seconds_bucket").contains("jvm_memory_used_bytes");
    }

    @Test
    void readinessIsDownWhileADependencyDoesNotAnswer() throws Exception {
        Vertx v = Vertx.vertx();
        Readiness readiness = new Readiness(Duration.ofMillis(300))
                .add("registry", registry::ping)
                .add("store", () -> {
                    throw new IllegalStateException("store unreachable");
                })
                .add("slow", () -> Thread.sleep(5_000));
        RestApi down = new RestApi(v, registry, reader, new IngestMetrics(), readiness);
        try {
            int port = down.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(res.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.get("checks").get("registry").get("status").asText()).isEqualTo("UP");
            assertThat(body.get("checks").get("store").get("error").asText()).contains("store unreachable");
            assertThat(body.get("checks").get("slow").get("error").asText()).contains("no answer within 300 ms");
        } finally {
            down.stop().await(10, TimeUnit.SECONDS);
            readiness.close();
            v.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void unknownEndpointsAnswerJson404() throws Exception {
        HttpResponse<String> res = call("GET", "/nothing/here", null, null);
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.body()).contains("no such endpoint");
    }
}
