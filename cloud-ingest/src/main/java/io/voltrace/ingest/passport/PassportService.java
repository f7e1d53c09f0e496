package io.voltrace.ingest.passport;

import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.analytics.passport.BatteryConditionBuilder;
import io.voltrace.analytics.passport.PassportInputs;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.analytics.grading.ScreenEvidence;
import io.voltrace.analytics.passport.TelemetryTotals;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.health.AssessmentSchedule;
import io.voltrace.ingest.health.EdgeReduction;
import io.voltrace.ingest.health.EdgeReductions;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.health.ReducedEvidence;
import io.voltrace.ingest.health.ReductionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Exports battery passports: gathers what the registry, the ledger, the health reduction and the edge evidence hold
 * about a battery, with its declaration, and builds the Battery Pass and the traction battery code from it. The health
 * figures (remaining capacity, fade, resistance) are the stored assessments' (the latest, and when the battery was
 * first assessed), never computed here; the edge's negative events are its reduction's (issue #12), not its raw
 * records; the telemetry figures of the battery condition (throughput, cycles, time at extreme temperatures, negative
 * events, self-discharge, state of charge) are counted by the health reducer as telemetry arrives and read here from
 * its one stored row ({@code health_reduction}), never from the raw time series. Blocking; run it off event loops.
 */
public final class PassportService {
    private final Registry registry;
    private final Ledger ledger;
    private final boolean telemetry;
    private final ReductionStore reductions;
    private final PassportDeclarations declarations;
    private final EdgeReductions edgeReductions;
    private final BatteryConditionBuilder conditions;
    private final Clock clock;

    /**
     * @param telemetry whether to give the telemetry figures (from the health reduction); false to export without
     *                  them (then state of charge, throughput and full cycles come from the declaration, or the export
     *                  names them as missing)
     */
    public PassportService(Registry registry, Ledger ledger, boolean telemetry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.telemetry = telemetry;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.declarations = new PassportDeclarations(registry.dataSource());
        AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
        this.reductions = new ReductionStore(registry.dataSource(), schedule);
        this.edgeReductions = new EdgeReductions(registry.dataSource(), schedule, registry::battery, clock);
        this.conditions = BatteryConditionBuilder.defaults();
    }

    public PassportDeclarations declarations() {
        return declarations;
    }

    /**
     * The passport of a registered battery.
     *
     * @throws NoSuchElementException       when the code is not registered
     * @throws IncompletePassportException when a required attribute has neither evidence nor a declaration
     */
    public Passport export(String code) {
        BatteryRecord battery = registry.battery(BatteryCode.parse(code).value()).orElseThrow(() ->
                new NoSuchElementException("battery " + code + " is not registered"));
        String c = battery.code();
        List<LedgerEvent> events = ledger.events(c);
        String original = ledger.originalCode(c).orElse(null);
        List<LedgerEvent> originalEvents = original == null ? List.of() : ledger.events(original);
        HealthAssessment assessment = registry.latestAssessment(c)
                .or(() -> original == null ? java.util.Optional.empty() : registry.latestAssessment(original))
                .orElse(null);
        // The history's first entry: the passport says since when the battery has been assessed.
        Instant firstAssessed = assessment == null ? null : registry.assessments(assessment.battery(), Instant.EPOCH,
                assessment.assessedAt().plusSeconds(1), 1).stream().findFirst().map(HealthAssessment::assessedAt)
                .orElse(assessment.assessedAt());
        Instant now = clock.instant();
        BatteryCondition condition = telemetry ? condition(battery, events, now) : null;
        List<EdgeReduction.EventKind> negative = edgeReductions.of(c).events();
        PassportFacts facts = new PassportFacts(battery, events, original, originalEvents, assessment, firstAssessed,
                condition, negative, declarations.current(c).orElse(null),
                original == null ? null : declarations.current(original).orElse(null), now);
        return new Passport(c, BatteryPassBuilder.build(facts), TractionBatteryCodeTree.of(c, ledger::components));
    }

    /**
     * The battery condition the passport carries, from the stored reduction (null when this service exports without
     * telemetry).
     *
     * @throws NoSuchElementException when the code is not registered
     */
    public BatteryCondition condition(String code) {
        BatteryRecord battery = registry.battery(BatteryCode.parse(code).value()).orElseThrow(() ->
                new NoSuchElementException("battery " + code + " is not registered"));
        return telemetry ? condition(battery, ledger.events(battery.code()), clock.instant()) : null;
    }

    /** The traction battery code tree alone: needs no declaration. */
    public Passport codeTreeOnly(String code) {
        String c = BatteryCode.parse(code).value();
        return new Passport(c, null, TractionBatteryCodeTree.of(c, ledger::components));
    }

    /** The condition from the battery's stored reduction: one row, whatever the battery's age. */
    private BatteryCondition condition(BatteryRecord battery, List<LedgerEvent> events, Instant now) {
        // Lifetime totals count only when the telemetry reaches back to the start of service.
        Long beginOfLife = events.stream().filter(e -> e.type() == EventType.INSTALLATION).findFirst()
                .or(() -> events.stream().filter(e -> e.type() == EventType.PRODUCTION).findFirst())
                .map(e -> e.occurredAt().toEpochMilli()).orElse(null);
        PassportInputs in = new PassportInputs(battery.code(), battery.chemistry(), battery.nominalAh(), beginOfLife,
                List.of(), null, PackConditions.none(), null);
        Optional<ReducedEvidence> reduced = reductions.evidence(battery.code());
        if (reduced.isEmpty()) {
            return conditions.build(in, TelemetryTotals.none(), ScreenEvidence.empty(), now);
        }
        ReducedEvidence e = reduced.get();
        if (e.telemetry() == null) {
            return conditions.pending(in, "reduced before the passport's totals were kept: the reducer counts them"
                    + " once from the stored telemetry at its next pass", now);
        }
        return conditions.build(in, e.telemetry(), e.screen(), now);
    }
}
