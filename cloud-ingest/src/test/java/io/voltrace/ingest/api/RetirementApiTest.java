package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/batteries/{code}/retirement} on a running in-process ingest: the owning fleet retires a
 * battery it holds; it is assessed by the service, the grading lands in its ledger, and the recycler it is offered to
 * finds it in its queue (the transfers offered to it, with the grading) and takes it into custody.
 */
class RetirementApiTest {
    static final String A = "VTRPE96DEMO001T5C0000001"; // acme's, installed in a vehicle
    static final String B = "VTRPE96DEMO001T5C0000002"; // acme's, no lifecycle history
    static final String C = "VTRPE96DEMO001T5C0000003"; // acme's, retired by an administrator
    static final String D = "VTRPE96DEMO001T5C0000004"; // other's
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    IngestService ingest;
    Ledger ledger;
    final Map<String, String> token = new HashMap<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        ingest = IngestService.start(IngestConfig.embedded(dir, io.voltrace.testing.Ports.free(), 0));
        Registry registry = ingest.registry();
        Instant t0 = Instant.now().minus(Duration.ofDays(30));
        for (String[] org : new String[][] {{"acme", "FLEET"}, {"other", "FLEET"}, {"maker", "MANUFACTURER"},
                {"green", "RECYCLER"}, {"blue", "RECYCLER"}}) {
            registry.createOrganisation(new Organisation(org[0], org[0], OrganisationKind.valueOf(org[1]), t0));
        }
        registry.registerDevice("veh-1", "s".toCharArray());
        for (String code : new String[] {A, B, C, D}) {
            registry.registerBattery(new BatteryRecord(code, "veh-1", Chemistry.NMC, 60, 96, "VT 60", t0,
                    code.equals(D) ? "other" : "acme", null));
        }
        ledger = new Ledger(registry, Clock.systemUTC());
        for (String code : new String[] {A, C, D}) {
            String fleet = code.equals(D) ? "other" : "acme";
            append(code, EventType.PRODUCTION, t0, "maker", Map.of());
            append(code, EventType.TRANSFER_INITIATED, t0.plusSeconds(60), "maker", Map.of("to", fleet));
            append(code, EventType.TRANSFER_ACCEPTED, t0.plusSeconds(120), fleet, Map.of());
            append(code, EventType.INSTALLATION, t0.plusSeconds(180), fleet,
                    Map.of("vehicle", "veh_0123456789abcdef"));
        }
        ApiTokens tokens = new ApiTokens(registry);
        token.put("admin", tokens.issue(Role.ADMIN, null, null, null).token());
        token.put("acme", tokens.issue(Role.FLEET, "acme", null, null).token());
        token.put("other", tokens.issue(Role.FLEET, "other", null, null).token());
        token.put("green", tokens.issue(Role.RECYCLER, "green", null, null).token());
    }

    void append(String code, EventType type, Instant at, String actor, Map<String, String> details) {
        ledger.append(new NewEvent(code, type, at, actor, details));
    }

    @AfterEach
    void stop() throws Exception {
        ingest.close();
    }

    record Reply(int status, JsonNode json) {
    }

    Reply call(String who, String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl() + path))
                .header("Authorization", "Bearer " + token.get(who));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    Reply retire(String who, String code, Object body) throws Exception {
        return call(who, "POST", "/api/v1/batteries/" + code + "/retirement", body);
    }

    @Test
    void theOwningFleetRetiresABatteryAndTheRecyclerFindsItGradedInItsQueue() throws Exception {
        Reply r = retire("acme", A, Map.of("offeredTo", "green", "note", "range below 70 % of new"));

        assertThat(r.status()).as(r.json().toString()).isEqualTo(201);
        JsonNode assessment = r.json().get("assessment");
        String grade = assessment.get("grade").asText();
        assertThat(grade).isNotBlank();
        assertThat(ingest.registry().latestAssessment(A)).get()
                .satisfies(a -> assertThat(a.assessedAt().toString()).isEqualTo(assessment.get("assessedAt").asText()));
        JsonNode grading = r.json().get("grading");
        assertThat(grading.get("type").asText()).isEqualTo("grading");
        assertThat(grading.get("actorOrg").asText()).isEqualTo("acme");
        assertThat(grading.get("details").get("grade").asText()).isEqualTo(grade);
        assertThat(grading.get("details").get("assessedAt").asText()).isEqualTo(assessment.get("assessedAt").asText());
        JsonNode transfer = r.json().get("transfer");
        assertThat(transfer.get("type").asText()).isEqualTo("transfer_initiated");
        assertThat(transfer.get("seq").asLong()).isGreaterThan(grading.get("seq").asLong());
        assertThat(transfer.get("details").get("to").asText()).isEqualTo("green");
        assertThat(transfer.get("details").get("purpose").asText()).isEqualTo("retirement");
        assertThat(transfer.get("details").get("note").asText()).isEqualTo("range below 70 % of new");

        // The recycler's queue: the offer, with the grading it may read from the ledger.
        Reply offered = call("green", "GET", "/api/v1/transfers", null);
        assertThat(offered.json().get("transfers")).hasSize(1);
        assertThat(offered.json().get("transfers").get(0).get("battery").asText()).isEqualTo(A);
        assertThat(offered.json().get("transfers").get(0).get("from").asText()).isEqualTo("acme");
        Reply graded = call("green", "GET", "/api/v1/grading/" + A, null);
        assertThat(graded.status()).isEqualTo(200);
        assertThat(graded.json().get("details").get("grade").asText()).isEqualTo(grade);

        // Offered once: a second request is refused before anything is assessed.
        int assessments = ingest.registry().assessments(A, Instant.EPOCH, Instant.now().plusSeconds(60), 100).size();
        Reply again = retire("acme", A, Map.of("offeredTo", "blue"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).contains("a transfer to green is already pending");
        assertThat(ingest.registry().assessments(A, Instant.EPOCH, Instant.now().plusSeconds(60), 100))
                .hasSize(assessments);

        // The recycler accepts: the battery is in its custody, listed as its own.
        Reply accepted = call("green", "POST", "/api/v1/ledger/" + A + "/events", Map.of("type",
                "transfer_accepted"));
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(201);
        Reply mine = call("green", "GET", "/api/v1/batteries", null);
        assertThat(mine.json()).extracting(b -> b.get("code").asText()).containsExactly(A);
        assertThat(call("admin", "GET", "/api/v1/ledger/" + A + "/verify", null).json().get("intact").asBoolean())
                .isTrue();
    }

    @Test
    void onlyTheOwningFleetOrAnAdministratorRetiresAndOnlyToARecyclerOrReuseMaker() throws Exception {
        assertThat(retire("green", A, Map.of("offeredTo", "green")).status()).isEqualTo(403);
        assertThat(retire("other", A, Map.of("offeredTo", "green")).status()).isEqualTo(404);
        Reply notRecycler = retire("acme", A, Map.of("offeredTo", "other"));
        assertThat(notRecycler.status()).isEqualTo(400);
        assertThat(notRecycler.json().get("error").asText()).contains("other is a fleet");
        Reply unknown = retire("acme", A, Map.of("offeredTo", "nobody"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error").asText()).contains("organisation nobody is not registered");
        assertThat(retire("acme", A, Map.of()).status()).isEqualTo(400);
        Reply vin = retire("acme", A, Map.of("offeredTo", "green", "note", "car LSVAU2180N2183294"));
        assertThat(vin.status()).isEqualTo(400);
        assertThat(vin.json().get("error").asText()).contains("no vehicle identity");

        Reply noHistory = retire("acme", B, Map.of("offeredTo", "green"));
        assertThat(noHistory.status()).isEqualTo(409);
        assertThat(noHistory.json().get("error").asText()).contains("has no lifecycle history");
        assertThat(ingest.registry().latestAssessment(B)).as("nothing assessed when refused").isEmpty();
        assertThat(ingest.registry().latestAssessment(A)).as("nor for the bad requests").isEmpty();

        Reply byAdmin = retire("admin", C, Map.of("offeredTo", "blue"));
        assertThat(byAdmin.status()).as(byAdmin.json().toString()).isEqualTo(201);
        assertThat(byAdmin.json().get("transfer").get("actorOrg").asText()).as("for the custodian").isEqualTo("acme");
        assertThat(byAdmin.json().get("grading").get("actorOrg").asText()).isEqualTo("acme");
    }
}
