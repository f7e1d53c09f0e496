package io.voltrace.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.agent.AgentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production compose stack (docker-compose.yml) against the repository and the code that reads its settings. */
class ComposeFileTest {

    private static Path repo;

    @BeforeAll
    static void findRepo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("no docker-compose.yml above the working directory").isNotNull();
        repo = dir;
    }

    @Test
    void composeFileParsesAndHasTheWholeStack() throws IOException {
        Map<String, Object> compose = ComposeCheck.parse(repo.resolve("docker-compose.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("postgres", "questdb", "mosquitto", "ingest-1", "ingest-2", "grafana",
                "sim-1", "sim-2", "sim-3");
    }

    @Test
    void composeFileMountsExistingPathsSetsKnownVariablesAndPublishesListeningPorts() throws IOException {
        List<String> problems = new ComposeCheck(repo).check(repo.resolve("docker-compose.yml"));
        assertThat(problems).as("docker-compose.yml problems:\n" + String.join("\n", problems)).isEmpty();
    }

    @Test
    void documentedSettingKeysAreReadByTheCode() throws IOException {
        List<String> problems = new ComposeCheck(repo).checkKeysAgainstCode();
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
        assertThat(ComposeCheck.settingKeys(repo.resolve("deploy/edge.conf")))
                .contains("device.id", "can.source", "can.simulator.seed", "mqtt.password", "mqtt.password-file");
        assertThat(ComposeCheck.settingKeys(repo.resolve("deploy/ingest.properties")))
                .contains("bind", "http.port", "broker.share-group", "grading.policy-file");
    }

    @Test
    void grafanaProvisioningIsMountedWithTheDashboard() throws IOException {
        assertThat(repo.resolve("deploy/grafana/dashboards/battery-health.json")).isRegularFile();
        String datasource = Files.readString(repo.resolve("deploy/grafana/provisioning/datasources/questdb.yml"));
        assertThat(datasource).contains("questdb:8812", "database: qdb", "sslmode: disable",
                "${VOLTRACE_QUESTDB_PASSWORD}");
        String dashboard = Files.readString(repo.resolve("deploy/grafana/dashboards/battery-health.json"));
        assertThat(dashboard).contains("pack_telemetry", "voltrace-questdb", "\"name\": \"battery\"");
    }

    @Test
    void badComposeFileIsReportedWithServiceAndKey(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("docker-compose.yml");
        Files.writeString(bad, """
                services:
                  ingest-1:
                    image: eclipse-temurin:17-jre
                    command: java -jar /opt/voltrace/voltrace.jar ingest --config /opt/voltrace-deploy/missing.properties
                    environment:
                      VOLTRACE_INGEST_HTTP_PORT: "8080"
                      VOLTRACE_INGEST_HTTP_PROT: "9090"
                      VOLTRACE_EDGE_DEVICE_ID: veh-1
                    volumes:
                      - ./deploy:/opt/voltrace-deploy:ro
                      - ./deploy/no-such-dir:/x:ro
                      - undeclared:/data
                    ports:
                      - "9999:9090"
                  sim:
                    image: eclipse-temurin:17-jre
                    command: java -jar /opt/voltrace/voltrace.jar edge --config /opt/voltrace-deploy/edge.conf
                    environment:
                      VOLTRACE_EDGE_CAN_SOURCE: simulator
                      VOLTRACE_EDGE_CAN_SAUCE: simulator
                    volumes:
                      - ./deploy:/opt/voltrace-deploy:ro
                  grafana:
                    image: grafana/grafana-oss:11.3.0
                    ports:
                      - "3000:3000"
                      - "8080:80"
                """);
        // The checker resolves ./ paths against the repo, so the bad file's mounts point into the real deploy/.
        List<String> problems = new ComposeCheck(repo).check(bad);
        assertThat(problems).contains(
                "service ingest-1: VOLTRACE_INGEST_HTTP_PROT is no ingest setting (keys: deploy/ingest.properties)",
                "service ingest-1: sets VOLTRACE_EDGE_DEVICE_ID but does not run 'voltrace ingest'".replace(
                        "'voltrace ingest'", "'voltrace edge'"),
                "service ingest-1: bind-mounted host path ./deploy/no-such-dir does not exist",
                "service ingest-1: volume 'undeclared' is not declared under top-level volumes",
                "service ingest-1: --config /opt/voltrace-deploy/missing.properties is deploy/missing.properties "
                        + "in the repo, which does not exist",
                "service ingest-1: publishes container port 9090 but the service listens on [8080, 1884]",
                "service sim: VOLTRACE_EDGE_CAN_SAUCE is no edge setting (keys: deploy/edge.conf)",
                "service grafana: publishes container port 80 but the service listens on [3000]");
        assertThat(problems).hasSize(8);
    }

    @Test
    void simulatorServicesStartWithTheirComposeSettings() throws Exception {
        Map<String, Object> compose = ComposeCheck.parse(repo.resolve("docker-compose.yml"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        for (String sim : List.of("sim-1", "sim-2", "sim-3")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) services.get(sim).get("environment");
            Map<String, String> resolved = new HashMap<>();
            // ${VAR:?…} come from .env in production; a valid code and a secret stand in for them here.
            env.forEach((k, v) -> resolved.put(k, String.valueOf(v).startsWith("${")
                    ? (k.endsWith("BATTERY") ? "VTRPE96DEMO001T5C0000042" : "secret") : String.valueOf(v)));
            resolved.put("VOLTRACE_EDGE_SPOOL_DIR", repo.resolve("cli/target/compose-check/" + sim).toString());
            AgentConfig config = AgentConfig.load(
                    repo.resolve("deploy/edge-simulator.conf"), resolved);
            assertThat(config).as(sim).isNotNull();
        }
    }

    @Test
    void allowListNamesItsReasons() {
        assertThat(ComposeCheck.ALLOWED_MISSING).allSatisfy((path, reason) -> assertThat(reason).isNotBlank());
        assertThat(ComposeCheck.ALLOWED_MISSING).doesNotContainKey("deploy");
    }
}
