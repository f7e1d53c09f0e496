package io.voltrace.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.BatteryAccess;
import io.voltrace.ingest.auth.IssuedToken;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.deadletter.DeadLetterPage;
import io.voltrace.ingest.deadletter.DeadLetterStore;
import io.voltrace.ingest.metrics.IngestMetrics;
import io.voltrace.ingest.metrics.Readiness;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (vertx-web), described by the OpenAPI document it serves at {@code /api/v1/openapi.json}.
 * Everything under {@code /api/v1} except that document needs a bearer token; what a token's role may see is
 * decided in {@link BatteryAccess}. Operations endpoints ({@code /health/live}, {@code /health/ready},
 * {@code /metrics}) are open, as probes and scrapers expect. Handlers stay non-blocking: registry and store calls
 * run on worker threads. Errors are JSON objects {@code {"error": "..."}} that say what was wrong.
 */
public final class RestApi {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String OPENAPI_RESOURCE = "/io/voltrace/ingest/api/openapi.json";
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 100_000;
    private static final int MAX_DEAD_LETTER_PAGE = 500;
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int DEFAULT_EVIDENCE_LIMIT = 500;
    private static final int MAX_EVIDENCE_LIMIT = 10_000;

    private final Vertx vertx;
    private final Registry registry;
    private final TelemetryReader reader;
    private final ApiTokens tokens;
    private final DeadLetterStore deadLetters;
    private final IngestMetrics metrics;
    private final Readiness readiness;
    private volatile java.util.function.Function<String, HealthAssessment> assessNow; // issue #12
    private volatile io.voltrace.ingest.ledger.GradingRecorder gradingRecorder; // issue #12, retirement
    private final boolean ownsReadiness;
    private final Clock clock = Clock.systemUTC();
    private final Buffer openApi;
    private final LifecycleRoutes lifecycle;
    private final EdgeEvidenceStore edgeEvidence;
    /** Bench files of multipart uploads, one directory per API (issue #14). */
    private final java.nio.file.Path uploads;
    /** The grading policy's insulation minimum, shown beside the edge's readings; see {@link #useGradingPolicy}. */
    private volatile double minOhmsPerVolt = GradingPolicy.defaults().insulation().minOhmsPerVolt();
    private Router router;
    private HttpServer server;

    /** With fresh metrics (JVM only) and readiness checks of the store and the registry. */
    public RestApi(Vertx vertx, Registry registry, TelemetryReader reader) {
        this(vertx, registry, reader, new IngestMetrics(), defaultReadiness(registry, reader), true);
    }

    /**
     * @param metrics   what {@code /metrics} exposes
     * @param readiness what {@code /health/ready} checks; the caller closes it
     */
    public RestApi(Vertx vertx, Registry registry, TelemetryReader reader, IngestMetrics metrics, Readiness readiness) {
        this(vertx, registry, reader, metrics, readiness, false);
    }

    private RestApi(Vertx vertx, Registry registry, TelemetryReader reader, IngestMetrics metrics,
                    Readiness readiness, boolean ownsReadiness) {
        this.vertx = vertx;
        this.registry = registry;
        this.reader = reader;
        this.tokens = new ApiTokens(registry);
        this.deadLetters = new DeadLetterStore(registry.dataSource());
        this.metrics = metrics;
        this.readiness = readiness;
        this.ownsReadiness = ownsReadiness;
        this.openApi = Buffer.buffer(readResource(OPENAPI_RESOURCE));
        this.lifecycle = new LifecycleRoutes(this, vertx, registry, clock);
        this.edgeEvidence = new EdgeEvidenceStore(registry.dataSource());
        this.uploads = java.nio.file.Path.of(IntakeTestRoutes.uploadsDirectory());
    }

    /** Where a form's bench file is streamed while it is analysed (emptied when each answer is sent). */
    public java.nio.file.Path uploadsDirectory() {
        return uploads;
    }

    /** The policy the ingest grades with, so the evidence endpoint states the insulation limit the grading applies. */
    public RestApi useGradingPolicy(GradingPolicy policy) {
        this.minOhmsPerVolt = policy.insulation().minOhmsPerVolt();
        return this;
    }

