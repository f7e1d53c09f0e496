package io.voltrace.ingest.passport;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.analytics.passport.BatteryConditionBuilder;
import io.voltrace.analytics.passport.PassportInputs;
import io.voltrace.analytics.passport.TemperatureLimits;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.wire.PackSample;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.health.AssessmentSchedule;
import io.voltrace.ingest.health.EdgeReduction;
import io.voltrace.ingest.health.EdgeReductions;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Exports battery passports: gathers what the registry, the ledger, the stored telemetry and the edge evidence hold
 * about a battery, with its declaration, and builds the Battery Pass and the traction battery code from it. The health
 * figures (remaining capacity, fade, resistance) are the stored assessments' (the latest, and when the battery was
 * first assessed), never computed here; the edge's negative events are its reduction's (issue #12), not its raw
 * records. Blocking; run it off event loops.
 */
public final class PassportService {
    private final Registry registry;
    private final Ledger ledger;
    private final TelemetryReader reader;
    private final PassportDeclarations declarations;
    private final EdgeReductions edgeReductions;
    private final BatteryConditionBuilder conditions;
    private final Clock clock;

    /**
     * @param reader the time-series store, or null to export without telemetry (then state of charge, throughput and
     *               full cycles come from the declaration, or the export names them as missing)
     */
    public PassportService(Registry registry, Ledger ledger, TelemetryReader reader, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.reader = reader;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.declarations = new PassportDeclarations(registry.dataSource());
        this.edgeReductions = new EdgeReductions(registry.dataSource(), new AssessmentSchedule(registry.dataSource()),
                registry::battery, clock);
        this.conditions = new BatteryConditionBuilder(GradingPolicy.defaults(), TemperatureLimits.defaults());
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
        BatteryCondition condition = reader == null ? null : condition(battery, events, now);
        List<EdgeReduction.EventKind> negative = edgeReductions.of(c).events();
        PassportFacts facts = new PassportFacts(battery, events, original, originalEvents, assessment, firstAssessed,
                condition, negative, declarations.current(c).orElse(null),
                original == null ? null : declarations.current(original).orElse(null), now);
        return new Passport(c, BatteryPassBuilder.build(facts), TractionBatteryCodeTree.of(c, ledger::components));
    }

    /** The traction battery code tree alone: needs no declaration. */
    public Passport codeTreeOnly(String code) {
        String c = BatteryCode.parse(code).value();
        return new Passport(c, null, TractionBatteryCodeTree.of(c, ledger::components));
    }

    private BatteryCondition condition(BatteryRecord battery, List<LedgerEvent> events, Instant now) {
        List<PackSample> samples = reader.samples(battery.code(), Instant.EPOCH, now.plusSeconds(86_400),
                Integer.MAX_VALUE);
        // Lifetime totals count only when the telemetry reaches back to the start of service.
        Long beginOfLife = events.stream().filter(e -> e.type() == EventType.INSTALLATION).findFirst()
                .or(() -> events.stream().filter(e -> e.type() == EventType.PRODUCTION).findFirst())
                .map(e -> e.occurredAt().toEpochMilli()).orElse(null);
        PassportInputs in = new PassportInputs(battery.code(), battery.chemistry(), battery.nominalAh(), beginOfLife,
                samples, null, PackConditions.none(), null);
        return conditions.build(in, now);
    }
}
