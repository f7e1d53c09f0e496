package io.voltrace.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.InvalidBatteryCodeException;
import io.voltrace.ingest.auth.BatteryAccess;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.ledger.VerifyReport;
import io.voltrace.ingest.privacy.KeyRing;
import io.voltrace.ingest.privacy.VehicleIdentity;
import io.voltrace.ingest.privacy.VehicleVault;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.reporting.RegulatoryReport;
import io.voltrace.ingest.reporting.ReportingService;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Issue #7's endpoints: the lifecycle ledger (events, verify, re-coding, components), vehicle identities (personal
 * data, encrypted at rest), regulatory reports and the latest grading. Who may do what: auditors read everything
 * (vehicle identities masked) and write nothing; organisation roles read the ledgers of batteries they have a part
 * in and write as their own organisation; administrators may act for any organisation ({@code actorOrg}).
 */
final class LifecycleRoutes {
    /** A VIN-shaped value: refused in free-text details, which are stored in clear in the hash chain. */
    private static final Pattern VIN_LIKE = Pattern.compile("(?i).*\\b[A-HJ-NPR-Z0-9]{17}\\b.*");

    private final RestApi api;
    private final Vertx vertx;
    private final Registry registry;
    private final Ledger ledger;
    private final ReportingService reports;
    private final Clock clock;
    private volatile VehicleVault vault;

    LifecycleRoutes(RestApi api, Vertx vertx, Registry registry, Clock clock) {
        this.api = api;
        this.vertx = vertx;
        this.registry = registry;
        this.clock = clock;
        this.ledger = new Ledger(registry, clock);
        this.reports = new ReportingService(registry, ledger, clock, ReportingService.DEFAULT_ZONE);
        KeyRing keys = KeyRing.fromEnvironment(System.getenv());
        this.vault = keys == null ? null : new VehicleVault(registry, keys);
    }

    void useKeys(KeyRing keys) {
        vault = keys == null ? null : new VehicleVault(registry, keys);
    }

    Ledger ledger() {
        return ledger;
    }

    void register(Router r) {
        r.get("/api/v1/ledger/verify").handler(this::verifyAll);
        r.get("/api/v1/ledger/:code").handler(this::events);
        r.post("/api/v1/ledger/:code/events").handler(this::append);
        r.get("/api/v1/ledger/:code/verify").handler(this::verifyOne);
        r.post("/api/v1/ledger/:code/recode").handler(this::recode);
        r.get("/api/v1/ledger/:code/links").handler(this::links);
        r.post("/api/v1/ledger/:code/components").handler(this::linkComponent);
        r.get("/api/v1/grading/:code").handler(this::latestGrading);
        r.get("/api/v1/transfers").handler(this::pendingTransfers);
        r.get("/api/v1/vehicles/:ref").handler(this::vehicle);
        r.post("/api/v1/vehicles/reencrypt").handler(this::reencrypt);
        r.get("/api/v1/reports").handler(this::report);
        r.post("/api/v1/reports/submissions").handler(this::submit);
    }

    // --- ledger ---

