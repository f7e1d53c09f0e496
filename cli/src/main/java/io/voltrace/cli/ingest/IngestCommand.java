package io.voltrace.cli.ingest;

import io.voltrace.cli.Serving;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the cloud ingest as a long-lived service (direct MQTT mode, embedded QuestDB). */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Runs the cloud ingest: its own MQTT 5 endpoint for devices, the time-series store, the battery "
                + "registry and the REST API, until stopped.",
                "Defaults need no external server: QuestDB in-process and an H2 registry under --data."})
public final class IngestCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", paramLabel = "DIR", description = "store folder (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "listen address (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--mqtt-port", defaultValue = "1884", description = "MQTT port (default ${DEFAULT-VALUE}; 1883 is left to a broker)")
    int mqttPort;

    @Option(names = "--http-port", defaultValue = "8080", description = "REST API port (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--registry-url", paramLabel = "JDBC", description = "registry database, e.g. jdbc:postgresql://db:5432/voltrace "
            + "(default: embedded H2 under --data)")
    String registryUrl;

    @Option(names = "--registry-user", defaultValue = "${env:VOLTRACE_REGISTRY_USER}", description = "registry user (env VOLTRACE_REGISTRY_USER)")
    String registryUser;

    @Option(names = "--registry-password-env", defaultValue = "VOLTRACE_REGISTRY_PASSWORD", paramLabel = "VAR",
            description = "environment variable holding the registry password (default ${DEFAULT-VALUE})")
    String registryPasswordEnv;

    @Override
    public Integer call() throws Exception {
        IngestConfig config = new IngestConfig(data, bind, mqttPort, httpPort, registryUrl, registryUser,
                System.getenv(registryPasswordEnv));
        try (IngestService ingest = IngestService.start(config)) {
            System.out.println("voltrace ingest · MQTT " + ingest.mqttUri() + " · API " + ingest.apiBaseUrl()
                    + "/api/v1/batteries · data in " + data.toAbsolutePath());
            Serving.untilStopped(ingest);
        }
        return 0;
    }
}
