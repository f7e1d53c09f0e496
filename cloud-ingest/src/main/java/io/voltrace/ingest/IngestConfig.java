package io.voltrace.ingest;

import io.voltrace.ingest.broker.BrokerSettings;
import io.voltrace.ingest.registry.EmbeddedRegistry;
import io.voltrace.ingest.store.Durability;
import java.nio.file.Path;

/**
 * How an ingest instance runs. The defaults need no external server: QuestDB runs in-process under
 * {@code dataDir/questdb}, the registry is an H2 file under {@code dataDir}, devices connect to the ingest's own MQTT
 * endpoint. Production points the registry at PostgreSQL, the store at an external QuestDB, and may take telemetry
 * from a broker's shared subscription instead of (or besides) the own endpoint.
 *
 * @param dataDir  where embedded stores keep their files
 * @param bindHost address the MQTT endpoint and the HTTP API listen on
 * @param mqttPort own MQTT endpoint port (0 picks a free one; -1 runs no own endpoint, e.g. broker mode only)
 * @param httpPort REST API port (0 picks a free one)
 * @param registry registry database; null url means the embedded H2 file
 * @param store    time-series store; null urls mean QuestDB in-process
 * @param broker   broker-mode settings, or null for none
 * @param gradingPolicy a grading policy file (JSON, see {@code voltrace fleet policy --defaults}), or null for the
 *                      shipped defaults
 * @param mqttTls  TLS for the own MQTT endpoint (PEM certificate chain and key), or null for plain TCP
 * @param healthInterval how often the health scheduler reassesses batteries whose evidence changed
 *                       ({@code health.interval}); zero runs no scheduler (assessments on request only)
 * @param limits   bounds of the fault paths: dead-letter quotas, retries of a write the store rejects
 * @param durability how far a write goes before it is acknowledged ({@code store.durability}, issue #16)
 */
