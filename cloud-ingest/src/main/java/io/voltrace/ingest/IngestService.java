package io.voltrace.ingest;

import io.vertx.core.Vertx;
import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.ingest.api.RestApi;
import io.voltrace.ingest.health.HealthService;
import io.voltrace.ingest.intake.DeviceDirectory;
import io.voltrace.ingest.intake.MqttIntake;
import io.voltrace.ingest.intake.WriteBatcher;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.store.TelemetryWriter;
import io.voltrace.ingest.store.TimeSeriesSchema;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side, assembled: time-series store, registry, MQTT intake, REST API and health analytics.
 * This class only wires parts together; each part lives in its own package.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    /** A store write carries at most this many points; more arriving during a write waits for the next one. */
    private static final int MAX_POINTS_PER_WRITE = 100_000;
    private static final long MAX_WRITE_DELAY_MS = 20;

    private final EmbeddedQuestDb questDb;
    private final TelemetryWriter writer;
    private final TelemetryReader reader;
    private final Registry registry;
    private final Vertx vertx;
    private final WriteBatcher batcher;
    private final MqttIntake intake;
    private final RestApi api;
    private final HealthService health;
    private final int mqttPort;
    private final int httpPort;
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();

    private IngestService(IngestConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        host = config.bindHost();
        questDb = EmbeddedQuestDb.start(config.dataDir().resolve("questdb"));
        TimeSeriesSchema.ensure(questDb.pgEndpoint());
        writer = TelemetryWriter.to(questDb.httpUrl());
        reader = new TelemetryReader(questDb.pgEndpoint());
        registry = Registry.open(config.effectiveRegistryUrl(), config.registryUser(), config.registryPassword());
        vertx = Vertx.vertx();
        batcher = new WriteBatcher(writer::write, MAX_POINTS_PER_WRITE, MAX_WRITE_DELAY_MS);
        DeviceDirectory devices = (deviceId, secret) -> registry.authenticate(deviceId, secret)
                ? Optional.of(registry.batteriesOfDevice(deviceId))
                : Optional.empty();
        intake = new MqttIntake(vertx, devices, batcher);
        mqttPort = intake.start(host, config.mqttPort()).await(30, TimeUnit.SECONDS);
        api = new RestApi(vertx, registry, reader);
        httpPort = api.start(host, config.httpPort()).await(30, TimeUnit.SECONDS);
        health = new HealthService(registry, reader, CapacityEstimator.defaults(), new Grader(GradingPolicy.defaults()),
                Clock.systemUTC());
        LOG.info("ingest up mqtt={}:{} http={}:{}", host, mqttPort, host, httpPort);
    }

    public static IngestService start(IngestConfig config) throws Exception {
        return new IngestService(config);
    }

    public String mqttUri() {
        return "tcp://" + host + ":" + mqttPort;
    }

    public String apiBaseUrl() {
        return "http://" + host + ":" + httpPort;
    }

    public Registry registry() {
        return registry;
    }

    public TelemetryReader telemetry() {
        return reader;
    }

    public HealthService health() {
        return health;
    }

    public MqttIntake intake() {
        return intake;
    }

    public WriteBatcher batcher() {
        return batcher;
    }

    /** Stops intake first, drains queued writes, then closes the stores. Closing twice is harmless. */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            intake.stop().await(10, TimeUnit.SECONDS);
            api.stop().await(10, TimeUnit.SECONDS);
            batcher.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            writer.close();
            reader.close();
            registry.close();
            questDb.close();
        }
    }
}