    /**
     * What {@code POST /api/v1/batteries/{code}/assessments} calls: assesses one battery now and saves it (the health
     * scheduler's {@code assessNow}). Without it the route answers 503.
     */
    public RestApi useAssessments(java.util.function.Function<String, HealthAssessment> assessNow) {
        this.assessNow = assessNow;
        return this;
    }

    /** Records (and publishes) a retirement's grading when the assessment's listeners did not (issue #12). */
    public RestApi useGradingRecorder(io.voltrace.ingest.ledger.GradingRecorder recorder) {
        this.gradingRecorder = recorder;
        return this;
    }

    /** Store and registry must answer within 3 s. */
    public static Readiness defaultReadiness(Registry registry, TelemetryReader reader) {
        return new Readiness(Duration.ofSeconds(3)).add("store", reader::ping).add("registry", registry::ping);
    }

    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer().requestHandler(router());
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        if (ownsReadiness) {
            readiness.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The routes; built once. Package-visible so a test can hold them against the OpenAPI document. */
    synchronized Router router() {
        if (router != null) {
            return router;
        }
        Router r = Router.router(vertx);
        r.route().handler(RestApi::securityHeaders);
        // Operations: open.
        r.get("/health/live").handler(ctx -> send(ctx, 200, Map.of("status", "UP")));
        r.get("/health").handler(ctx -> send(ctx, 200, Map.of("status", "UP"))); // kept for #2's clients
        r.get("/health/ready").handler(this::ready);
        r.get("/metrics").handler(this::metrics);
        r.get("/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(openApi));
        // Everything else under /api/v1: a bounded body, then a bearer token.
        BearerAuth auth = new BearerAuth(vertx, tokens);
        // A bench file is larger than any other body (issue #14). Its route checks the token first, with the request
        // paused, so a caller without a valid token never makes the service buffer up to 32 MiB; the body handler
        // resumes the request. The general chain below then finds the caller already authenticated.
        r.post(IntakeTestRoutes.PATH).handler(ctx -> {
            ctx.request().pause();
            auth.handle(ctx);
        });
        // The file comes as the raw body, or as a browser form's multipart/form-data (its file part streamed to a
        // private directory, deleted when the answer is sent); the same limit holds for both.
        BodyHandler rawUpload = BodyHandler.create(false).setBodyLimit(IntakeTestRoutes.MAX_UPLOAD_BYTES);
        BodyHandler formUpload = BodyHandler.create(uploads.toString())
                .setBodyLimit(IntakeTestRoutes.MAX_UPLOAD_BYTES).setDeleteUploadedFilesOnEnd(true);
        r.post(IntakeTestRoutes.PATH).handler(ctx -> {
            if (IntakeTestRoutes.announcesTooMuch(ctx)) { // refused unread; the connection is not reused
                if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                    ctx.response().putHeader("Connection", "close");
                }
                send(ctx, 413, Map.of("error", "request body larger than " + IntakeTestRoutes.MAX_UPLOAD_BYTES
                        + " bytes (a bench file)"));
                return;
            }
            (IntakeTestRoutes.isMultipart(ctx) ? formUpload : rawUpload).handle(ctx);
        });
        r.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        r.route("/api/v1/*").handler(auth);

        r.get("/api/v1/batteries").handler(this::listBatteries);
        r.post("/api/v1/batteries").handler(this::registerBattery);
        r.get("/api/v1/batteries/:code").handler(this::getBattery);
        r.put("/api/v1/batteries/:code/custodian").handler(this::setCustodian);
        r.get("/api/v1/batteries/:code/telemetry").handler(this::telemetry);
        r.get("/api/v1/batteries/:code/health").handler(this::latestHealth);
        r.get("/api/v1/batteries/:code/health/history").handler(this::healthHistory);
        r.post("/api/v1/batteries/:code/assessments").handler(this::assessNow); // issue #12
        r.post("/api/v1/batteries/:code/retirement").handler(new RetirementRoutes(this, registry, () -> assessNow,
                () -> gradingRecorder, clock)::retire); // issue #12
        r.get("/api/v1/batteries/:code/evidence").handler(this::edgeEvidence);
        r.get("/api/v1/batteries/:code/implausible").handler(this::implausibleSamples);
        r.post("/api/v1/devices").handler(this::provisionDevice);
        r.get("/api/v1/dead-letters").handler(this::listDeadLetters);
        r.get("/api/v1/dead-letters/:id").handler(this::getDeadLetter);
        r.get("/api/v1/organisations").handler(this::listOrganisations);
        r.post("/api/v1/organisations").handler(this::createOrganisation);
        r.get("/api/v1/tokens").handler(this::listTokens);
        r.post("/api/v1/tokens").handler(this::createToken);
        r.delete("/api/v1/tokens/:id").handler(this::revokeToken);

        lifecycle.register(r); // issue #7: ledger, vehicles, reports, grading
        new PassportRoutes(this, registry, lifecycle.ledger(), reader, clock).register(r); // issue #17
        new IntakeTestRoutes(this, registry, lifecycle.ledger(), () -> assessNow, clock).register(r); // issue #14
        // Dashboard (issue #8): static pages from the jar, open like /health; they call the API above with the
        // user's token. Registered without a method so routeTable() (the OpenAPI check) leaves it out.
        r.route("/dashboard").handler(ctx -> { // vertx-web matches "/dashboard/" here too: redirect only without it
            if (ctx.request().path().endsWith("/")) {
                ctx.next();
            } else {
                ctx.redirect("/dashboard/");
            }
        });
        r.route("/dashboard/*").handler(StaticHandler.create("webroot/dashboard").setIndexPage("index.html"));

        r.route().last().handler(ctx -> send(ctx, 404, Map.of("error",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()
                        + " (see /api/v1/openapi.json)")));
        // A body the decoder cannot read (a malformed multipart form): say so in the API's JSON, not as plain text.
        r.errorHandler(400, ctx -> send(ctx, 400, Map.of("error", "malformed request body"
                + (!IntakeTestRoutes.isMultipart(ctx) ? ""
                        : IntakeTestRoutes.hasBoundary(ctx) ? " (multipart/form-data)"
                        : " (multipart/form-data without the boundary parameter in its Content-Type)")
                + (ctx.failure() == null || ctx.failure().getMessage() == null ? ""
                        : ": " + ctx.failure().getMessage()))));
        r.errorHandler(413, ctx -> send(ctx, 413, Map.of("error", "request body larger than "
                + (IntakeTestRoutes.isUpload(ctx) ? IntakeTestRoutes.MAX_UPLOAD_BYTES + " bytes (a bench file)"
                        : MAX_BODY_BYTES + " bytes"))));
        router = r;
        return r;
    }

    // --- operations ---

    private void ready(RoutingContext ctx) {
        vertx.executeBlocking(readiness::check, false).onComplete(result -> {
            if (result.failed()) {
                send(ctx, 503, Map.of("status", "DOWN", "error", String.valueOf(result.cause())));
            } else {
                Readiness.Report report = result.result();
                send(ctx, report.ready() ? 200 : 503, report.toJson());
            }
        });
    }

    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(metrics::scrape, false).onComplete(result -> {
            if (result.failed()) {
                send(ctx, 500, Map.of("error", "metrics unavailable: " + result.cause()));
            } else {
                ctx.response().putHeader("Content-Type", metrics.contentType()).end(result.result());
            }
        });
    }

