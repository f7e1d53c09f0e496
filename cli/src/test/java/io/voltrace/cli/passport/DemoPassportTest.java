package io.voltrace.cli.passport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.VoltraceCli;
import io.voltrace.cli.demo.DemoRun;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.testing.CatenaXSchemas;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's batteries, built the way the demo builds them (simulated BMS → edge → MQTT → ingest → assessment; the
 * simulated manufacturer's production, carbon footprint and declaration): every one gets a passport that validates
 * against the Catena-X Battery Pass 6.1.0 schema, from the API while the ingest runs and from
 * {@code ./voltrace passport export} on its data folder afterwards, and the two are the same document.
 */
class DemoPassportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void everyDemoBatteryExportsAValidPassportByApiAndCli() throws Exception {
        Schema schema = CatenaXSchemas.schema(CatenaXSchemas.BATTERY_PASS);
        Map<String, JsonNode> served = new LinkedHashMap<>();
        List<HealthAssessment> assessed;
        try (IngestService ingest = IngestService.start(IngestConfig.embedded(data, 0, 0))) {
            assessed = DemoRun.run(ingest, data.resolve("edge-spool"), 3, 20, 11);
            String token = new ApiTokens(ingest.registry()).issue(Role.AUDITOR, null, "test", null).token();
            HttpClient http = HttpClient.newHttpClient();
            for (HealthAssessment a : assessed) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingest.apiBaseUrl()
                        + "/api/v1/batteries/" + a.battery() + "/passport")).header("Authorization", "Bearer " + token)
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(CatenaXSchemas.errors(schema, r.body())).as(a.battery()).isEmpty();
                served.put(a.battery(), JSON.readTree(r.body()));
            }
        }
        assertThat(assessed).hasSize(3);
        for (HealthAssessment a : assessed) {
            JsonNode pass = served.get(a.battery());
            // Evidence with its time: the state of charge is the last stored sample's, not the declared one.
            assertThat(pass.at("/performance/dynamic/stateOfCharge/time").asText()).startsWith("20")
                    .isNotEqualTo(pass.at("/performance/dynamic/fullCycles/time").asText());
            assertThat(pass.at("/sources").toString()).contains("voltrace telemetry");
            if (a.capacityAh() != null) {
                assertThat(pass.at("/performance/dynamic/capacity/capacity/value").asDouble())
                        .isCloseTo(a.capacityAh(), org.assertj.core.data.Offset.offset(0.001));
                assertThat(pass.at("/performance/dynamic/capacity/capacity/time").asText())
                        .isEqualTo(a.assessedAt().toString());
            }
            assertThat(pass.at("/sustainability/carbonFootprint")).hasSize(4);
            assertThat(pass.at("/sustainability/status").asText()).isEqualTo("original");

            Run cli = cli("passport", "export", "--code", a.battery(), "--data", data.toString());
            assertThat(cli.exit()).as(cli.err()).isEqualTo(ExitCodes.OK);
            assertThat(CatenaXSchemas.errors(schema, cli.out())).isEmpty();
            assertThat(JSON.readTree(cli.out())).as("CLI and API give the same passport").isEqualTo(pass);
        }
        Run tree = cli("passport", "export", "--code", assessed.get(0).battery(), "--data", data.toString(),
                "--form", "traction-battery-code");
        assertThat(tree.exit()).isZero();
        assertThat(CatenaXSchemas.errors(CatenaXSchemas.schema(CatenaXSchemas.TRACTION_BATTERY_CODE), tree.out()))
                .isEmpty();
        Run unknown = cli("passport", "export", "--code", "VTRPE96DEMO001T5C0999999", "--data", data.toString());
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("not registered");
        assertThat(cli("passport", "export", "--code", "NOTACODE", "--data", data.toString()).exit())
                .isEqualTo(ExitCodes.USAGE);
    }
}
