package io.voltrace.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who reads a battery's per-vehicle data (#16): telemetry, edge evidence and implausible samples go to admins, the
 * owning fleet and the recycler holding the battery, as docs/api.md's role model and the OpenAPI say; the other
 * custody roles (a vehicle maker holding the battery among them) and auditors get 403, though they see its record.
 */
class TelemetryRoleMatrixTest {
    static final String CODE = "VTRPE96DEMO001T5C0000041";
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final List<String> PER_VEHICLE = List.of("/telemetry", "/telemetry?step=1h", "/evidence", "/implausible");

    @TempDir
    static Path root;
    static ApiFixture fixture;
    static Registry registry;
    static String base;
    static ApiTokens tokens;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fixture = ApiFixture.withTelemetry(root.resolve("questdb"));
        registry = fixture.registry();
        for (OrganisationKind kind : OrganisationKind.values()) {
            registry.createOrganisation(new Organisation(org(kind), kind.wireName(), kind, T0));
        }
        registry.createOrganisation(new Organisation("other-fleet", "other", OrganisationKind.FLEET, T0));
        registry.registerDevice("veh-41", "s".toCharArray());
        registry.registerBattery(new BatteryRecord(CODE, "veh-41", Chemistry.NMC, 60, 96, null, T0,
                org(OrganisationKind.FLEET), null));
        try (TelemetryWriter writer = new TelemetryWriter(fixture.questDb().writeTarget())) {
            writer.write(List.of(RestApiTest.series("veh-41", CODE, 3)));
        }
        fixture.reader().awaitApplied(Duration.ofSeconds(20));
        tokens = new ApiTokens(registry);
        base = fixture.serve(vertx -> new RestApi(vertx, registry, fixture.reader()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    static String org(OrganisationKind kind) {
        return kind.wireName().replace('_', '-') + "-org";
    }

    static int status(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/batteries/" + CODE + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void perVehicleDataGoesToAdminTheOwningFleetAndTheRecyclerHoldingIt() throws Exception {
        String admin = tokens.issue(Role.ADMIN, null, "t", null).token();
        String fleet = tokens.issue(Role.FLEET, org(OrganisationKind.FLEET), null, null).token();
        String otherFleet = tokens.issue(Role.FLEET, "other-fleet", null, null).token();
        String auditor = tokens.issue(Role.AUDITOR, org(OrganisationKind.AUDITOR), null, null).token();
        registry.setCustodian(CODE, org(OrganisationKind.RECYCLER));
        String recycler = tokens.issue(Role.RECYCLER, org(OrganisationKind.RECYCLER), null, null).token();
        for (String path : PER_VEHICLE) {
            assertThat(status(path, admin)).as("admin %s", path).isEqualTo(200);
            assertThat(status(path, fleet)).as("owning fleet %s", path).isEqualTo(200);
            assertThat(status(path, recycler)).as("recycler holding it %s", path).isEqualTo(200);
            assertThat(status(path, otherFleet)).as("another fleet %s", path).isEqualTo(404);
            assertThat(status(path, auditor)).as("auditor %s", path).isEqualTo(403);
        }
    }

    @Test
    void theOtherCustodyRolesSeeTheRecordButNotHowTheVehicleWasUsed() throws Exception {
        for (Role role : List.of(Role.MANUFACTURER, Role.VEHICLE_MAKER, Role.REPAIR_SHOP, Role.DISMANTLER,
                Role.REUSE_MAKER)) {
            registry.setCustodian(CODE, org(role.orgKind()));
            String token = tokens.issue(role, org(role.orgKind()), null, null).token();
            assertThat(status("", token)).as("%s holding the battery reads its record", role).isEqualTo(200);
            for (String path : PER_VEHICLE) {
                assertThat(status(path, token)).as("%s holding the battery reads %s", role, path).isEqualTo(403);
            }
        }
    }
}