    // --- batteries ---

    private void listBatteries(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        blocking(ctx, 200, () -> BatteryAccess.visible(p, registry).stream().map(b -> Views.battery(b, p)).toList());
    }

    private void getBattery(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        run(ctx, () -> {
            String code = Params.code(ctx);
            blocking(ctx, 200, () -> Views.battery(visibleBattery(p, code), p));
        });
    }

    /** The battery if it exists and the caller may see it; "not registered" either way otherwise. */
    private BatteryRecord visibleBattery(Principal p, String code) {
        return registry.battery(code).filter(b -> BatteryAccess.canSee(p, b))
                .orElseThrow(() -> ApiException.notFound("battery " + code + " is not registered"
                        + (p.role() == Role.ADMIN ? "" : " or not visible to this token")));
    }

    private void registerBattery(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        Principal p = BearerAuth.principal(ctx);
        run(ctx, () -> {
            JsonNode body = body(ctx);
            String chemistryName = Params.text(body, "chemistry", true);
            Chemistry chemistry;
            try {
                chemistry = Chemistry.valueOf(chemistryName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field 'chemistry' must be one of "
                        + java.util.Arrays.toString(Chemistry.values()) + ", was '" + chemistryName + "'");
            }
            BatteryRecord battery;
            try {
                battery = new BatteryRecord(Params.text(body, "code", true), Params.text(body, "device", true),
                        chemistry, Params.number(body, "nominalAh"), Params.integer(body, "cellsSeries"),
                        Params.text(body, "model", false), clock.instant(), Params.text(body, "ownerOrg", false),
                        Params.text(body, "custodianOrg", false));
            } catch (IllegalArgumentException e) { // includes InvalidBatteryCodeException
                throw ApiException.badRequest(e.getMessage());
            }
            blocking(ctx, 201, () -> {
                registry.registerBattery(battery);
                return Views.battery(battery, p);
            });
        });
    }