    private void verifyAll(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN, Role.AUDITOR) == null) {
            return;
        }
        api.blocking(ctx, 200, () -> verifyView(ledger.verifyAll()));
    }

    private void verifyOne(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            api.blocking(ctx, 200, () -> {
                requireVisible(p, code);
                return verifyView(ledger.verify(code));
            });
        });
    }

    private void events(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            api.blocking(ctx, 200, () -> {
                requireVisible(p, code);
                List<LedgerEvent> events = ledger.events(code);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("battery", code);
                body.put("state", ledger.state(code).status().name().toLowerCase(java.util.Locale.ROOT));
                body.put("count", events.size());
                body.put("events", events.stream().map(LifecycleRoutes::eventView).toList());
                return body;
            });
        });
    }

    private void append(RoutingContext ctx) {
        Principal p = writer(ctx);
        if (p == null) {
            return;
        }
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            JsonNode body = RestApi.body(ctx);
            EventType type;
            try {
                type = EventType.parse(Params.text(body, "type", true));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            String actor = LedgerRequests.actor(p, body);
            Instant at = LedgerRequests.occurredAt(body, clock);
            Map<String, String> details = details(body);
            String vin = Params.text(body, "vin", false);
            String plate = Params.text(body, "plate", false);
            if (vin == null && plate != null) {
                throw ApiException.badRequest("field 'plate' needs field 'vin'");
            }
            VehicleIdentity vehicle = null;
            if (vin != null) {
                if (type != EventType.INSTALLATION && type != EventType.BATTERY_SWAP) {
                    throw ApiException.badRequest("a vehicle identity (vin, plate) belongs to installation or"
                            + " battery_swap events");
                }
                try {
                    vehicle = new VehicleIdentity(vin, plate);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            }
            VehicleIdentity v = vehicle;
            api.blocking(ctx, 201, () -> {
                if (v != null) {
                    VehicleVault vehicles = requireVault();
                    String ref = vehicles.store(v);
                    details.put("vehicle", ref);
                    try {
                        return eventView(ledger.append(newEvent(code, type, at, actor, details)));
                    } catch (RuntimeException e) {
                        vehicles.forget(ref); // the event was refused: keep no personal data for it
                        throw e;
                    }
                } else if (details.containsKey("vehicle") && requireVault().reveal(details.get("vehicle")).isEmpty()) {
                    throw ApiException.badRequest("detail 'vehicle' must be a stored vehicle reference (veh_...);"
                            + " send 'vin' (and 'plate') to store a new one");
                }
                return eventView(ledger.append(newEvent(code, type, at, actor, details)));
            });
        });
    }

    private void recode(RoutingContext ctx) {
        Principal p = writer(ctx);
        if (p == null) {
            return;
        }
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            JsonNode body = RestApi.body(ctx);
            String newCode = validCode(Params.text(body, "newCode", true), "newCode");
            String actor = LedgerRequests.actor(p, body);
            Instant at = LedgerRequests.occurredAt(body, clock);
            Map<String, String> details = details(body);
            api.blocking(ctx, 201, () -> {
                // Issue #17: the reuse records the footprint a new battery of the same energy would have cost.
                details.keySet().removeIf(k -> k.startsWith("avoided"));
                PassportRoutes.avoidedFootprint(registry, ledger, code).ifPresent(a -> details.putAll(a.toDetails()));
                List<LedgerEvent> events = ledger.recode(code, newCode, actor, at, details);
                return Map.of("original", eventView(events.get(0)), "recoded", eventView(events.get(1)));
            });
        });
    }

    private void links(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            api.blocking(ctx, 200, () -> {
                requireVisible(p, code);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("battery", code);
                body.put("productType", BatteryCode.parse(code).product().name().toLowerCase(java.util.Locale.ROOT));
                body.put("originalCode", ledger.originalCode(code).orElse(null));
                body.put("parent", ledger.parentOf(code).orElse(null));
                body.put("components", ledger.components(code));
                return body;
            });
        });
    }

    private void linkComponent(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN, Role.MANUFACTURER, Role.REPAIR_SHOP, Role.REUSE_MAKER) == null) {
            return;
        }
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            String child = validCode(Params.text(RestApi.body(ctx), "child", true), "child");
            api.blocking(ctx, 201, () -> {
                if (p.role() != Role.ADMIN && !p.orgId().equals(ledger.state(code).custodian())) {
                    throw ApiException.forbidden("only the custodian of " + code + " may record its components");
                }
                ledger.linkComponent(code, child);
                return Map.of("parent", code, "child", child);
            });
        });
    }

    private void latestGrading(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            api.blocking(ctx, 200, () -> {
                requireVisible(p, code);
                List<LedgerEvent> events = ledger.events(code);
                for (int i = events.size() - 1; i >= 0; i--) {
                    if (events.get(i).type() == EventType.GRADING) {
                        return eventView(events.get(i));
                    }
                }
                throw ApiException.notFound("battery " + code + " has no grading in its ledger");
            });
        });
    }

    /** Both sides of a custody transfer see it: the offering custodian and the receiver. */
    private void pendingTransfers(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        String org = p.role() == Role.ADMIN || p.role() == Role.AUDITOR ? null : p.orgId();
        api.blocking(ctx, 200, () -> {
            List<Map<String, Object>> list = ledger.pendingTransfers(org).stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("battery", t.battery());
                m.put("from", t.from());
                m.put("to", t.to());
                m.put("seq", t.seq());
                m.put("initiatedAt", t.initiatedAt().toString());
                return m;
            }).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("count", list.size());
            body.put("transfers", list);
            return body;
        });
    }

    // --- vehicles (personal data) ---

    private void vehicle(RoutingContext ctx) {
        Principal p = BearerAuth.require(ctx, Role.ADMIN, Role.AUDITOR);
        if (p == null) {
            return;
        }
        String ref = ctx.pathParam("ref");
        RestApi.run(ctx, () -> {
            if (!VehicleVault.REF.matcher(ref).matches()) {
                throw ApiException.badRequest("vehicle reference must be veh_ and 16 hex digits, was '" + ref + "'");
            }
            api.blocking(ctx, 200, () -> {
                VehicleIdentity v = requireVault().reveal(ref)
                        .orElseThrow(() -> ApiException.notFound("vehicle " + ref + " is not stored"));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ref", ref);
                if (p.role() == Role.AUDITOR) {
                    body.put("vin", VehicleIdentity.maskVin(v.vin()));
                    body.put("plate", VehicleIdentity.maskPlate(v.plate()));
                    body.put("masked", List.of("vin", "plate"));
                } else {
                    body.put("vin", v.vin());
                    body.put("plate", v.plate());
                }
                return body;
            });
        });
    }

    private void reencrypt(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN) == null) {
            return;
        }
        api.blocking(ctx, 200, () -> {
            VehicleVault v = requireVault();
            int n = v.reencrypt();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reencrypted", n);
            body.put("keyUsage", v.keyUsage());
            return body;
        });
    }

    // --- reports ---

    private void report(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            Instant from = Params.instant(ctx, "from", null);
            Instant to = Params.instant(ctx, "to", null);
            if (from == null || to == null) {
                throw ApiException.badRequest("parameters 'from' and 'to' (ISO-8601 instants) are required");
            }
            String format = ctx.request().getParam("format", "json");
            if (!format.equals("json") && !format.equals("csv")) {
                throw ApiException.badRequest("format must be json or csv, was '" + format + "'");
            }
            String only = p.role() == Role.ADMIN || p.role() == Role.AUDITOR ? null : p.orgId();
            if (format.equals("json")) {
                api.blocking(ctx, 200, () -> reports.report(from, to, only).toJson());
                return;
            }
            vertx.executeBlocking(() -> reports.report(from, to, only), false).onComplete(result -> {
                if (result.failed()) {
                    RestApi.send(ctx, 400, Map.of("error", String.valueOf(result.cause().getMessage())));
                    return;
                }
                RegulatoryReport report = result.result();
                ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"voltrace-report-"
                                + from.toString().replace(':', '-') + ".csv\"")
                        .end(report.toCsv());
            });
        });
    }

    private void submit(RoutingContext ctx) {
        Principal p = writer(ctx);
        if (p == null) {
            return;
        }
        RestApi.run(ctx, () -> {
            JsonNode body = RestApi.body(ctx);
            String code = validCode(Params.text(body, "battery", true), "battery");
            JsonNode seqNode = body.get("seq");
            if (seqNode == null || !seqNode.canConvertToLong() || !seqNode.isIntegralNumber()) {
                throw ApiException.badRequest("field 'seq' must be an integer");
            }
            long seq = seqNode.asLong();
            String reference = Params.text(body, "reference", false);
            String actor = p.role() == Role.ADMIN ? null : p.orgId();
            api.blocking(ctx, 201, () -> {
                requireVisible(p, code);
                var item = reports.submit(code, seq, reference, actor);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("battery", item.battery());
                out.put("seq", item.seq());
                out.put("dueDate", item.dueDate().toString());
                out.put("submittedAt", String.valueOf(item.submittedAt()));
                out.put("status", item.status().name().toLowerCase(java.util.Locale.ROOT));
                return out;
            });
        });
    }

    // --- helpers ---

    private VehicleVault requireVault() {
        VehicleVault v = vault;
        if (v == null) {
            throw new ApiException(503, "vehicle identities cannot be stored or read: no encryption key is"
                    + " configured (" + KeyRing.KEYS_ENV + ")");
        }
        return v;
    }

    /** Admin and auditor see every ledger; others those they have a part in or whose battery they may see. */
    /** The caller when it may record lifecycle facts; an auditor reads only, and gets 403 (null returned). */
    private static Principal writer(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        if (p.role() == Role.AUDITOR) {
            BearerAuth.require(ctx, Role.ADMIN);
            return null;
        }
        return p;
    }

    private void requireVisible(Principal p, String code) {
        if (p.role() == Role.ADMIN || p.role() == Role.AUDITOR) {
            return;
        }
        boolean visible = ledger.involves(code, p.orgId())
                || registry.battery(code).filter(b -> BatteryAccess.canSee(p, b)).isPresent();
        if (!visible) {
            throw ApiException.notFound("battery " + code + " has no ledger visible to this token");
        }
    }



    private static Map<String, String> details(JsonNode body) {
        JsonNode node = body.get("details");
        Map<String, String> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("field 'details' must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest("details." + e.getKey() + " must be a string");
            }
            String key = e.getKey();
            if (key.equalsIgnoreCase("vin") || key.equalsIgnoreCase("plate") || VIN_LIKE.matcher(e.getValue().asText())
                    .matches()) {
                throw ApiException.badRequest("details." + key + " looks like a vehicle identity: details are"
                        + " stored in clear in the hash chain; send the VIN in field 'vin' (it is encrypted)");
            }
            out.put(key, e.getValue().asText());
        }
        return out;
    }

    private static NewEvent newEvent(String code, EventType type, Instant at, String actor,
                                     Map<String, String> details) {
        try {
            return new NewEvent(code, type, at, actor, details);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String validCode(String text, String field) {
        try {
            return BatteryCode.parse(text).value();
        } catch (InvalidBatteryCodeException e) {
            throw ApiException.badRequest("field '" + field + "': " + e.getMessage());
        }
    }

    static Map<String, Object> eventView(LedgerEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("battery", e.battery());
        m.put("seq", e.seq());
        m.put("type", e.type().wireName());
        m.put("occurredAt", e.occurredAt().toString());
        m.put("recordedAt", e.recordedAt().toString());
        m.put("actorOrg", e.actorOrg());
        m.put("custodianOrg", e.custodianOrg());
        m.put("details", e.details());
        m.put("prevHash", e.prevHash());
        m.put("hash", e.hash());
        return m;
    }

    private static Map<String, Object> verifyView(VerifyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("intact", r.intact());
        m.put("batteries", r.batteries());
        m.put("events", r.events());
        m.put("findings", r.findings().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("battery", f.battery());
            x.put("seq", f.seq());
            x.put("problem", f.problem());
            return x;
        }).toList());
        return m;
    }
}
