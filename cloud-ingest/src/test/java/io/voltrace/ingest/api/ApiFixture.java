package io.voltrace.ingest.api;

import io.vertx.core.Vertx;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.metrics.Readiness;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.store.TimeSeriesSchema;
import io.voltrace.ingest.testing.TestRegistries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the API tests stand on: an H2 registry, with {@link #withTelemetry} a real QuestDB and its reader too, and the
 * REST API a test builds over them, served on a free loopback port. Closing it stops the API and closes the stores,
 * whatever part of the setup was reached.
 */
final class ApiFixture implements AutoCloseable {
    private final EmbeddedQuestDb questDb;
    private final TelemetryReader reader;
    private final TestRegistries db;
    private Vertx vertx;
    private RestApi api;
    private Readiness readiness;
    private String base;

    private ApiFixture(EmbeddedQuestDb questDb, TelemetryReader reader, TestRegistries db) {
        this.questDb = questDb;
        this.reader = reader;
        this.db = db;
    }

    /** An H2 registry only: the API reads no telemetry. */
    static ApiFixture registryOnly() throws Exception {
        return new ApiFixture(null, null, TestRegistries.open(TestRegistries.Backend.H2));
    }

    /** A QuestDB under {@code dir} with the time-series schema and its reader, and an H2 registry. */
    static ApiFixture withTelemetry(Path dir) throws Exception {
        EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir);
        TelemetryReader reader = null;
        try {
            TimeSeriesSchema.ensure(questDb.pgEndpoint());
            reader = new TelemetryReader(questDb.pgEndpoint());
            return new ApiFixture(questDb, reader, TestRegistries.open(TestRegistries.Backend.H2));
        } catch (Exception | Error e) {
            if (reader != null) {
                reader.close();
            }
            questDb.close();
            throw e;
        }
    }

    Registry registry() {
        return db.registry();
    }

    EmbeddedQuestDb questDb() {
        return questDb;
    }

    /** The telemetry reader, or null without {@link #withTelemetry}. */
    TelemetryReader reader() {
        return reader;
    }

    /** A readiness check with a one-second timeout for an API built with one; closed with the fixture. */
    Readiness readiness() {
        if (readiness == null) {
            readiness = new Readiness(Duration.ofSeconds(1));
        }
        return readiness;
    }

    /**
     * One organisation of every kind, named by its kind ({@code fleet}, {@code repair-shop}, …), each with a token of
     * its role under that name, and an {@code admin} token.
     */
    Map<String, String> organisationPerKind(Instant created) {
        ApiTokens tokens = new ApiTokens(registry());
        Map<String, String> token = new LinkedHashMap<>();
        for (OrganisationKind k : OrganisationKind.values()) {
            String id = k.wireName().replace('_', '-');
            registry().createOrganisation(new Organisation(id, id, k, created));
            token.put(id, tokens.issue(Role.parse(k.wireName()), id, null, null).token());
        }
        token.put("admin", tokens.issue(Role.ADMIN, null, null, null).token());
        return token;
    }

    /** Serves the API {@code make} builds on this fixture's Vert.x; returns its base URL. */
    String serve(Function<Vertx, RestApi> make) throws Exception {
        vertx = Vertx.vertx();
        api = make.apply(vertx);
        base = "http://127.0.0.1:" + api.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        return base;
    }

    String base() {
        return base;
    }

    @Override
    public void close() throws Exception {
        if (api != null) {
            api.stop().await(10, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (readiness != null) {
            readiness.close();
        }
        if (reader != null) {
            reader.close();
        }
        db.close();
        if (questDb != null) {
            questDb.close();
        }
    }
}
