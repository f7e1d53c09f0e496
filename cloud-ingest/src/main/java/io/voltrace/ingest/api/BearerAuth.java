package io.voltrace.ingest.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.voltrace.ingest.auth.ApiTokens;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750), looks the token up off the event loop and puts the
 * caller in the context. Without a valid token the answer is 401 with a JSON body that says how to get and send one.
 */
final class BearerAuth implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
    static final String PRINCIPAL = "voltrace.principal";
    static final String HOW = "send the header 'Authorization: Bearer <token>' (or, on a GET, ?access_token=<token>); an administrator makes tokens with"
            + " './voltrace ingest token create --role admin|fleet|recycler|auditor [--org ORG]' or"
            + " POST /api/v1/tokens (./voltrace demo prints one); the API is described at /api/v1/openapi.json";

    private final Vertx vertx;
    private final ApiTokens tokens;

    BearerAuth(Vertx vertx, ApiTokens tokens) {
        this.vertx = vertx;
        this.tokens = tokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.get(PRINCIPAL) != null) { // authenticated earlier on this request (the upload route)
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String token;
        if (header == null) {
            // RFC 6750 §2.3: a GET may carry the token as the access_token query parameter, so a link opens in a
            // browser. The header stays the way to go for anything else.
            String query = ctx.request().getParam("access_token");
            if (query == null || ctx.request().method() != io.vertx.core.http.HttpMethod.GET) {
                unauthorized(ctx, "authentication required", null);
                return;
            }
            token = query.trim();
        } else if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthorized(ctx, "the Authorization header must use the Bearer scheme", "invalid_request");
            return;
        } else {
            token = header.substring(7).trim();
        }
        vertx.executeBlocking(() -> tokens.authenticate(token), false).onComplete(result -> {
            if (result.failed()) {
                LOG.error("token lookup failed", result.cause());
                closeUnread(ctx);
                RestApi.send(ctx, 503, Map.of("error", "cannot check the token now: the registry does not answer"));
                return;
            }
            Optional<Principal> principal = result.result();
            if (principal.isEmpty()) {
                unauthorized(ctx, "the bearer token is unknown, revoked or expired", "invalid_token");
                return;
            }
            ctx.put(PRINCIPAL, principal.get());
            ctx.next();
        });
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /** The caller, when its role is one of {@code roles}; otherwise answers 403 and returns null. */
    static Principal require(RoutingContext ctx, Role... roles) {
        Principal p = principal(ctx);
        for (Role r : roles) {
            if (p.role() == r) {
                return p;
            }
        }
        RestApi.send(ctx, 403, Map.of("error", ctx.request().method() + " " + ctx.request().path()
                + " needs role " + String.join(" or ", Arrays.stream(roles).map(Role::wireName).toList())
                + "; this token has role " + p.role().wireName()));
        return null;
    }

    private static void unauthorized(RoutingContext ctx, String error, String oauthError) {
        closeUnread(ctx);
        String challenge = "Bearer realm=\"voltrace\"" + (oauthError == null ? "" : ", error=\"" + oauthError + "\"");
        ctx.response().putHeader("WWW-Authenticate", challenge);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("howToAuthenticate", HOW);
        RestApi.send(ctx, 401, body);
    }

    /** A body nobody will read (an upload refused before it is read): close the connection rather than drain it. */
    private static void closeUnread(RoutingContext ctx) {
        if (!ctx.request().isEnded()) {
            ctx.response().putHeader("Connection", "close");
            ctx.request().resume();
        }
    }
}