public record IngestConfig(Path dataDir, String bindHost, int mqttPort, int httpPort, Registry registry,
                           Store store, BrokerSettings broker, Path gradingPolicy, MqttTls mqttTls,
                           java.time.Duration healthInterval, Limits limits, Durability durability) {

    public IngestConfig(Path dataDir, String bindHost, int mqttPort, int httpPort, Registry registry, Store store,
                        BrokerSettings broker, Path gradingPolicy, MqttTls mqttTls,
                        java.time.Duration healthInterval) {
        this(dataDir, bindHost, mqttPort, httpPort, registry, store, broker, gradingPolicy, mqttTls, healthInterval,
                Limits.DEFAULT, Durability.DEFAULT);
    }

    /**
     * Bounds of the intake's fault paths (#16).
     *
     * @param deadLetterQuota       what the dead-letter table may hold per device and in all
     *                              ({@code deadletters.quota.device}, {@code deadletters.quota.total})
     * @param writeRejectionRetries how often a write the store refuses as bad data is retried before its messages
     *                              are tried one by one and the refused ones dead-lettered
     *                              ({@code store.write.rejection-retries}); an unreachable store is retried without
     *                              bound
     */
    public record Limits(io.voltrace.ingest.deadletter.DeadLetterQuota deadLetterQuota, int writeRejectionRetries) {
        public static final Limits DEFAULT = new Limits(io.voltrace.ingest.deadletter.DeadLetterQuota.DEFAULT,
                io.voltrace.ingest.intake.WriteBatcher.DEFAULT_REJECTION_RETRIES);

        public Limits {
            java.util.Objects.requireNonNull(deadLetterQuota, "deadLetterQuota");
            if (writeRejectionRetries < 0 || writeRejectionRetries > 100) {
                throw new IllegalArgumentException("store.write.rejection-retries must be 0..100, was "
                        + writeRejectionRetries);
            }
        }
    }

    /** The same with other fault-path bounds. */
    public IngestConfig withLimits(Limits newLimits) {
        return new IngestConfig(dataDir, bindHost, mqttPort, httpPort, registry, store, broker, gradingPolicy,
                mqttTls, healthInterval, newLimits, durability);
    }

    /** The default {@code health.interval}. */
    public static final java.time.Duration DEFAULT_HEALTH_INTERVAL = java.time.Duration.ofMinutes(1);

    public IngestConfig(Path dataDir, String bindHost, int mqttPort, int httpPort, Registry registry, Store store,
                        BrokerSettings broker, Path gradingPolicy, MqttTls mqttTls) {
        this(dataDir, bindHost, mqttPort, httpPort, registry, store, broker, gradingPolicy, mqttTls,
                DEFAULT_HEALTH_INTERVAL);
    }

    /** The same with another health scheduler interval (zero: no scheduler). */
    public IngestConfig withHealthInterval(java.time.Duration interval) {
        return new IngestConfig(dataDir, bindHost, mqttPort, httpPort, registry, store, broker, gradingPolicy,
                mqttTls, interval, limits, durability);
    }

    /** The same with another {@code store.durability}. */
    public IngestConfig withDurability(Durability mode) {
        return new IngestConfig(dataDir, bindHost, mqttPort, httpPort, registry, store, broker, gradingPolicy,
                mqttTls, healthInterval, limits, mode);
    }

    public IngestConfig(Path dataDir, String bindHost, int mqttPort, int httpPort, Registry registry, Store store,
                        BrokerSettings broker) {
        this(dataDir, bindHost, mqttPort, httpPort, registry, store, broker, null, null);
    }

    /** The own endpoint's server certificate chain and private key, PEM files. */
    public record MqttTls(Path certFile, Path keyFile) {
        public MqttTls {
            if (certFile == null || keyFile == null) {
                throw new IllegalArgumentException("MQTT TLS needs both a certificate file and a key file");
            }
        }
    }

    /** The registry database: JDBC URL (null for embedded H2 under the data folder), user and password. */
    public record Registry(String url, String user, String password) {
        public static Registry embedded() {
            return new Registry(null, null, null);
        }
    }

    /**
     * The time-series store. {@code httpUrl} takes writes ({@code /api/v2/write}); {@code pgUrl} serves reads over
     * the PostgreSQL wire protocol. Both null: QuestDB in-process. {@code httpUser}/{@code httpPassword}: HTTP basic
     * credentials for the writes (a QuestDB with {@code http.user} set), or null for none.
     */
    public record Store(String httpUrl, String pgUrl, String pgUser, String pgPassword, String httpUser,
                       String httpPassword) {
        public Store(String httpUrl, String pgUrl, String pgUser, String pgPassword) {
            this(httpUrl, pgUrl, pgUser, pgPassword, null, null);
        }

        public static Store embedded() {
            return new Store(null, null, null, null);
        }

        public boolean isEmbedded() {
            return httpUrl == null;
        }
    }

    public IngestConfig {
        if (limits == null) {
            limits = Limits.DEFAULT;
        }
        if (durability == null) {
            throw new IllegalArgumentException("store.durability must be 'default' or 'sync'");
        }
        if (healthInterval == null || healthInterval.isNegative()) {
            throw new IllegalArgumentException("health.interval must be zero (off) or positive, not " + healthInterval);
        }
        if (mqttPort < 0 && broker == null) {
            throw new IllegalArgumentException("no intake: enable the own MQTT endpoint (mqtt port >= 0) or broker mode");
        }
        if (store.isEmbedded() != (store.pgUrl() == null)) {
            throw new IllegalArgumentException("an external store needs both its HTTP write URL and its PG read URL");
        }
    }

    public static IngestConfig embedded(Path dataDir, int mqttPort, int httpPort) {
        return new IngestConfig(dataDir, "127.0.0.1", mqttPort, httpPort, Registry.embedded(), Store.embedded(), null);
    }

    /**
     * A {@code health.interval} value: {@code 30s}, {@code 5m}, {@code 1h}, an ISO-8601 duration ({@code PT5M}), or
     * {@code 0} / {@code off} for no scheduler.
     */
    public static java.time.Duration parseInterval(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("0") || t.equals("off")) {
            return java.time.Duration.ZERO;
        }
        try {
            if (t.startsWith("pt")) {
                return java.time.Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            if (t.length() >= 2) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                switch (t.charAt(t.length() - 1)) {
                    case 's': return java.time.Duration.ofSeconds(n);
                    case 'm': return java.time.Duration.ofMinutes(n);
                    case 'h': return java.time.Duration.ofHours(n);
                    default: break;
                }
            }
        } catch (RuntimeException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("health.interval '" + text + "' is not a duration: write e.g. 30s, 5m, 1h"
                + " or 0 (off)");
    }

    /**
     * Opens the registry: the embedded H2 file with this installation's generated password when neither a URL nor a
     * user is set, else the database the settings name; either with this configuration's durability.
     */
    public io.voltrace.ingest.registry.Registry openRegistry() {
        if (unset(registry.url()) && unset(registry.user()) && unset(registry.password())) {
            return EmbeddedRegistry.open(dataDir, durability);
        }
        return io.voltrace.ingest.registry.Registry.open(effectiveRegistryUrl(), registry.user(),
                registry.password(), durability);
    }

    private static boolean unset(String value) {
        return value == null || value.isBlank();
    }

    public String effectiveRegistryUrl() {
        if (registry.url() != null) {
            return registry.url();
        }
        return "jdbc:h2:file:" + dataDir.resolve("registry").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
