package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.metrics.IngestMetrics;
import io.voltrace.ingest.passport.ExampleDeclaration;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.RecoveryFigures;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.testing.CatenaXSchemas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The passport endpoints over HTTP: who may declare and read, the 400s that name the field, the 409 that names what
 * is missing, and the passport served validating against the Catena-X schema (read in place from the shared data).
 */
class PassportApiTest {
    static final String PACK = "VTRPE96DEMO001T5C0000001";
    static final String NEW_CODE = "RUSPE96REUSE01U1A0000001";
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> token;
    private ApiFixture fixture;
    private Registry registry;
    private String base;

    record Reply(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void start() throws Exception {
        fixture = ApiFixture.registryOnly();
        registry = fixture.registry();
        token = fixture.organisationPerKind(T0);
        registry.registerDevice("dev-1", "secret-secret".toCharArray());
        registry.registerBattery(new BatteryRecord(PACK, "dev-1", Chemistry.NMC, 60, 96, "VT-Family 60", T0)
                .withOwner("fleet"));
        base = fixture.serve(vertx -> new RestApi(vertx, registry, null, new IngestMetrics(), fixture.readiness()));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    Reply call(String who, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token.get(who));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    Reply event(String who, String code, String type, int day, Map<String, String> details) throws Exception {
        return call(who, "POST", "/api/v1/ledger/" + code + "/events", Map.of("type", type, "occurredAt",
                T0.plus(Duration.ofDays(day)).toString(), "details", details));
    }

    Map<String, Object> footprint(Object rawMaterial, String rulebook) {
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("raw_material", rawMaterial);
        stages.put("main_production", 19.5);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stages", stages);
        body.put("rulebook", rulebook);
        body.put("declaration", "CFD-2026-0042");
        body.put("performanceClass", "C");
        body.put("occurredAt", T0.plus(Duration.ofDays(1)).toString());
        return body;
    }

    @Test
    void aManufacturerDeclaresAndEveryoneWhoMaySeeTheBatteryReadsAValidPassport() throws Exception {
        assertThat(event("manufacturer", PACK, "production", 0, Map.of("cfRawMaterial", "lots", "cfRulebook", "R",
                "cfDeclaration", "D")).status()).isEqualTo(400);
        Reply badDetail = event("manufacturer", PACK, "production", 0, Map.of("cfRawMaterial", "55",
                "cfDeclaration", "D"));
        assertThat(badDetail.status()).isEqualTo(400);
        assertThat(badDetail.json().get("error").asText()).contains("cfRulebook");
        assertThat(event("manufacturer", PACK, "production", 0, Map.of()).status()).isEqualTo(201);
        Reply grading = event("manufacturer", PACK, "grading", 0, Map.of("grade", "A", "cfMainProduction", "3"));
        assertThat(grading.status()).isEqualTo(400);
        assertThat(grading.json().get("error").asText()).contains("production or carbon_footprint");

        String cfPath = "/api/v1/batteries/" + PACK + "/carbon-footprint";
        assertThat(call("fleet", "POST", cfPath, footprint(48.0, "PEFCR")).status()).isEqualTo(403);
        Reply negative = call("manufacturer", "POST", cfPath, footprint(-3, "PEFCR"));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("error").asText()).contains("stages.raw_material");
        Reply perPack = call("manufacturer", "POST", cfPath, footprint(4200, "PEFCR"));
        assertThat(perPack.json().get("error").asText()).contains("stages.raw_material").contains("per kWh");
        Reply noRulebook = call("manufacturer", "POST", cfPath, footprint(48.0, null));
        assertThat(noRulebook.status()).isEqualTo(400);
        assertThat(noRulebook.json().get("error").asText()).contains("rulebook");
        Reply cf = call("manufacturer", "POST", cfPath, footprint(48.0, "PEFCR batteries"));
        assertThat(cf.status()).as(cf.body()).isEqualTo(201);
        assertThat(cf.json().get("type").asText()).isEqualTo("carbon_footprint");

        String passport = "/api/v1/batteries/" + PACK + "/passport";
        Reply incomplete = call("manufacturer", "GET", passport, null);
        assertThat(incomplete.status()).isEqualTo(409);
        assertThat(incomplete.json().get("error").asText()).contains("/materials").contains("/safety")
                .contains("passport/declaration");

        String declaration = passport + "/declaration";
        String document = JSON.writeValueAsString(ExampleDeclaration.forPack(60, 21.3, T0));
        assertThat(call("fleet", "PUT", declaration, document).status()).isEqualTo(403);
        assertThat(call("reuse-maker", "PUT", declaration, document).status()).isEqualTo(403);
        Reply stray = call("manufacturer", "PUT", declaration, "{\"battery\": {}}");
        assertThat(stray.status()).isEqualTo(400);
        assertThat(stray.json().get("error").asText()).contains("'battery'");
        Reply declared = call("manufacturer", "PUT", declaration, document);
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        assertThat(declared.json().get("version").asInt()).isEqualTo(1);

        for (String who : List.of("manufacturer", "auditor", "admin")) {
            Reply r = call(who, "GET", passport, null);
            assertThat(r.status()).as(who + ": " + r.body()).isEqualTo(200);
            assertThat(CatenaXSchemas.errors(CatenaXSchemas.schema(CatenaXSchemas.BATTERY_PASS), r.body()))
                    .as(who).isEmpty();
            assertThat(r.json().at("/sustainability/carbonFootprint/0/value").asDouble()).isEqualTo(48.0);
            assertThat(r.json().at("/sustainability/carbonFootprint/0/performanceClass").asText()).isEqualTo("C");
        }
        assertThat(call("recycler", "GET", passport, null).status()).isEqualTo(404); // not its battery

        Reply tree = call("auditor", "GET", passport + "?form=traction-battery-code", null);
        assertThat(tree.status()).isEqualTo(200);
        assertThat(CatenaXSchemas.errors(CatenaXSchemas.schema(CatenaXSchemas.TRACTION_BATTERY_CODE), tree.body()))
                .isEmpty();
        assertThat(call("auditor", "GET", passport + "?form=xml", null).status()).isEqualTo(400);
    }

    @Test
    void aReuseRecordsTheAvoidedFootprintOnBothCodes() throws Exception {
        assertThat(event("manufacturer", PACK, "production", 0, Map.of("cfRawMaterial", "50", "cfMainProduction",
                "20", "cfRulebook", "PEFCR", "cfDeclaration", "D-1")).status()).isEqualTo(201);
        registry.saveAssessment(new HealthAssessment(PACK, T0.plus(Duration.ofDays(10)), 45.0, 75.0, 0.8, 10,
                "rest-pair OCV", "REUSE_B", List.of("SOH 75"), null, null,
                new RecoveryFigures("NMC622", 21.3, 2.3, 11.9, 4.0, 3.8, 12.4)));
        assertThat(event("manufacturer", PACK, "transfer_initiated", 11, Map.of("to", "reuse-maker")).status())
                .isEqualTo(201);
        assertThat(event("reuse-maker", PACK, "transfer_accepted", 11, Map.of()).status()).isEqualTo(201);

        Reply prospective = call("auditor", "GET", "/api/v1/batteries/" + PACK + "/carbon-footprint", null);
        assertThat(prospective.status()).as(prospective.body()).isEqualTo(200);
        assertThat(prospective.json().at("/declared/totalKgCo2ePerKwh").asDouble()).isEqualTo(70);
        assertThat(prospective.json().at("/declared/stages/raw_material").asDouble()).isEqualTo(50);
        assertThat(prospective.json().at("/reuse/recorded").asBoolean()).isFalse();
        assertThat(prospective.json().at("/reuse/avoidedKgCo2e").asDouble()).isEqualTo(1118.3);

        Reply recode = call("reuse-maker", "POST", "/api/v1/ledger/" + PACK + "/recode", Map.of("newCode", NEW_CODE,
                "occurredAt", T0.plus(Duration.ofDays(12)).toString(), "details", Map.of("avoidedKgCo2e", "99999")));
        assertThat(recode.status()).as(recode.body()).isEqualTo(201);
        for (String side : List.of("original", "recoded")) {
            JsonNode details = recode.json().at("/" + side + "/details");
            assertThat(details.get("avoidedEnergyKwh").asText()).isEqualTo("16");   // 21.3 kWh x 75 %
            assertThat(details.get("avoidedFactor").asText()).isEqualTo("70");      // declared 50 + 20
            assertThat(details.get("avoidedKgCo2e").asText()).isEqualTo("1118.3");  // 15.975 kWh x 70, not the caller's
        }
        Reply recorded = call("reuse-maker", "GET", "/api/v1/batteries/" + PACK + "/carbon-footprint", null);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        assertThat(recorded.json().at("/reuse/recorded").asBoolean()).isTrue();
        assertThat(recorded.json().at("/reuse/seq").asInt()).isEqualTo(recode.json().at("/original/seq").asInt());
        assertThat(call("recycler", "GET", "/api/v1/batteries/" + PACK + "/carbon-footprint", null).status())
                .as("neither owner nor custodian").isEqualTo(404);
    }
}