    private void setCustodian(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        Principal p = BearerAuth.principal(ctx);
        run(ctx, () -> {
            String code = Params.code(ctx);
            String org = Params.text(body(ctx), "org", false);
            blocking(ctx, 200, () -> {
                visibleBattery(p, code);
                if (!lifecycle.ledger().events(code).isEmpty()) { // issue #7: the ledger owns custody from then on
                    throw new IllegalStateException("custody of " + code + " is recorded in its ledger: it moves only"
                            + " by a transfer (POST /api/v1/ledger/" + code + "/events, transfer_initiated then"
                            + " transfer_accepted)");
                }
                registry.setCustodian(code, org);
                return Views.battery(visibleBattery(p, code), p);
            });
        });
    }

    /**
     * The caller, when its role may read per-vehicle data (telemetry, edge evidence); otherwise null, with the refusal
     * already sent.
     */
    private static Principal telemetryReader(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        if (!BatteryAccess.mayReadTelemetry(p)) {
            BearerAuth.require(ctx, Role.ADMIN, Role.FLEET, Role.RECYCLER);
            return null;
        }
        return p;
    }

    private void telemetry(RoutingContext ctx) {
        Principal p = telemetryReader(ctx);
        if (p == null) {
            return;
        }
        run(ctx, () -> {
            String code = Params.code(ctx);
            Instant from = Params.instant(ctx, "from", Instant.EPOCH);
            Instant to = Params.instant(ctx, "to", clock.instant().plus(Duration.ofDays(1)));
            int limit = Params.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
            String step = ctx.request().getParam("step");
            if (step != null && !TelemetryReader.STEP.matcher(step).matches()) {
                throw ApiException.badRequest("step must be 1-999 followed by m, h or d (e.g. 1m, 1h, 1d), was '"
                        + step + "'");
            }
            blocking(ctx, 200, () -> {
                visibleBattery(p, code);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("battery", code);
                body.put("from", from.toString());
                body.put("to", to.toString());
                if (step == null) {
                    List<io.voltrace.common.wire.PackSample> read = reader.samples(code, from, to, limit);
                    // Samples the intake marked implausible carry their reasons (#15).
                    Map<Long, String> marked = read.isEmpty() ? Map.of()
                            : new io.voltrace.ingest.registry.PlausibilityStore(registry.dataSource()).marked(code,
                                    read.get(0).ts(), read.get(read.size() - 1).ts());
                    List<Map<String, Object>> samples = read.stream().map(s -> {
                        Map<String, Object> view = Views.sample(s);
                        String reasons = marked.get(s.ts());
                        if (reasons != null) {
                            view = new LinkedHashMap<>(view);
                            view.put("implausible", List.of(reasons.split("; ")));
                        }
                        return view;
                    }).toList();
                    body.put("count", samples.size());
                    body.put("samples", samples);
                } else {
                    List<Map<String, Object>> buckets = reader.buckets(code, from, to, step, limit).stream()
                            .map(Views::bucket).toList();
                    body.put("step", step);
                    body.put("count", buckets.size());
                    body.put("buckets", buckets);
                }
                return body;
            });
        });
    }

