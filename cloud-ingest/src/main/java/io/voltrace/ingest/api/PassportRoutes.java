package io.voltrace.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voltrace.analytics.recovery.PackEnergy;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.auth.BatteryAccess;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.carbon.AvoidedFootprint;
import io.voltrace.ingest.carbon.CarbonFootprint;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.passport.DeclaredFootprint;
import io.voltrace.ingest.passport.IncompletePassportException;
import io.voltrace.ingest.passport.PassportDeclaration;
import io.voltrace.ingest.passport.PassportDeclarations;
import io.voltrace.ingest.passport.PassportService;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue #17's endpoints: the battery passport (Catena-X Battery Pass 6.1.0, or the traction battery code 2.0.0 tree),
 * the manufacturer's passport declaration and the declared carbon footprint. The passport is visible as the battery's
 * health is; declarations and footprints are written by the organisation that produced (or re-coded) the battery, or
 * by an administrator for it.
 */
final class PassportRoutes {
    private final RestApi api;
    private final Registry registry;
    private final Ledger ledger;
    private final PassportService passports;
    private final Clock clock;

    PassportRoutes(RestApi api, Registry registry, Ledger ledger, TelemetryReader reader, Clock clock) {
        this.api = api;
        this.registry = registry;
        this.ledger = ledger;
        this.clock = clock;
        this.passports = new PassportService(registry, ledger, reader != null, clock);
    }

    void register(Router r) {
        r.get("/api/v1/batteries/:code/passport").handler(this::passport);
        r.put("/api/v1/batteries/:code/passport/declaration").handler(this::declare);
        r.post("/api/v1/batteries/:code/carbon-footprint").handler(this::carbonFootprint);
        r.get("/api/v1/batteries/:code/carbon-footprint").handler(this::footprintView);
    }

