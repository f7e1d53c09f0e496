package io.voltrace.cli.ingest;

import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.Serving;
import io.voltrace.common.config.LayeredSettings;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.broker.BrokerSettings;
import io.voltrace.ingest.deadletter.DeadLetterQuota;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the cloud ingest as a long-lived service. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Runs the cloud ingest until stopped: the MQTT intake (its own MQTT 5 endpoint for devices, "
                + "and/or a broker's shared subscription), the time-series store, the battery registry and the REST API.",
                "Settings come from --config FILE (key = value lines, see deploy/ingest.properties), then environment "
                + "variables VOLTRACE_INGEST_<KEY> (e.g. VOLTRACE_INGEST_BROKER_PASSWORD), then system properties "
                + "voltrace.ingest.<key> (JAVA_TOOL_OPTIONS=-Dvoltrace.ingest.http.port=8081), then these flags: a "
                + "later layer wins, so a flag beats the environment, which beats the file (the edge agent reads "
                + "its settings the same way).",
                "Defaults need no external server: QuestDB in-process and an H2 registry under the data folder. Use "
                        + "'ingest token' and 'ingest org' to administer it; docs/operations.md runs it in production."},
        footer = {"  ./voltrace ingest                                  # embedded stores under ./data",
                "  ./voltrace ingest --config deploy/ingest.properties --http-port 8081",
                "  VOLTRACE_INGEST_REGISTRY_URL=jdbc:postgresql://127.0.0.1:5432/test ./voltrace ingest --data /tmp/vt"})
public final class IngestCommand implements Callable<Integer> {
    static final String ENV_PREFIX = "VOLTRACE_INGEST";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file with the settings below and more")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "store folder (data.dir; default data)")
    String data;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "listen address (bind; default 127.0.0.1)")
    String bind;

    @Option(names = "--mqtt-port", paramLabel = "PORT",
            description = "own MQTT endpoint port, -1 for none (mqtt.port; default 1884)")
    String mqttPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "REST API port (http.port; default 8080)")
    String httpPort;

    @Option(names = "--registry-url", paramLabel = "JDBC", description = "registry database, e.g. "
            + "jdbc:postgresql://db:5432/voltrace (registry.url; default embedded H2)")
    String registryUrl;

    @Option(names = "--broker", paramLabel = "URI", description = "join this broker's shared subscription "
            + "(broker.uri), e.g. tcp://mosquitto:1883")
    String broker;

    @Override
    public Integer call() throws Exception {
        IngestConfig config;
        try {
            config = configFrom(settings(System.getenv()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            spec.commandLine().getErr().println("voltrace ingest: bad settings: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.USAGE;
        }
        try (IngestService ingest = IngestService.start(config)) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("voltrace ingest · MQTT " + (ingest.mqttUri() == null ? "off" : ingest.mqttUri())
                    + (config.broker() == null ? "" : " · broker " + config.broker().serverUri()
                    + " (" + config.broker().subscription() + ")")
                    + " · API " + ingest.apiBaseUrl() + "/api/v1/batteries · data in "
                    + config.dataDir().toAbsolutePath());
            out.flush();
            Serving.untilStopped(ingest);
        }
        return 0;
    }

    LayeredSettings settings(Map<String, String> environment) throws java.io.IOException {
        Map<String, String> flags = new HashMap<>();
        put(flags, "data.dir", data);
        put(flags, "bind", bind);
        put(flags, "mqtt.port", mqttPort);
        put(flags, "http.port", httpPort);
        put(flags, "registry.url", registryUrl);
        put(flags, "broker.uri", broker);
        return checked(LayeredSettings.load(config, environment, ENV_PREFIX, LayeredSettings.systemProperties(),
                flags));
    }

    /** The file's lines that do not read (no '=', a key set twice) stop the start, each named with its line. */
    public static LayeredSettings checked(LayeredSettings s) throws java.io.IOException {
        if (!s.problems().isEmpty()) {
            throw new java.io.IOException(String.join("; ", s.problems()));
        }
        return s;
    }

    static IngestConfig configFrom(LayeredSettings s) {
        IngestConfig.Registry registry = new IngestConfig.Registry(s.get("registry.url"), s.get("registry.user"),
                s.get("registry.password"));
        IngestConfig.Store store = new IngestConfig.Store(s.get("store.http-url"), s.get("store.pg-url"),
                s.get("store.pg-user", "admin"), s.get("store.pg-password", "quest"), s.get("store.http-user"),
                s.get("store.http-password"));
        BrokerSettings broker = null;
        if (s.get("broker.uri") != null) {
            String password = s.get("broker.password");
            broker = new BrokerSettings(s.get("broker.uri"), s.get("broker.client-id", "voltrace-ingest-1"),
                    s.get("broker.username"), password == null ? null : password.toCharArray(),
                    s.get("broker.share-group", "voltrace-ingest"), s.getInt("broker.receive-maximum", 1000));
        }
        return new IngestConfig(Path.of(s.get("data.dir", "data")), s.get("bind", "127.0.0.1"),
                s.getInt("mqtt.port", 1884), s.getInt("http.port", 8080), registry, store, broker,
                s.get("grading.policy-file") == null ? null : Path.of(s.get("grading.policy-file")),
                s.get("mqtt.tls.cert-file") == null && s.get("mqtt.tls.key-file") == null ? null
                        : new IngestConfig.MqttTls(path(s, "mqtt.tls.cert-file"), path(s, "mqtt.tls.key-file")))
                .withHealthInterval(s.get("health.interval") == null ? IngestConfig.DEFAULT_HEALTH_INTERVAL
                        : IngestConfig.parseInterval(s.get("health.interval")))
                .withLimits(limits(s))
                .withDurability(io.voltrace.ingest.store.Durability.parse(s.get("store.durability")));
    }

    /** The fault-path bounds (#16): dead-letter quotas and retries of a write the store refuses. */
    static IngestConfig.Limits limits(LayeredSettings s) {
        IngestConfig.Limits d = IngestConfig.Limits.DEFAULT;
        long device = s.get("deadletters.quota.device") == null ? d.deadLetterQuota().perDeviceBytes()
                : DeadLetterQuota.parseSize("deadletters.quota.device", s.get("deadletters.quota.device"));
        long total = s.get("deadletters.quota.total") == null ? d.deadLetterQuota().totalBytes()
                : DeadLetterQuota.parseSize("deadletters.quota.total", s.get("deadletters.quota.total"));
        return new IngestConfig.Limits(new DeadLetterQuota(device, total),
                s.getInt("store.write.rejection-retries", d.writeRejectionRetries()));
    }

    private static Path path(LayeredSettings s, String key) {
        String value = s.get(key);
        if (value == null) {
            throw new IllegalArgumentException("setting " + key + " is missing: MQTT TLS needs mqtt.tls.cert-file and "
                    + "mqtt.tls.key-file");
        }
        return Path.of(value);
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
