package io.voltrace.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.InvalidBatteryCodeException;
import io.voltrace.common.wire.PackSample;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API (vertx-web). Handlers stay non-blocking: registry and store calls run on worker threads.
 * Errors are JSON objects {@code {"error": "..."}} that say what was wrong with the request.
 *
 * <pre>
 * GET /api/v1/batteries                                  registered batteries
 * GET /api/v1/batteries/{code}                           one battery
 * GET /api/v1/batteries/{code}/telemetry?from&amp;to&amp;limit   pack samples in a time range (ISO-8601 instants)
 * GET /api/v1/batteries/{code}/health                    latest SOH estimate and grading
 * GET /health                                            liveness
 * </pre>
 */
public final class RestApi {
    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 100_000;

    private final Vertx vertx;
    private final Registry registry;
    private final TelemetryReader reader;
    private HttpServer server;

    public RestApi(Vertx vertx, Registry registry, TelemetryReader reader) {
        this.vertx = vertx;
        this.registry = registry;
        this.reader = reader;
    }

    public Future<Integer> start(String host, int port) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> send(ctx, 200, Map.of("status", "UP")));
        router.get("/api/v1/batteries").handler(ctx -> blocking(ctx, () -> registry.batteries().stream()
                .map(RestApi::batteryJson).toList()));
        router.get("/api/v1/batteries/:code").handler(ctx -> {
            String code = code(ctx);
            if (code != null) {
                blocking(ctx, () -> registry.battery(code).map(RestApi::batteryJson)
                        .orElseThrow(() -> new NotFound("battery " + code + " is not registered")));
            }
        });
        router.get("/api/v1/batteries/:code/telemetry").handler(this::telemetry);
        router.get("/api/v1/batteries/:code/health").handler(ctx -> {
            String code = code(ctx);
            if (code != null) {
                blocking(ctx, () -> {
                    registry.battery(code).orElseThrow(() -> new NotFound("battery " + code + " is not registered"));
                    return registry.latestAssessment(code).map(RestApi::assessmentJson)
                            .orElseThrow(() -> new NotFound("battery " + code + " has not been assessed yet"));
                });
            }
        });
        router.route().last().handler(ctx -> send(ctx, 404, Map.of("error",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        server = vertx.createHttpServer().requestHandler(router);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void telemetry(RoutingContext ctx) {
        String code = code(ctx);
        if (code == null) {
            return;
        }
        Instant from;
        Instant to;
        int limit;
        try {
            from = instant(ctx, "from", Instant.EPOCH);
            to = instant(ctx, "to", Instant.now().plusSeconds(86_400));
            String l = ctx.request().getParam("limit");
            limit = l == null ? DEFAULT_LIMIT : Integer.parseInt(l);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
            }
        } catch (NumberFormatException e) {
            send(ctx, 400, Map.of("error", "limit must be an integer"));
            return;
        } catch (IllegalArgumentException e) {
            send(ctx, 400, Map.of("error", e.getMessage()));
            return;
        }
        int max = limit;
        blocking(ctx, () -> {
            registry.battery(code).orElseThrow(() -> new NotFound("battery " + code + " is not registered"));
            List<PackSample> samples = reader.samples(code, from, to, max);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("battery", code);
            body.put("from", from.toString());
            body.put("to", to.toString());
            body.put("count", samples.size());
            body.put("samples", samples);
            return body;
        });
    }

    private static Instant instant(RoutingContext ctx, String name, Instant fallback) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, was '"
                    + value + "'");
        }
    }

    /** The validated code path parameter, or null after answering 400. */
    private static String code(RoutingContext ctx) {
        String raw = ctx.pathParam("code");
        try {
            return BatteryCode.parse(raw).value();
        } catch (InvalidBatteryCodeException e) {
            send(ctx, 400, Map.of("error", e.getMessage()));
            return null;
        }
    }

    private void blocking(RoutingContext ctx, Callable<Object> work) {
        vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                send(ctx, 200, result.result());
            } else if (result.cause() instanceof NotFound nf) {
                send(ctx, 404, Map.of("error", nf.getMessage()));
            } else {
                LOG.error("request {} failed", ctx.request().path(), result.cause());
                send(ctx, 500, Map.of("error", "internal error: " + result.cause().getMessage()));
            }
        });
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end("{\"error\":\"response could not be encoded\"}");
        }
    }

    static Map<String, Object> batteryJson(BatteryRecord b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", b.code());
        m.put("device", b.deviceId());
        m.put("chemistry", b.chemistry().name());
        m.put("nominalAh", b.nominalAh());
        m.put("cellsSeries", b.cellsSeries());
        m.put("model", b.model());
        m.put("registeredAt", b.registeredAt().toString());
        return m;
    }

    static Map<String, Object> assessmentJson(HealthAssessment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("battery", a.battery());
        m.put("assessedAt", a.assessedAt().toString());
        m.put("capacityAh", a.capacityAh());
        m.put("sohPercent", a.sohPercent());
        m.put("uncertaintyPercent", a.uncertaintyPercent());
        m.put("segments", a.segments());
        m.put("method", a.method());
        m.put("grade", a.grade());
        m.put("reasons", a.reasons());
        return m;
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
