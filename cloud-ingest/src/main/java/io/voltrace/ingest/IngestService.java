package io.voltrace.ingest;

import io.vertx.core.Vertx;
import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.ingest.api.RestApi;
import io.voltrace.ingest.health.HealthService;
import io.voltrace.ingest.broker.BrokerIntake;
import io.voltrace.ingest.deadletter.DeadLetterStore;
import io.voltrace.ingest.deadletter.DeadLetterWriter;
import io.voltrace.ingest.metrics.IngestMetrics;
import io.voltrace.ingest.metrics.Readiness;
import io.voltrace.ingest.validation.TelemetryValidator;
import io.voltrace.ingest.intake.DeviceDirectory;
import io.voltrace.ingest.intake.MqttIntake;
import io.voltrace.ingest.intake.WriteBatcher;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.PgEndpoint;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.store.TelemetryWriter;
import io.voltrace.ingest.store.TimeSeriesSchema;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
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

    private final EmbeddedQuestDb questDb; // null with an external store
    private final TelemetryWriter writer;
    private final TelemetryReader reader;
    private final TelemetryReader guardReader;
    private final io.voltrace.ingest.intake.FirstWriteWins firstWriteWins;
    private final Registry registry;
    private final Vertx vertx;
    private final WriteBatcher batcher;
    private final MqttIntake intake;       // null without an own endpoint
    private final BrokerIntake brokerIntake; // null without broker mode
    private final RestApi api;
    private final IngestMetrics metrics;
    private final DeadLetterWriter deadLetters;
    private final Readiness readiness;
    private final HealthService health;
    private final io.voltrace.ingest.ledger.GradingFeed gradings; // issue #7
    private final io.voltrace.ingest.health.HealthScheduler scheduler; // issue #12
    private final io.voltrace.ingest.health.HealthReducer reducer;     // issue #12
    /** How often stored telemetry is reduced: the evidence lags the store by about this much. */
    private static final Duration REDUCE_EVERY = Duration.ofMillis(500);
    private final int mqttPort;
    private final int httpPort;
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();
    private String mqttScheme = "tcp";

    private IngestService(IngestConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        host = config.bindHost();
        PgEndpoint pg;
        TelemetryWriter.Target writeTarget;
        if (config.store().isEmbedded()) {
            questDb = EmbeddedQuestDb.start(config.dataDir().resolve("questdb"), EmbeddedQuestDb.Ports.ephemeral(),
                    java.util.Map.of("QDB_CAIRO_COMMIT_MODE", config.durability().questDbCommitMode()));
            pg = questDb.pgEndpoint();
            writeTarget = questDb.writeTarget();
        } else {
            questDb = null;
            IngestConfig.Store store = config.store();
            pg = new PgEndpoint(store.pgUrl(), store.pgUser(), store.pgPassword());
            writeTarget = store.httpUser() == null ? TelemetryWriter.Target.of(store.httpUrl())
                    : TelemetryWriter.Target.of(store.httpUrl()).withBasicAuth(store.httpUser(),
                    store.httpPassword() == null ? "" : store.httpPassword());
        }
        TimeSeriesSchema.ensure(pg);
        writer = new TelemetryWriter(writeTarget);
        reader = new TelemetryReader(pg);
        try {
            // After a kill the store may still hold committed writes it has not applied: make them visible before
            // new ones arrive, so the health reducer never sees a battery's later rows before its earlier ones.
            reader.awaitApplied(Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            LOG.warn("the store has not applied earlier writes yet ({}); health evidence may count some as late",
                    io.voltrace.common.log.LogSafe.text(e.getMessage()));
        }
        registry = config.openRegistry();
        vertx = Vertx.vertx();
        vertx.exceptionHandler(e -> {
            if (MqttIntake.isMalformedPacket(e)) { // a client's garbage: not worth an ERROR line each (#16)
                LOG.debug("MQTT client sent a malformed packet: {}", io.voltrace.common.log.LogSafe.text(e));
            } else {
                LOG.error("unhandled failure: {}", io.voltrace.common.log.LogSafe.text(e), e);
            }
        });
        metrics = new IngestMetrics();
        deadLetters = DeadLetterWriter.start(new DeadLetterStore(registry.dataSource(),
                config.limits().deadLetterQuota()));
        // Edge evidence is reduced in the transaction that stores it (issue #12); what an older version stored
        // unreduced is reduced once here, before the intake admits more.
        io.voltrace.ingest.health.EdgeReductions edgeReductions = new io.voltrace.ingest.health.EdgeReductions(
                registry.dataSource(), new io.voltrace.ingest.health.AssessmentSchedule(registry.dataSource()),
                registry::battery, Clock.systemUTC());
        edgeReductions.reduceUnreduced();
        io.voltrace.ingest.registry.EdgeEvidenceStore edgeEvidence = edgeReductions.evidenceStore();
        // #16: a stored sample is never changed; its own reader, so the checks never queue behind API reads.
        guardReader = new TelemetryReader(pg);
        firstWriteWins = new io.voltrace.ingest.intake.FirstWriteWins(
                new io.voltrace.ingest.validation.PlausibilityWatch(metrics.timed(writer::write),
                new io.voltrace.ingest.registry.PlausibilityStore(registry.dataSource()),
                code -> registry.battery(code).orElse(null)),
                guardReader, deadLetters);
        batcher = new WriteBatcher(firstWriteWins,
                evidence -> edgeEvidence.addAll(evidence, java.time.Instant.now()), MAX_POINTS_PER_WRITE,
                MAX_WRITE_DELAY_MS, config.limits().writeRejectionRetries(), deadLetters);
        if (config.mqttPort() >= 0) {
            DeviceDirectory devices = (deviceId, secret) -> registry.authenticate(deviceId, secret)
                    ? Optional.of(registry.batteriesOfDevice(deviceId))
                    : Optional.empty();
            intake = new MqttIntake(vertx, devices, batcher, TelemetryValidator.withDefaults(), deadLetters);
            metrics.bindIntake("direct", intake.counters());
            IngestConfig.MqttTls tls = config.mqttTls();
            mqttPort = intake.start(host, config.mqttPort(), tls == null ? null : tls.certFile(),
                    tls == null ? null : tls.keyFile()).await(30, TimeUnit.SECONDS);
            mqttScheme = tls == null ? "tcp" : "ssl";
        } else {
            intake = null;
            mqttPort = -1;
        }
        if (config.broker() != null) {
            brokerIntake = new BrokerIntake(config.broker(), registry::batteriesOfDevice, batcher, deadLetters);
            brokerIntake.start(Duration.ofSeconds(30));
            metrics.bindIntake("broker", brokerIntake.counters());
        } else {
            brokerIntake = null;
        }
        metrics.bindBatcher(batcher).bindDeadLetters(deadLetters);
        io.micrometer.core.instrument.FunctionCounter.builder("voltrace.store.overwrites.refused", firstWriteWins,
                io.voltrace.ingest.intake.FirstWriteWins::refusedSamples)
                .description("Samples refused because their time was already stored with other values")
                .register(metrics.registry());
        readiness = RestApi.defaultReadiness(registry, reader);
        if (brokerIntake != null) {
            readiness.add("broker", () -> {
                if (!brokerIntake.isConnected()) {
                    throw new IllegalStateException("not connected to " + config.broker());
                }
            });
        }
        api = new RestApi(vertx, registry, reader, metrics, readiness);
        httpPort = api.start(host, config.httpPort()).await(30, TimeUnit.SECONDS);
        GradingPolicy policy = config.gradingPolicy() == null
                ? GradingPolicy.defaults() : GradingPolicy.load(config.gradingPolicy());
        api.useGradingPolicy(policy); // the evidence endpoint states the insulation limit graded with
        health = new HealthService(registry, reader, SohAssessor.defaults(), new Grader(policy),
                new RecoveryEstimator(RecoveryAssumptions.defaults()), Clock.systemUTC());
        // Issue #14: a recycler's bench test or triage comes before the telemetry estimate.
        health.useIntakeEvidence(new io.voltrace.ingest.recycler.IntakeTests(api.ledger(), registry.dataSource())
                ::latestEvidence);
        gradings = io.voltrace.ingest.ledger.GradingFeed.start(api.ledger(), registry, health, config.broker());
        // Issue #12: telemetry reduced as it is stored (what was stored before this start is picked up by markAll),
        // and batteries whose evidence changed reassessed from it.
        io.voltrace.ingest.health.AssessmentSchedule schedule =
                new io.voltrace.ingest.health.AssessmentSchedule(registry.dataSource());
        String replica = replicaName(config);
        schedule.releaseAllOf(replica + "-reduce");
        schedule.releaseAllOf(replica + "-assess");
        reducer = new io.voltrace.ingest.health.HealthReducer(registry, reader,
                new io.voltrace.ingest.health.ReductionStore(registry.dataSource(), schedule), schedule, policy,
                Clock.systemUTC(), replica);
        batcher.afterWrite(reducer::onStored);
        // Every stored sample ends in one count: reduced, set aside as implausible (#15), or late (per battery in
        // health_reduction). These two are this replica's since it started.
        io.micrometer.core.instrument.FunctionCounter.builder("voltrace.health.reduced.samples", reducer,
                io.voltrace.ingest.health.HealthReducer::reducedSamples)
                .description("Samples this replica fed into health evidence").register(metrics.registry());
        io.micrometer.core.instrument.FunctionCounter.builder("voltrace.health.implausible.samples", reducer,
                io.voltrace.ingest.health.HealthReducer::implausibleSamples)
                .description("Samples this replica consumed without reducing: marked implausible at intake")
                .register(metrics.registry());
        reducer.markAll();
        reducer.start(REDUCE_EVERY);
        scheduler = new io.voltrace.ingest.health.HealthScheduler(registry, schedule, health,
                Clock.systemUTC(), replica).start(config.healthInterval());
        api.useAssessments(scheduler::assessNow);
        api.useGradingRecorder(gradings.recorder());
        LOG.info("ingest up mqtt={}:{} broker={} http={}:{}", host, mqttPort, config.broker(), host, httpPort);
    }

    /**
     * This replica's name on the registry's leases: its broker client id (distinct per replica, as the broker
     * requires), or, with the own endpoint only, the host's name and the data folder. The same across restarts, so a
     * restarted replica frees what its killed predecessor held.
     */
    static String replicaName(IngestConfig config) {
        if (config.broker() != null) {
            return config.broker().clientId();
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + Integer.toHexString(config.dataDir().toAbsolutePath().normalize().toString().hashCode());
    }

    public static IngestService start(IngestConfig config) throws Exception {
        return new IngestService(config);
    }

    /** The own MQTT endpoint's URI, or null when it does not run. */
    public String mqttUri() {
        return mqttPort < 0 ? null : mqttScheme + "://" + host + ":" + mqttPort;
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

    /** The in-process QuestDB, or empty when the settings name an external store. */
    public Optional<EmbeddedQuestDb> embeddedStore() {
        return Optional.ofNullable(questDb);
    }

    public HealthService health() {
        return health;
    }

    /** The own MQTT endpoint, or null when it does not run. */
    public MqttIntake intake() {
        return intake;
    }

    /** The broker-mode intake, or null when not in broker mode. */
    public BrokerIntake brokerIntake() {
        return brokerIntake;
    }

    /** The health reducer (issue #12): telemetry reduced to evidence as it is stored. */
    public io.voltrace.ingest.health.HealthReducer reducer() {
        return reducer;
    }

    /** The health scheduler (issue #12): periodic reassessment, and assessment on request. */
    public io.voltrace.ingest.health.HealthScheduler scheduler() {
        return scheduler;
    }

    /** Where the API streams uploaded bench files while it analyses them. */
    public java.nio.file.Path uploadsDirectory() {
        return api.uploadsDirectory();
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
            if (intake != null) {
                intake.stop().await(10, TimeUnit.SECONDS);
            }
            api.stop().await(10, TimeUnit.SECONDS);
            scheduler.close();
            gradings.close();
            batcher.close(); // drains queued writes and sends their acknowledgements
            reducer.close();
            // What was stored is reduced before the stores close (a kill leaves it to the restart). No write comes any
            // more, so wait for the store to make all of them visible: a pass postpones while it applies (at load
            // 40 that took over its 10 s wait, and the last rows stayed unreduced until the next start).
            try {
                reader.awaitApplied(Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                LOG.warn("the store has not applied its last writes ({}); the next start reduces them",
                        e.getMessage());
            }
            reducer.drain();
            deadLetters.close();
            readiness.close();
            if (brokerIntake != null) {
                brokerIntake.close();
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            writer.close();
            reader.close();
            guardReader.close();
            registry.close();
            if (questDb != null) {
                questDb.close();
            }
        }
    }
}
