package io.voltrace.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.voltrace.ingest.auth.BatteryAccess;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.auth.Role;
import io.voltrace.ingest.ledger.GradingPublisher;
import io.voltrace.ingest.ledger.GradingRecorder;
import io.voltrace.ingest.ledger.Retirements;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/batteries/{code}/retirement} (issue #12): the owning fleet (or an administrator) retires a
 * battery and offers it to a recycler; {@link Retirements} does the work.
 */
final class RetirementRoutes {
    private final RestApi api;
    private final Registry registry;
    private final Supplier<Function<String, HealthAssessment>> assessNow;
    private final Supplier<GradingRecorder> recorder;
    private final Clock clock;

    RetirementRoutes(RestApi api, Registry registry, Supplier<Function<String, HealthAssessment>> assessNow,
                     Supplier<GradingRecorder> recorder, Clock clock) {
        this.api = api;
        this.registry = registry;
        this.assessNow = assessNow;
        this.recorder = recorder;
        this.clock = clock;
    }

    void retire(RoutingContext ctx) {
        if (BearerAuth.require(ctx, Role.ADMIN, Role.FLEET) == null) {
            return;
        }
        Principal p = BearerAuth.principal(ctx);
        RestApi.run(ctx, () -> {
            String code = Params.code(ctx);
            JsonNode body = RestApi.body(ctx);
            String offeredTo = Params.text(body, "offeredTo", true);
            String note = Params.text(body, "note", false);
            Function<String, HealthAssessment> assess = assessNow.get();
            if (assess == null) {
                throw new ApiException(503, "this ingest runs no health service: a retirement needs an assessment");
            }
            api.blocking(ctx, 201, () -> {
                BatteryRecord battery = registry.battery(code).filter(b -> BatteryAccess.canSee(p, b))
                        .orElseThrow(() -> ApiException.notFound("battery " + code + " is not registered"
                                + (p.role() == Role.ADMIN ? "" : " or not visible to this token")));
                GradingRecorder r = recorder.get();
                Retirements retirements = new Retirements(registry, api.ledger(), assess,
                        r != null ? r : new GradingRecorder(api.ledger(), GradingPublisher.NONE), clock);
                Retirements.Offer offer = retirements.request(battery, p.role() == Role.ADMIN ? null : p.orgId(),
                        offeredTo, note);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("battery", code);
                out.put("offeredTo", offeredTo);
                out.put("assessment", Views.assessment(offer.assessment()));
                out.put("grading", LifecycleRoutes.eventView(offer.grading()));
                out.put("transfer", LifecycleRoutes.eventView(offer.transfer()));
                return out;
            });
        });
    }
}