    private void passport(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            String form = ctx.request().getParam("form");
            boolean tree = "traction-battery-code".equals(form);
            if (form != null && !tree && !"battery-pass".equals(form)) {
                throw ApiException.badRequest("form must be battery-pass (default) or traction-battery-code, was '"
                        + form + "'");
            }
            api.blocking(ctx, 200, () -> {
                visible(p, code);
                if (tree) {
                    return passports.codeTreeOnly(code).tractionBatteryCode();
                }
                try {
                    return passports.export(code).batteryPass();
                } catch (IncompletePassportException e) {
                    throw new ApiException(409, e.getMessage());
                }
            });
        });
    }

    private void declare(RoutingContext ctx) {
        Principal p = BearerAuth.require(ctx, Role.ADMIN, Role.MANUFACTURER, Role.REUSE_MAKER);
        if (p == null) {
            return;
        }
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            JsonNode body = RestApi.body(ctx);
            try {
                PassportDeclarations.check(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            String requestedOrg = ctx.request().getParam("org");
            api.blocking(ctx, 201, () -> {
                String org = declarant(p, code, requestedOrg);
                PassportDeclaration d = passports.declarations().declare(code, body, org, clock.instant());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("battery", d.battery());
                out.put("version", d.version());
                out.put("declaredBy", d.declaredBy());
                out.put("declaredAt", d.declaredAt().toString());
                out.put("sha256", d.sha256());
                return out;
            });
        });
    }

    /**
     * Who declares: the organisation that began the battery's history (its production, or its re-coding for reuse);
     * an administrator declares for it, or for {@code ?org=} while the battery has no history yet.
     */
    private String declarant(Principal p, String code, String requestedOrg) {
        List<LedgerEvent> events = ledger.events(code);
        String genesis = events.isEmpty() ? null : events.get(0).actorOrg();
        if (p.role() == Role.ADMIN) {
            String org = genesis != null ? genesis : requestedOrg;
            if (org == null) {
                throw ApiException.badRequest(code + " has no recorded production yet: give the declaring"
                        + " manufacturer as ?org=");
            }
            if (requestedOrg != null && !requestedOrg.equals(org)) {
                throw ApiException.badRequest("the passport of " + code + " is declared by " + org + ", who began its"
                        + " history, not " + requestedOrg);
            }
            if (registry.organisation(org).isEmpty()) {
                throw ApiException.badRequest("organisation " + org + " is not registered");
            }
            return org;
        }
        if (genesis == null) {
            throw new ApiException(409, code + " has no recorded production: record it (POST /api/v1/ledger/"
                    + code + "/events, type production) before declaring its passport");
        }
        if (!genesis.equals(p.orgId())) {
            throw ApiException.forbidden("the passport of " + code + " is declared by " + genesis
                    + ", who began its history; this token speaks for " + p.orgId());
        }
        return genesis;
    }

    private void carbonFootprint(RoutingContext ctx) {
        Principal p = BearerAuth.require(ctx, Role.ADMIN, Role.MANUFACTURER);
        if (p == null) {
            return;
        }
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            JsonNode body = RestApi.body(ctx);
            CarbonFootprint footprint;
            try {
                footprint = CarbonFootprint.fromJson(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            String actor = LedgerRequests.actor(p, body);
            Instant at = LedgerRequests.occurredAt(body, clock);
            api.blocking(ctx, 201, () -> LifecycleRoutes.eventView(ledger.append(new NewEvent(code,
                    EventType.CARBON_FOOTPRINT, at, actor, footprint.toDetails()))));
        });
    }

    /**
     * The declared footprint in force and what reusing the battery avoids: as recorded by its re-coding, or, while
     * it has not been re-coded, what a reuse would avoid now (from its latest assessment). Visible as health is.
     */
    private void footprintView(RoutingContext ctx) {
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            api.blocking(ctx, 200, () -> {
                visible(p, code);
                List<LedgerEvent> events = ledger.events(code);
                Optional<String> original = ledger.originalCode(code);
                Optional<DeclaredFootprint> declared = DeclaredFootprint.latest(events)
                        .or(() -> original.flatMap(o -> DeclaredFootprint.latest(ledger.events(o))));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("battery", code);
                out.put("declared", declared.map(PassportRoutes::declaredView).orElse(null));
                out.put("reuse", reuseView(code, events).orElse(null));
                return out;
            });
        });
    }

    private static Map<String, Object> declaredView(DeclaredFootprint d) {
        CarbonFootprint cf = d.footprint();
        Map<String, Object> stages = new LinkedHashMap<>();
        cf.kgCo2ePerKwh().forEach((stage, v) -> stages.put(stage.wireName(), v));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stages", stages);
        m.put("totalKgCo2ePerKwh", Math.round(cf.total() * 1000) / 1000.0);
        m.put("rulebook", cf.rulebook());
        m.put("declaration", cf.declaration());
        m.put("performanceClass", cf.performanceClass());
        m.put("facility", cf.facility());
        m.put("battery", d.event().battery());
        m.put("seq", d.event().seq());
        m.put("eventType", d.event().type().wireName());
        m.put("occurredAt", d.event().occurredAt().toString());
        m.put("declaredBy", d.event().actorOrg());
        return m;
    }

    private Optional<Map<String, Object>> reuseView(String code, List<LedgerEvent> events) {
        for (LedgerEvent e : events) {
            if (e.type() == EventType.REUSE) {
                Optional<AvoidedFootprint> recorded = AvoidedFootprint.fromDetails(e.details());
                if (recorded.isPresent()) {
                    return Optional.of(avoidedView(recorded.get(), true, e));
                }
            }
        }
        boolean recoded = events.stream().anyMatch(e -> e.type() == EventType.REUSE);
        if (recoded) {
            return Optional.empty(); // re-coded without an assessment: nothing was recorded, nothing is guessed
        }
        return avoidedFootprint(registry, ledger, code).map(a -> avoidedView(a, false, null));
    }

    private static Map<String, Object> avoidedView(AvoidedFootprint a, boolean recorded, LedgerEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recorded", recorded);
        m.put("avoidedKgCo2e", a.avoidedKg());
        m.put("energyKwh", a.energyKwh());
        m.put("energyBasis", a.energyBasis());
        m.put("factorKgCo2ePerKwh", a.factorKgPerKwh());
        m.put("factorSource", a.factorSource());
        m.put("seq", event == null ? null : event.seq());
        return m;
    }

    private void visible(Principal p, String code) {
        registry.battery(code).filter(b -> BatteryAccess.canSee(p, b))
                .orElseThrow(() -> ApiException.notFound("battery " + code + " is not registered"
                        + (p.role() == Role.ADMIN ? "" : " or not visible to this token")));
    }



    /**
     * The footprint a reuse of {@code code} avoids, from its latest assessment's state of health, its nameplate
     * energy and its declared footprint (or the published default); empty when it was never assessed.
     */
    static Optional<AvoidedFootprint> avoidedFootprint(Registry registry, Ledger ledger, String code) {
        Optional<BatteryRecord> battery = registry.battery(code);
        Optional<HealthAssessment> latest = registry.latestAssessment(code);
        if (battery.isEmpty() || latest.isEmpty()) {
            return Optional.empty();
        }
        HealthAssessment a = latest.get();
        BatteryRecord b = battery.get();
        if (a.recovery() == null && b.chemistry() == Chemistry.LCO) {
            return Optional.empty(); // no traction cathode, so no nameplate energy figure
        }
        double kwh = a.recovery() != null ? a.recovery().energyKwh() : PackEnergy.fromNameplate(b.nominalAh(),
                b.cellsSeries(), RecoveryAssumptions.defaults().cathodeFor(b.chemistry()).nominalCellVolts()).kwh();
        return AvoidedFootprint.of(kwh, a.sohPercent(),
                DeclaredFootprint.latest(ledger.events(code)).map(DeclaredFootprint::footprint));
    }
}
