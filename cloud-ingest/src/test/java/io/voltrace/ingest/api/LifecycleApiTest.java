package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.metrics.IngestMetrics;
import io.voltrace.ingest.privacy.KeyRing;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle endpoints over real HTTP: every role trying what it may and may not do, custody by transfer, the
 * state machine's answers, tamper detection, key rotation, and the privacy dump (database and logs hold no VIN).
 */
class LifecycleApiTest {
    static final String PACK = "VTRPE96DEMO001T5C0000001";
    static final String VIN = "LSVAU2180N2183294";
    static final String PLATE = "沪A12345";
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] K1 = new byte[32];
    static final byte[] K2 = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            K1[i] = (byte) i;
            K2[i] = (byte) (100 + i);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> token;
    private ApiFixture fixture;
    private Registry registry;
    private RestApi api;
    private String base;
    private ListAppender<ILoggingEvent> logs;
    private Level savedLevel;

    record Reply(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeEach
    void start() throws Exception {
        Logger voltrace = (Logger) LoggerFactory.getLogger("io.voltrace");
        savedLevel = voltrace.getLevel();
        voltrace.setLevel(Level.TRACE); // capture even debug lines: none may carry a VIN
        logs = new ListAppender<>();
        logs.start();
        voltrace.addAppender(logs);
        voltrace.setAdditive(false); // keep the console quiet; the list still sees everything

        fixture = ApiFixture.registryOnly();
        registry = fixture.registry();
        token = fixture.organisationPerKind(T0);
        registry.createOrganisation(new Organisation("fleet-2", "fleet-2", OrganisationKind.FLEET, T0));
        token.put("fleet-2", new ApiTokens(registry).issue(Role.FLEET, "fleet-2", null, null).token());
        base = fixture.serve(vertx -> api = new RestApi(vertx, registry, null, new IngestMetrics(),
                fixture.readiness()).usePersonalDataKeys(new KeyRing(Map.of("k1", K1), "k1")));
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.voltrace")).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.voltrace")).setLevel(savedLevel);
        ((Logger) LoggerFactory.getLogger("io.voltrace")).setAdditive(true);
        fixture.close();
    }

    Reply call(String who, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token.get(who));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    Reply event(String who, String type, int day, Object... kv) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("occurredAt", T0.plus(Duration.ofDays(day)).toString());
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals("vin") || kv[i].equals("plate") || kv[i].equals("actorOrg")) {
                body.put((String) kv[i], kv[i + 1]);
            } else {
                details.put((String) kv[i], kv[i + 1]);
            }
        }
        body.put("details", details);
        return call(who, "POST", "/api/v1/ledger/" + PACK + "/events", body);
    }

    void transfer(String from, String to, int day) throws Exception {
        assertThat(event(from, "transfer_initiated", day, "to", to).status()).isEqualTo(201);
        assertThat(event(to, "transfer_accepted", day).status()).isEqualTo(201);
    }

    @Test
    void rolesCustodyStateMachineTamperAndPrivacy() throws Exception {
        // Only a manufacturer produces; auditors never write.
        assertThat(event("fleet", "production", 0).status()).isEqualTo(409);
        assertThat(event("auditor", "production", 0).status()).isEqualTo(403);
        assertThat(event("manufacturer", "production", 0).status()).isEqualTo(201);
        registry.registerDevice("dev-1", "secret".toCharArray());
        registry.registerBattery(new io.voltrace.ingest.registry.BatteryRecord(PACK, "dev-1",
                io.voltrace.common.chemistry.Chemistry.NMC, 60, 96, null, T0, "fleet", null));
        // The registry's custodian follows the ledger, and the admin override no longer applies.
        assertThat(registry.battery(PACK).orElseThrow().custodianOrg()).isNull();
        assertThat(call("admin", "PUT", "/api/v1/batteries/" + PACK + "/custodian", Map.of("org", "fleet-2"))
                .status()).isEqualTo(409);
        // Another organisation cannot even see the ledger; the manufacturer, admin and auditor can.
        assertThat(call("fleet-2", "GET", "/api/v1/ledger/" + PACK, null).status()).isEqualTo(404);
        assertThat(call("auditor", "GET", "/api/v1/ledger/" + PACK, null).status()).isEqualTo(200);
        // Custody moves by transfer both sides see: the receiver sees the offer, then accepts.
        assertThat(event("manufacturer", "transfer_initiated", 1, "to", "vehicle-maker").status()).isEqualTo(201);
        assertThat(call("vehicle-maker", "GET", "/api/v1/ledger/" + PACK, null).status()).isEqualTo(200);
        for (String side : new String[]{"manufacturer", "vehicle-maker"}) {
            JsonNode offers = call(side, "GET", "/api/v1/transfers", null).json();
            assertThat(offers.get("count").asInt()).as(side).isEqualTo(1);
            assertThat(offers.get("transfers").get(0).get("to").asText()).isEqualTo("vehicle-maker");
        }
        assertThat(call("fleet-2", "GET", "/api/v1/transfers", null).json().get("count").asInt()).isZero();
        Reply install = event("vehicle-maker", "installation", 2, "vin", VIN, "plate", PLATE);
        assertThat(install.status()).as("not custodian yet").isEqualTo(409);
        assertThat(install.json().get("error").asText()).contains("not the battery's custodian");
        try (Connection c = registry.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM vehicle_identity")) {
            rs.next();
            assertThat(rs.getInt(1)).as("a refused event keeps no vehicle identity").isZero();
        }
        assertThat(event("vehicle-maker", "transfer_accepted", 1).status()).isEqualTo(201);
        assertThat(registry.battery(PACK).orElseThrow().custodianOrg()).isEqualTo("vehicle-maker");
        // A vehicle maker may not act as another organisation.
        assertThat(event("vehicle-maker", "sale", 2, "actorOrg", "manufacturer").status()).isEqualTo(403);
        // VINs go only in the encrypted field.
        assertThat(event("vehicle-maker", "installation", 2, "note", "car " + VIN).status()).isEqualTo(400);
        install = event("vehicle-maker", "installation", 2, "vin", VIN, "plate", PLATE);
        assertThat(install.status()).as(install.body()).isEqualTo(201);
        String ref = install.json().get("details").get("vehicle").asText();
        assertThat(ref).matches("veh_[0-9a-f]{16}");
        assertThat(install.body()).doesNotContain(VIN);

        // Auditor sees the identity masked, admin in clear, an organisation role not at all.
        JsonNode masked = call("auditor", "GET", "/api/v1/vehicles/" + ref, null).json();
        assertThat(masked.get("vin").asText()).isEqualTo("LSV**************");
        assertThat(masked.get("plate").asText()).isEqualTo("沪******");
        assertThat(call("admin", "GET", "/api/v1/vehicles/" + ref, null).json().get("vin").asText()).isEqualTo(VIN);
        assertThat(call("fleet", "GET", "/api/v1/vehicles/" + ref, null).status()).isEqualTo(403);

        // Recycling a battery still installed: refused with the reason.
        transfer("vehicle-maker", "recycler", 3);
        Reply intake = event("recycler", "recycler_intake", 4);
        assertThat(intake.status()).isEqualTo(409);
        assertThat(intake.json().get("error").asText()).contains("still installed in vehicle " + ref);
        assertThat(event("recycler", "removal", 4).status()).as("a recycler does not remove").isEqualTo(409);
        transfer("recycler", "dismantler", 4);
        assertThat(event("dismantler", "vehicle_scrapping", 5).status()).isEqualTo(201);
        assertThat(event("dismantler", "removal", 6).status()).isEqualTo(201);
        transfer("dismantler", "recycler", 7);
        assertThat(event("recycler", "recycler_intake", 7).status()).isEqualTo(201);
        assertThat(event("recycler", "grading", 8, "grade", "RECYCLE").status()).isEqualTo(201);
        assertThat(call("recycler", "GET", "/api/v1/grading/" + PACK, null).json().get("details").get("grade")
                .asText()).isEqualTo("RECYCLE");

        // Reports: JSON and CSV; the recycler sees only its own duties.
        String period = "?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z";
        JsonNode all = call("auditor", "GET", "/api/v1/reports" + period, null).json();
        assertThat(all.get("format").asText()).isEqualTo("voltrace-regulatory-report/1");
        assertThat(all.get("count").asInt()).isGreaterThanOrEqualTo(7);
        JsonNode own = call("recycler", "GET", "/api/v1/reports" + period, null).json();
        for (JsonNode item : own.get("items")) {
            assertThat(item.get("actorOrg").asText()).isEqualTo("recycler");
        }
        Reply csv = call("auditor", "GET", "/api/v1/reports" + period + "&format=csv", null);
        assertThat(csv.body()).startsWith("battery,seq,eventType");
        assertThat(call("recycler", "POST", "/api/v1/reports/submissions", Map.of("battery", PACK, "seq", 1))
                .status()).isEqualTo(400);

        // Verify: intact, then a record altered in SQL is named by battery and sequence number.
        assertThat(call("auditor", "GET", "/api/v1/ledger/verify", null).json().get("intact").asBoolean()).isTrue();
        assertThat(call("fleet", "GET", "/api/v1/ledger/verify", null).status()).isEqualTo(403);

        // Privacy dump: every table (H2 SCRIPT) and every captured log line, searched for the VIN and plate.
        StringBuilder dump = new StringBuilder();
        try (Connection c = registry.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SCRIPT")) {
            while (rs.next()) {
                dump.append(rs.getString(1)).append('\n');
            }
        }
        assertThat(dump).contains("vehicle_identity".toUpperCase()).contains(ref);
        assertThat(dump.toString()).doesNotContain(VIN).doesNotContain(VIN.toLowerCase()).doesNotContain(PLATE);
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage()).doesNotContain(VIN).doesNotContain(PLATE);
        }

        try (Connection c = registry.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE ledger_event SET actor_org = 'fleet' WHERE battery = '" + PACK + "' AND seq = 5");
        }
        JsonNode verify = call("admin", "GET", "/api/v1/ledger/" + PACK + "/verify", null).json();
        assertThat(verify.get("intact").asBoolean()).isFalse();
        assertThat(verify.get("findings").get(0).get("battery").asText()).isEqualTo(PACK);
        assertThat(verify.get("findings").get(0).get("seq").asLong()).isEqualTo(5);
    }

    @Test
    void reCodingAndComponentsOverHttp() throws Exception {
        String module = "VTRME96DEMO001T5C0000002";
        String newCode = "RUSPB12REUSE01U1A0000001";
        assertThat(event("manufacturer", "production", 0).status()).isEqualTo(201);
        Reply link = call("manufacturer", "POST", "/api/v1/ledger/" + PACK + "/components", Map.of("child", module));
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        assertThat(call("admin", "POST", "/api/v1/ledger/" + module + "/components", Map.of("child", PACK))
                .json().get("error").asText()).contains("a module cannot contain a pack");
        assertThat(call("fleet", "POST", "/api/v1/ledger/" + PACK + "/components", Map.of("child", module))
                .status()).isEqualTo(403);
        transfer("manufacturer", "reuse-maker", 1);
        Reply recode = call("reuse-maker", "POST", "/api/v1/ledger/" + PACK + "/recode",
                Map.of("newCode", newCode, "occurredAt", T0.plus(Duration.ofDays(2)).toString()));
        assertThat(recode.status()).as(recode.body()).isEqualTo(201);
        JsonNode links = call("reuse-maker", "GET", "/api/v1/ledger/" + newCode + "/links", null).json();
        assertThat(links.get("originalCode").asText()).isEqualTo(PACK);
        assertThat(call("admin", "GET", "/api/v1/ledger/" + PACK + "/links", null).json().get("components").get(0)
                .asText()).isEqualTo(module);
        assertThat(call("auditor", "GET", "/api/v1/ledger/" + PACK, null).json().get("state").asText())
                .isEqualTo("recoded");
        assertThat(call("auditor", "GET", "/api/v1/ledger/" + newCode, null).json().get("events").get(0)
                .get("details").get("originalCode").asText()).isEqualTo(PACK);
        assertThat(call("code-error", "GET", "/api/v1/ledger/NOTACODE", null).status()).isEqualTo(401);
        assertThat(call("admin", "GET", "/api/v1/ledger/VTRPE96DEMO001TDC0000001", null).json().get("error")
                .asText()).contains("position 16");
    }

    @Test
    void keysRotateAndOldValuesAreReEncrypted() throws Exception {
        assertThat(event("manufacturer", "production", 0).status()).isEqualTo(201);
        transfer("manufacturer", "fleet", 1);
        Reply install = event("fleet", "installation", 2, "vin", VIN);
        String ref = install.json().get("details").get("vehicle").asText();
        // Rotate: k2 becomes active, k1 stays to open old values.
        api.usePersonalDataKeys(new KeyRing(Map.of("k1", K1, "k2", K2), "k2"));
        assertThat(call("admin", "GET", "/api/v1/vehicles/" + ref, null).json().get("vin").asText()).isEqualTo(VIN);
        JsonNode done = call("admin", "POST", "/api/v1/vehicles/reencrypt", null).json();
        assertThat(done.get("reencrypted").asInt()).isEqualTo(1);
        assertThat(done.get("keyUsage").has("k1")).isFalse();
        // k1 can now be dropped.
        api.usePersonalDataKeys(new KeyRing(Map.of("k2", K2), "k2"));
        assertThat(call("admin", "GET", "/api/v1/vehicles/" + ref, null).json().get("vin").asText()).isEqualTo(VIN);
        assertThat(call("fleet", "POST", "/api/v1/vehicles/reencrypt", null).status()).isEqualTo(403);
        // Without any key, vehicle identities are refused, not stored in clear.
        api.usePersonalDataKeys(null);
        assertThat(call("admin", "GET", "/api/v1/vehicles/" + ref, null).status()).isEqualTo(503);
    }
}
