package io.voltrace.ingest;

import java.nio.file.Path;

/**
 * How an ingest instance runs. The defaults need no external server: QuestDB runs in-process under
 * {@code dataDir/questdb} and the registry is an H2 file under {@code dataDir}.
 *
 * @param dataDir      where embedded stores keep their files
 * @param bindHost     address the MQTT and HTTP endpoints listen on
 * @param mqttPort     MQTT endpoint port (0 picks a free one)
 * @param httpPort     REST API port (0 picks a free one)
 * @param registryUrl  JDBC URL of the registry, or null for the embedded H2 file
 * @param registryUser registry user (ignored for the embedded default)
 * @param registryPassword registry password (ignored for the embedded default)
 */
public record IngestConfig(Path dataDir, String bindHost, int mqttPort, int httpPort, String registryUrl,
                           String registryUser, String registryPassword) {

    public static IngestConfig embedded(Path dataDir, int mqttPort, int httpPort) {
        return new IngestConfig(dataDir, "127.0.0.1", mqttPort, httpPort, null, null, null);
    }

    public String effectiveRegistryUrl() {
        if (registryUrl != null) {
            return registryUrl;
        }
        return "jdbc:h2:file:" + dataDir.resolve("registry").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