    private void latestHealth(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        run(ctx, () -> {
            String code = Params.code(ctx);
            blocking(ctx, 200, () -> {
                visibleBattery(p, code);
                Map<String, Object> body = registry.latestAssessment(code).map(Views::assessment)
                        .orElseThrow(() -> ApiException.notFound("battery " + code + " has not been assessed yet"));
                // The BMS's own figure beside voltrace's estimate (issue #15), null when it never stated one.
                body.put("bms", edgeEvidence.latest(code, HealthEvidence.Type.BMS_HEALTH).map(Views::bmsHealth)
                        .orElse(null));
                return body;
            });
        });
    }

    /**
     * Assesses one battery now from its reduced evidence, keeps it in the history and answers it as {@code /health}
     * does (201). Admin, or the fleet that owns the battery; other roles may read gradings but not cause them.
     */
    private void assessNow(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN, Role.FLEET) == null) {
            return;
        }
        Principal p = BearerAuth.principal(ctx);
        var assess = assessNow;
        run(ctx, () -> {
            String code = Params.code(ctx);
            if (assess == null) {
                throw new ApiException(503, "this ingest runs no health service");
            }
            blocking(ctx, 201, () -> {
                visibleBattery(p, code);
                return Views.assessment(assess.apply(code));
            });
        });
    }

    private void healthHistory(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        run(ctx, () -> {
            String code = Params.code(ctx);
            Instant from = Params.instant(ctx, "from", Instant.EPOCH);
            Instant to = Params.instant(ctx, "to", clock.instant().plus(Duration.ofDays(1)));
            int limit = Params.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
            blocking(ctx, 200, () -> {
                visibleBattery(p, code);
                List<Map<String, Object>> list = registry.assessments(code, from, to, limit).stream()
                        .map(Views::assessment).toList();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("battery", code);
                body.put("from", from.toString());
                body.put("to", to.toString());
                body.put("count", list.size());
                body.put("assessments", list);
                return body;
            });
        });
    }

    /**
     * What the edge agents sent of the battery's safety monitors and full-rate evidence (issue #4, #6). Visible like
     * telemetry: it is raw per-vehicle data (when the car was driven hard, charged in the cold), so not for auditors,
     * whose view stays the aggregate grading.
     */
    private void edgeEvidence(RoutingContext ctx) {
        Principal p = telemetryReader(ctx);
        if (p == null) {
            return;
        }
        run(ctx, () -> {
            String code = Params.code(ctx);
            HealthEvidence.Type type = Params.evidenceType(ctx);
            Instant from = Params.instant(ctx, "from", Instant.EPOCH);
            Instant to = Params.instant(ctx, "to", clock.instant().plus(Duration.ofDays(1)));
            int limit = Params.limit(ctx, DEFAULT_EVIDENCE_LIMIT, MAX_EVIDENCE_LIMIT);
            double limitOhmsPerVolt = minOhmsPerVolt;
            blocking(ctx, 200, () -> {
                BatteryRecord battery = visibleBattery(p, code);
                List<Map<String, Object>> records = edgeEvidence.evidence(code, type, from, to, limit).stream()
                        .map(e -> Views.evidence(e, battery)).toList();
                Map<HealthEvidence.Type, Long> perType = edgeEvidence.counts(code, from, to);
                long matching = type == null ? perType.values().stream().mapToLong(Long::longValue).sum()
                        : perType.get(type);
                Map<String, Object> counts = new LinkedHashMap<>();
                perType.forEach((t, n) -> counts.put(t.name(), n));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("battery", code);
                body.put("from", from.toString());
                body.put("to", to.toString());
                body.put("type", type == null ? null : type.name());
                body.put("minOhmsPerVolt", limitOhmsPerVolt);
                body.put("counts", counts);
                body.put("count", records.size());
                body.put("truncated", matching > records.size()); // more in the range: page on with from=
                body.put("evidence", records);
                return body;
            });
        });
    }

    /** The samples the intake marked implausible, with their reasons (#15). Visible like telemetry. */
    private void implausibleSamples(RoutingContext ctx) {
        Principal p = telemetryReader(ctx);
        if (p == null) {
            return;
        }
        run(ctx, () -> {
            String code = Params.code(ctx);
            Instant from = Params.instant(ctx, "from", Instant.EPOCH);
            Instant to = Params.instant(ctx, "to", clock.instant().plus(Duration.ofDays(1)));
            int limit = Params.limit(ctx, DEFAULT_EVIDENCE_LIMIT, MAX_EVIDENCE_LIMIT);
            blocking(ctx, 200, () -> {
                visibleBattery(p, code);
                io.voltrace.ingest.registry.PlausibilityStore store =
                        new io.voltrace.ingest.registry.PlausibilityStore(registry.dataSource());
                List<Map<String, Object>> samples = store.marked(code, from.toEpochMilli(), to.toEpochMilli())
                        .entrySet().stream().limit(limit).map(e -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("ts", e.getKey());
                            m.put("reasons", List.of(e.getValue().split("; ")));
                            return m;
                        }).toList();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("battery", code);
                body.put("from", from.toString());
                body.put("to", to.toString());
                body.put("total", store.count(code));
                body.put("count", samples.size());
                body.put("samples", samples);
                return body;
            });
        });
    }

    // --- provisioning ---

    private void provisionDevice(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        run(ctx, () -> {
            String id = Params.text(body(ctx), "id", true);
            byte[] raw = new byte[24];
            RANDOM.nextBytes(raw);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            blocking(ctx, 201, () -> {
                registry.registerDevice(id, secret.toCharArray());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", id);
                out.put("secret", secret);
                out.put("mqttUsername", id);
                out.put("topic", Topics.telemetry(id));
                out.put("note", "the secret is shown only now; only its hash is stored");
                return out;
            });
        });
    }

    private void listOrganisations(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        blocking(ctx, 200, () -> registry.organisations().stream().map(Views::organisation).toList());
    }

    private void createOrganisation(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        run(ctx, () -> {
            JsonNode body = body(ctx);
            Organisation org;
            try {
                org = new Organisation(Params.text(body, "id", true), Params.text(body, "name", true),
                        OrganisationKind.parse(Params.text(body, "kind", true)), clock.instant());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            blocking(ctx, 201, () -> {
                registry.createOrganisation(org);
                return Views.organisation(org);
            });
        });
    }

    // --- tokens ---

    private void listTokens(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        blocking(ctx, 200, () -> {
            Instant now = clock.instant();
            return tokens.list().stream().map(t -> Views.token(t, now)).toList();
        });
    }

    private void createToken(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        run(ctx, () -> {
            JsonNode body = body(ctx);
            Role role;
            try {
                role = Role.parse(Params.text(body, "role", true));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            String org = Params.text(body, "org", false);
            String label = Params.text(body, "label", false);
            String expires = Params.text(body, "expiresAt", false);
            Instant expiresAt;
            try {
                expiresAt = expires == null ? null : Instant.parse(expires);
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.badRequest("field 'expiresAt' must be an ISO-8601 instant, was '" + expires + "'");
            }
            blocking(ctx, 201, () -> {
                IssuedToken t = tokens.issue(role, org, label, expiresAt);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("id", t.id());
                out.put("token", t.token());
                out.put("role", t.role().wireName());
                out.put("org", t.orgId());
                out.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
                out.put("note", "the token is shown only now; only its hash is stored");
                return out;
            });
        });
    }

    private void revokeToken(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        String id = ctx.pathParam("id");
        blocking(ctx, 200, () -> {
            if (!tokens.revoke(id)) {
                throw ApiException.notFound("token " + id + " does not exist or is revoked already");
            }
            return Map.of("id", id, "revoked", true);
        });
    }

    // --- dead letters ---

    private void listDeadLetters(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        run(ctx, () -> {
            int limit = Params.limit(ctx, 50, MAX_DEAD_LETTER_PAGE);
            Long before = Params.optionalLong(ctx, "before");
            String device = ctx.request().getParam("device");
            String reason = ctx.request().getParam("reason");
            blocking(ctx, 200, () -> {
                DeadLetterPage page = deadLetters.page(before, limit, device, reason);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("count", page.letters().size());
                body.put("nextBefore", page.nextBefore());
                body.put("deadLetters", page.letters().stream().map(d -> Views.deadLetter(d, false)).toList());
                body.put("evicted", Views.evictions(deadLetters.evictions(device), deadLetters.quota(),
                        device != null));
                return body;
            });
        });
    }

    private void getDeadLetter(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        run(ctx, () -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("dead letter id must be an integer, was '" + ctx.pathParam("id") + "'");
            }
            blocking(ctx, 200, () -> deadLetters.get(id).map(d -> Views.deadLetter(d, true))
                    .orElseThrow(() -> ApiException.notFound("dead letter " + id + " does not exist")));
        });
    }

    // --- plumbing ---

    static JsonNode body(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            throw ApiException.badRequest("a JSON object body is required");
        }
        try {
            JsonNode node = JSON.readTree(raw.getBytes());
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body cannot be read: " + e.getMessage());
        }
    }

    /** Runs request checks on the event loop; an {@link ApiException} becomes its status. */
    static void run(RoutingContext ctx, Runnable checks) {
        try {
            checks.run();
        } catch (ApiException e) {
            send(ctx, e.status(), Map.of("error", e.getMessage()));
        }
    }

    void blocking(RoutingContext ctx, int status, Callable<Object> work) {
        vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                send(ctx, status, result.result());
                return;
            }
            Throwable cause = result.cause();
            if (cause instanceof ApiException e) {
                send(ctx, e.status(), Map.of("error", e.getMessage()));
            } else if (cause instanceof IllegalStateException) {
                send(ctx, 409, Map.of("error", cause.getMessage())); // already exists
            } else if (cause instanceof IllegalArgumentException) {
                send(ctx, 400, Map.of("error", cause.getMessage())); // refers to something that does not exist
            } else {
                // The cause stays in the log: its text can name tables, files and hosts a caller need not know.
                String incident = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
                LOG.error("request {} {} failed (incident {})", ctx.request().method(),
                        io.voltrace.common.log.LogSafe.text(ctx.request().path()), incident, cause);
                send(ctx, 500, Map.of("error", "internal error (incident " + incident + "): the ingest's log has"
                        + " the cause"));
            }
        });
    }

    /** What the dashboard may load: its own scripts, styles and API only; no page may frame it. */
    static final String DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    /** Headers on every response (#16): no MIME sniffing, no framing, no referrer leaking a token in a link. */
    private static void securityHeaders(RoutingContext ctx) {
        io.vertx.core.http.HttpServerResponse response = ctx.response();
        response.putHeader("X-Content-Type-Options", "nosniff");
        response.putHeader("X-Frame-Options", "DENY");
        response.putHeader("Referrer-Policy", "no-referrer");
        response.putHeader("Content-Security-Policy", ctx.request().path().startsWith("/dashboard")
                ? DASHBOARD_CSP : "default-src 'none'; frame-ancestors 'none'");
        ctx.next();
    }

    static void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store") // API answers carry personal and fleet data
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end("{\"error\":\"response could not be encoded\"}");
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = RestApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets the keys vehicle identities are sealed with (default: from {@code VOLTRACE_PII_KEYS}); null disables
     * storing them.
     */
    public RestApi usePersonalDataKeys(io.voltrace.ingest.privacy.KeyRing keys) {
        lifecycle.useKeys(keys);
        return this;
    }

    /** The lifecycle ledger this API writes to. */
    public io.voltrace.ingest.ledger.Ledger ledger() {
        return lifecycle.ledger();
    }

    /** Method and path template of every route, as vertx-web holds them (for the OpenAPI test). */
    List<Map.Entry<HttpMethod, String>> routeTable() {
        return router().getRoutes().stream()
                .filter(route -> route.getPath() != null && route.methods() != null && !route.methods().isEmpty())
                .flatMap(route -> route.methods().stream().map(m -> Map.entry(m, route.getPath())))
                .toList();
    }
}
