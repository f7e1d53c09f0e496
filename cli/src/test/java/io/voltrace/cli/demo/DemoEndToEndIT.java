package io.voltrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way, on embedded parts: simulated BMS → CAN frames → DBC decode → pack samples → MQTT 5 (Paho) →
 * Vert.x intake → QuestDB → capacity estimate and grading. Every pack's estimate must land within 3 points of the
 * simulator's truth, and the REST API must serve what was stored.
 */
class DemoEndToEndIT {

    @TempDir
    Path data;

    @Test
    void everyPackIsEstimatedWithinThreePointsOfItsTrueSoh() throws Exception {
        DemoCommand demo = new DemoCommand();
        demo.vehicles = 6;
        demo.days = 30;
        demo.seed = 7;
        demo.threads = 2;
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (IngestService ingest = IngestService.start(IngestConfig.embedded(data, 0, 0))) {
            List<DemoCommand.Row> rows = demo.run(ingest, data.resolve("edge-spool"),
                    new PrintStream(progress, true, StandardCharsets.UTF_8));

            assertThat(rows).hasSize(6);
            for (DemoCommand.Row row : rows) {
                assertThat(row.estimatedSoh()).as("estimate of %s", row.code()).isNotNull();
                assertThat(Math.abs(row.estimatedSoh() - row.trueSoh()))
                        .as("%s: true %.1f, estimated %.1f", row.code(), row.trueSoh(), row.estimatedSoh())
                        .isLessThanOrEqualTo(3.0);
                assertThat(row.grade()).isNotBlank();
                assertThat(row.reasons()).isNotEmpty();
                // Each vehicle is the real edge agent, which knows its simulated pack: it sends current steps read at
                // the full CAN rate, and the assessment states their resistance for every pack. (The minute-row
                // figure, resistanceMilliohm, may be "not established" when its recent steps scatter too much.)
                assertThat(edgeOhmic(row)).as("full-rate resistance of %s: %s", row.code(), row.reasons())
                        .isNotNull().isPositive();
                if (row.resistanceMilliohm() != null) {
                    assertThat(row.resistanceMilliohm()).isPositive();
                }
                assertThat(row.lceKg()).as("lithium carbonate equivalent of %s", row.code()).isNotNull().isPositive();
                // The edge's safety watch sent insulation readings: the screen judged a measurement, not an absence.
                assertThat(row.reasons()).as("reasons of %s", row.code())
                        .noneMatch(r -> r.contains("insulation not measured"))
                        .anyMatch(r -> r.startsWith("insulation "));
            }
            // The simulator's resistance grows as its capacity fades: the most worn pack must read higher.
            assertThat(edgeOhmic(rows.get(rows.size() - 1))).isGreaterThan(edgeOhmic(rows.get(0)));
            assertThat(rows.stream().filter(r -> r.resistanceMilliohm() != null).count())
                    .as("minute-row resistance established for most packs").isGreaterThanOrEqualTo(rows.size() - 1);
            assertThat(rows.get(0).trueSoh()).isGreaterThan(95);
            assertThat(rows.get(rows.size() - 1).trueSoh()).isLessThan(60);
            assertThat(rows.get(rows.size() - 1).grade()).isEqualTo("RECOVERY");
            assertThat(ingest.intake().counters().refusedByReason()).isEmpty();

            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl()
                    + "/api/v1/batteries")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(json.readTree(anonymous.body()).get("howToAuthenticate").asText()).contains("Bearer");
            token = new ApiTokens(ingest.registry()).issue(Role.ADMIN, null, "test", null).token();
            JsonNode list = json.readTree(get(http, ingest.apiBaseUrl() + "/api/v1/batteries").body());
            assertThat(list).hasSize(6);
            String code = rows.get(0).code();
            JsonNode health = json.readTree(get(http, ingest.apiBaseUrl() + "/api/v1/batteries/" + code + "/health").body());
            assertThat(health.get("grade").asText()).isEqualTo(rows.get(0).grade());
            JsonNode telemetry = json.readTree(get(http, ingest.apiBaseUrl() + "/api/v1/batteries/" + code
                    + "/telemetry?limit=5").body());
            assertThat(telemetry.get("samples")).hasSize(5);
            // The link the demo prints: the token as RFC 6750's access_token query parameter, no header.
            HttpResponse<String> link = http.send(HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl()
                    + "/api/v1/batteries/" + code + "?access_token=" + token)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(link.statusCode()).isEqualTo(200);
            assertThat(json.readTree(link.body()).get("code").asText()).isEqualTo(code);
            HttpResponse<String> wrongLink = http.send(HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl()
                    + "/api/v1/batteries?access_token=vt_not-a-token")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrongLink.statusCode()).isEqualTo(401);
            HttpResponse<String> postByLink = http.send(HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl()
                    + "/api/v1/devices?access_token=" + token)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(postByLink.statusCode()).as("a token in the URL is for reading only").isEqualTo(401);
            HttpResponse<String> bad = get(http, ingest.apiBaseUrl() + "/api/v1/batteries/NOT-A-CODE/health");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("invalid battery code");
        }
    }

    private String token;

    private HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final java.util.regex.Pattern EDGE_OHMIC =
            java.util.regex.Pattern.compile("ohmic resistance at full CAN rate \\(edge\\): ([0-9.]+) mΩ");

    /** The pack resistance the assessment states from the edge's full-rate current steps, mΩ; null when absent. */
    private static Double edgeOhmic(DemoCommand.Row row) {
        for (String r : row.reasons()) {
            java.util.regex.Matcher m = EDGE_OHMIC.matcher(r);
            if (m.find()) {
                return Double.valueOf(m.group(1));
            }
        }
        return null;
    }
}
