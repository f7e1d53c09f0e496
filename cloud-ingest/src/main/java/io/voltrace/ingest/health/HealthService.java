package io.voltrace.ingest.health;

import io.voltrace.common.log.LogSafe;
import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.IntakeEvidence;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.recovery.PackEnergy;
import io.voltrace.analytics.recovery.RecoveryEstimate;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.soh.EvidenceLog;
import io.voltrace.analytics.soh.ResistanceEstimate;
import io.voltrace.analytics.soh.ResistanceEstimator;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.NegativeEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.RecoveryFigures;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analytics over a battery's reduced evidence and records the result in the registry. The telemetry went
 * through the evidence extractor as it arrived ({@link HealthReducer}: segments, rests, current steps, negative
 * events, daily extremes, kept in {@link ReductionStore}); an assessment reads only that, never the raw history, so
 * its cost does not grow with the battery's age. State of health comes from that evidence by the surest method it
 * allows, resistance from its current steps, the grading
 * from the safety screens over the telemetry plus what is known beyond it (inspection, resistance growth), and the
 * recoverable metals from the nameplate. What the edge agents reported of the BMS's safety monitors (insulation
 * readings, fault flags; {@link EdgeConditions}, from their reduction in {@link EdgeReductions}) joins the
 * conditions. Every reason is kept, the decision first.
 * Blocking; run it off the event loop.
 */
public final class HealthService {
    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);

    /**
     * Telemetry is stored about a row a minute, so a current step lies between rows up to a minute or so apart (the
     * extractor's default, 30 s, is for cycler data). Its ΔV/ΔI holds some relaxation besides the ohmic part: a
     * "one-minute resistance", comparable across assessments as long as the telemetry rate stays the same.
     */
    static final double STEP_MAX_SECONDS = 90;
    /** Steps are combined above this SOC only: resistance rises steeply towards empty, so like is compared with like. */
    static final double STEP_MIN_SOC_PERCENT = 20;

    private final Registry registry;
    private final ReductionStore reductions;
    private final SohAssessor soh;
    private final Grader grader;
    private final RecoveryEstimator recovery;
    private final Clock clock;
    private final EdgeReductions edgeReductions;
    /** Whether the estimates from rests saved with the reductions are this service's own (same rest estimators). */
    private final boolean storedRestEstimatesApply;
    private final List<Consumer<HealthAssessment>> listeners = new CopyOnWriteArrayList<>();
    private final List<AssessmentListener> gradeListeners = new CopyOnWriteArrayList<>();
    /** A recycler's latest bench test or triage of a battery, or null (issue #14); none until wired. */
    private volatile java.util.function.Function<String, IntakeEvidence> intakeEvidence = code -> null;

    /** Told of every saved assessment with the grade of the one before it (null for the first). */
    @FunctionalInterface
    public interface AssessmentListener {
        void assessed(HealthAssessment assessment, String previousGrade);
    }

    /**
     * As {@link #HealthService(Registry, SohAssessor, Grader, RecoveryEstimator, Clock)}; the reader is not used
     * (assessments read reduced evidence only) and the parameter stays for the callers written before that.
     */
    public HealthService(Registry registry, TelemetryReader reader, SohAssessor soh, Grader grader,
                         RecoveryEstimator recovery, Clock clock) {
        this(registry, soh, grader, recovery, clock);
    }

    public HealthService(Registry registry, SohAssessor soh, Grader grader, RecoveryEstimator recovery, Clock clock) {
        this.registry = registry;
        AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
        this.reductions = new ReductionStore(registry.dataSource(), schedule);
        this.soh = soh;
        this.grader = grader;
        this.recovery = recovery;
        this.clock = clock;
        this.edgeReductions = new EdgeReductions(registry.dataSource(), schedule, registry::battery, clock);
        this.storedRestEstimatesApply = soh.rests().equals(ReductionEstimates.STORED_BY.rests());
    }

    /**
     * Where a battery's recycler intake test or triage is found: the grading uses it before the telemetry estimate
     * and says so (issue #14).
     */
    public HealthService useIntakeEvidence(java.util.function.Function<String, IntakeEvidence> lookup) {
        this.intakeEvidence = java.util.Objects.requireNonNull(lookup, "lookup");
        return this;
    }

    /** The grader's policy (the reducer's screens follow its rest and self-discharge rules). */
    public GradingPolicy policy() {
        return grader.policy();
    }

    /** Assesses one registered battery from its reduced evidence, with nothing known beyond it. */
    public HealthAssessment assess(BatteryRecord battery) {
        return assess(battery, PackConditions.none());
    }

    /**
     * As {@link #assess(BatteryRecord)}, with what an inspection or the BMS found (insulation test, thermal events,
     * faults). Resistance growth is measured here; a growth given in {@code known} is replaced when the telemetry
     * gives one.
     */
    public HealthAssessment assess(BatteryRecord battery, PackConditions known) {
        ReducedEvidence evidence = reductions.evidence(battery.code()).orElse(ReducedEvidence.empty());
        return assess(battery, known, evidence);
    }

    /**
     * Assesses from the given reduced evidence and saves the result, reading the rest (edge reduction, resistance
     * baseline) one query at a time.
     */
    public HealthAssessment assess(BatteryRecord battery, PackConditions known, ReducedEvidence evidence) {
        return assess(battery, known, evidence, null, null, singleReads);
    }

    /**
     * What an assessment reads and writes beside the reduced evidence: per query ({@link #singleReads}), or for a
     * block of batteries read together with statements prepared once ({@link BlockAssessment}).
     */
    private interface Reads {
        /** The edge's conditions of the battery, from its edge reduction. */
        EdgeConditions.Applied edge(BatteryRecord battery, PackConditions known);

        Optional<HealthAssessment> firstResistanceAssessment(String code);

        Optional<HealthAssessment> latestAssessment(String code);

        void save(HealthAssessment assessment);
    }

    private final Reads singleReads = new Reads() {
        @Override
        public EdgeConditions.Applied edge(BatteryRecord battery, PackConditions known) {
            return EdgeConditions.apply(edgeReductions.of(battery.code()), battery, known);
        }

        @Override
        public Optional<HealthAssessment> firstResistanceAssessment(String code) {
            return registry.firstResistanceAssessment(code);
        }

        @Override
        public Optional<HealthAssessment> latestAssessment(String code) {
            return registry.latestAssessment(code);
        }

        @Override
        public void save(HealthAssessment assessment) {
            registry.saveAssessment(assessment);
        }
    };

    /**
     * The scheduler's way in: the batteries of a leased block, their registry records, reduced evidence and edge
     * reductions read in a few queries, then assessed one at a time through the same {@link #assess} as a single
     * battery, on one connection whose statements are prepared once.
     */
    public HealthScheduler.Block block(List<String> codes) {
        return new BlockAssessment(codes);
    }

    private final class BlockAssessment implements HealthScheduler.Block, Reads {
        private final Map<String, BatteryRecord> batteries;
        private final Map<String, ReductionStore.StoredEvidence> evidence;
        private final Map<String, EdgeReductions.Stored> edge;
        private final Registry.AssessmentSession session;

        BlockAssessment(List<String> codes) {
            this.batteries = registry.batteries(codes);
            List<String> known = codes.stream().filter(batteries::containsKey).toList();
            this.evidence = reductions.encodedEvidence(known);
            this.edge = edgeReductions.encoded(known);
            this.session = registry.assessmentSession();
        }

        @Override
        public Optional<BatteryRecord> battery(String code) {
            return Optional.ofNullable(batteries.get(code));
        }

        @Override
        public HealthAssessment assess(BatteryRecord battery) {
            // Dropped once used: a block holds the encoded evidence of the batteries still to assess only.
            ReductionStore.StoredEvidence e = evidence.remove(battery.code());
            if (e == null) {
                return HealthService.this.assess(battery, PackConditions.none(), ReducedEvidence.empty(), null, null,
                        this);
            }
            ResistanceEstimate stored = e.resistance() == null ? null
                    : ResistanceCodec.decode(battery.code(), e.resistance());
            SohEstimate rests = e.restEstimate() == null || !storedRestEstimatesApply ? null
                    : SohEstimateCodec.decode(battery.code(), e.restEstimate());
            return HealthService.this.assess(battery, PackConditions.none(), EvidenceCodec.decode(e.evidence()),
                    stored, rests, this);
        }

        @Override
        public EdgeConditions.Applied edge(BatteryRecord battery, PackConditions known) {
            EdgeReductions.Stored e = edge.remove(battery.code());
            return e == null ? EdgeConditions.apply(EdgeReduction.empty(), battery, known)
                    : EdgeConditions.apply(e.decoded(), battery, known, e.estimate(battery.code()));
        }

        @Override
        public Optional<HealthAssessment> firstResistanceAssessment(String code) {
            return session.firstResistanceAssessment(code);
        }

        @Override
        public Optional<HealthAssessment> latestAssessment(String code) {
            return session.latestAssessment(code);
        }

        @Override
        public void save(HealthAssessment assessment) {
            session.saveAssessment(assessment);
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * The assessment itself, whichever way its inputs were read. {@code storedResistance} and {@code storedRests} are
     * the telemetry's resistance estimate and the estimate from rests saved with the evidence
     * ({@link ReductionEstimates}), or null to make them here: the same figures either way, as they are functions of
     * the evidence and the nameplate only.
     */
    private HealthAssessment assess(BatteryRecord battery, PackConditions known, ReducedEvidence evidence,
                                    ResistanceEstimate storedResistance, SohEstimate storedRests, Reads reads) {
        String code = battery.code();
        Chemistry chemistry = battery.chemistry();
        ExtractorConfig config = HealthReducer.config(battery);
        EvidenceLog log = evidence.log();
        // The estimate from rests of the rests that ended: the stored one, or made here (a row from before V20, or
        // rest estimators other than the stored one's) from the same inputs.
        SohEstimate estimate = soh.assess(code, chemistry, battery.nominalAh(), config.cutoffVolts(), log, null, null,
                null, () -> storedRests != null ? storedRests : soh.restsEstimate(code, chemistry,
                        battery.nominalAh(), ReductionEstimates.restInputs(evidence)));
        Resistance resistance = resistance(battery, log, storedResistance, reads);
        EdgeConditions.Applied edge = reads.edge(battery, known);
        PackConditions conditions = resistance.growthPercent() != null && resistance.baselineEarlier()
                ? edge.conditions().withResistanceIncreasePercent(resistance.growthPercent()) : edge.conditions();
        IntakeEvidence intake = intakeEvidence.apply(code);
        Grading grading = grader.grade(estimate, intake, chemistry, evidence.screen(), conditions);
        if (intake != null) {
            // The assessment states the figure the grade was decided on; the telemetry's is in the first reason.
            estimate = SohEstimate.of(code, intake.capacityAh(), intake.sohPercent(), intake.sigmaPercent(),
                    estimate.segments(), intake.method());
        }
        Metals metals = metals(battery);

        List<String> reasons = new ArrayList<>();
        List<String> graderReasons = grading.reasons();
        int decision = decisionIndex(graderReasons);
        reasons.add(graderReasons.get(decision));
        for (int i = 0; i < graderReasons.size(); i++) {
            if (i != decision) {
                reasons.add(graderReasons.get(i));
            }
        }
        reasons.add(resistance.reason());
        reasons.addAll(edge.reasons());
        reasons.add(negativeEvents(log.events()));
        if (evidence.throughput().rejectedReadings() > 0) {
            reasons.add(evidence.throughput().rejectedReadings() + " stored readings refused by the evidence"
                    + " extractor (not finite, or not later than the one before)");
        }
        if (evidence.lateSamples() > 0) {
            reasons.add(evidence.lateSamples() + " samples arrived with a time at or before the last one reduced"
                    + " (late, out of order or sent again): stored in the time series, not in this assessment");
        }
        grading.safetyFlags().forEach(flag -> reasons.add("safety: " + flag));
        if (!grading.uses().isEmpty()) {
            reasons.add("suitable uses: " + String.join(", ", grading.uses()));
        }
        reasons.add(metals.reason());

        HealthAssessment assessment = new HealthAssessment(code, clock.instant(), estimate.capacityAh(),
                estimate.sohPercent(), estimate.uncertaintyPercent(), estimate.segments(), estimate.method(),
                grading.grade().name(), reasons, resistance.milliohm(), resistance.growthPercent(),
                metals.figures());
        String previousGrade = gradeListeners.isEmpty() ? null
                : reads.latestAssessment(code).map(HealthAssessment::grade).orElse(null);
        reads.save(assessment);
        for (Consumer<HealthAssessment> listener : listeners) {
            try {
                listener.accept(assessment);
            } catch (RuntimeException e) {
                LOG.warn("assessment listener failed for {}: {}", LogSafe.text(code), LogSafe.text(e));
            }
        }
        for (AssessmentListener listener : gradeListeners) {
            try {
                listener.assessed(assessment, previousGrade);
            } catch (RuntimeException e) {
                LOG.warn("assessment listener failed for {}: {}", LogSafe.text(code), LogSafe.text(e));
            }
        }
        LOG.debug("assessed battery={} samples={} segments={} rests={} steps={} soh={} mOhm={} grade={}", code,
                evidence.samples(), log.segments().size(), log.rests().size(), log.steps().size(),
                estimate.sohPercent(), resistance.milliohm(), grading.grade());
        return assessment;
    }

    /** Called with every saved assessment, on the assessing thread (the ledger records it as a grading). */
    public void addListener(Consumer<HealthAssessment> listener) {
        listeners.add(listener);
    }

    /** As {@link #addListener}, with the previous assessment's grade (the grading feed publishes changes only). */
    public void addListener(AssessmentListener listener) {
        gradeListeners.add(listener);
    }

    /** Assesses every registered battery, in code order. */
    public List<HealthAssessment> assessAll() {
        List<HealthAssessment> all = new ArrayList<>();
        for (BatteryRecord battery : registry.batteries()) {
            all.add(assess(battery));
        }
        return all;
    }

    /** The resistance estimator for a chemistry: steps between stored rows, above {@link #STEP_MIN_SOC_PERCENT}. */
    static ResistanceEstimator resistanceEstimator(Chemistry chemistry) {
        return ResistanceEstimator.defaults().withSeconds(0, STEP_MAX_SECONDS)
                .inVoltageBand(chemistry.ocv().voltsAt(STEP_MIN_SOC_PERCENT), 10);
    }

    /**
     * A pack figure, and its growth over the battery's first recorded figure.
     *
     * @param baselineEarlier the growth is over an earlier assessment's figure (not this one's own)
     */
    private record Resistance(Double milliohm, Double growthPercent, boolean baselineEarlier, String reason) {
    }

    /**
     * The telemetry's resistance estimate of a battery's reduced evidence: it depends on the evidence's current steps
     * and the chemistry only, and is saved with the evidence ({@link ReductionEstimates}).
     */
    static ResistanceEstimate telemetryResistance(BatteryRecord battery, EvidenceLog log) {
        return resistanceEstimator(battery.chemistry()).estimate(battery.code(), log.steps());
    }

    private Resistance resistance(BatteryRecord battery, EvidenceLog log, ResistanceEstimate stored, Reads reads) {
        ResistanceEstimate e = stored != null ? stored : telemetryResistance(battery, log);
        if (!e.sufficient()) {
            return new Resistance(null, null, false, "internal resistance not established: "
                    + e.insufficientReason());
        }
        // The steps are read on mean cell voltage: the figure is per series element; the pack's is n times that.
        double milliohm = e.ohms() * battery.cellsSeries() * 1000;
        double sigma = e.uncertaintyOhms() * battery.cellsSeries() * 1000;
        String figure = String.format(Locale.ROOT, "internal resistance %.1f mΩ (±%.1f) at %.0f °C from %d current"
                + " steps", milliohm, sigma, e.referenceTempC(), e.steps());
        Optional<HealthAssessment> first = reads.firstResistanceAssessment(battery.code());
        if (first.isEmpty()) {
            return new Resistance(milliohm, 0.0, false, figure + ": the first figure, the baseline of later growth");
        }
        double baseline = first.get().resistanceMilliohm();
        double growth = (milliohm / baseline - 1) * 100;
        return new Resistance(milliohm, growth, true, String.format(Locale.ROOT,
                "%s: %+.1f %% over the first figure, %.1f mΩ on %s", figure, growth, baseline,
                first.get().assessedAt()));
    }

    /** The recoverable metals of a nameplate and their reason line; null figures when there are none. */
    private record Metals(RecoveryFigures figures, String reason) {
    }

    /** What decides the recoverable metals: the same for every battery of a model. */
    private record Nameplate(Chemistry chemistry, double nominalAh, int cellsSeries) {
    }

    /**
     * The metals of each nameplate, computed once: a fleet has few models, and formatting the figures took some 5 % of
     * an assessment (bench health JFR). Cleared if a registry somehow holds more nameplates than this.
     */
    private static final int MAX_NAMEPLATES = 4096;
    private final Map<Nameplate, Metals> metalsByNameplate = new java.util.concurrent.ConcurrentHashMap<>();

    private Metals metals(BatteryRecord battery) {
        Nameplate key = new Nameplate(battery.chemistry(), battery.nominalAh(), battery.cellsSeries());
        Metals m = metalsByNameplate.get(key);
        if (m == null) {
            RecoveryEstimate e = recovery(battery);
            m = e == null ? new Metals(null, "recoverable metals: no cathode figures for " + battery.chemistry())
                    : new Metals(figures(e), recoveryReason(e));
            if (metalsByNameplate.size() >= MAX_NAMEPLATES) {
                metalsByNameplate.clear();
            }
            metalsByNameplate.put(key, m);
        }
        return m;
    }

    /** As the fleet analysis does: nameplate energy from the registry, the chemistry's cathode and cell voltage. */
    private RecoveryEstimate recovery(BatteryRecord battery) {
        if (battery.chemistry() == Chemistry.LCO) {
            return null; // no traction cathode figures for LCO
        }
        var cathode = recovery.assumptions().cathodeFor(battery.chemistry());
        return recovery.estimate(battery.code(), battery.chemistry(), PackEnergy.fromNameplate(battery.nominalAh(),
                battery.cellsSeries(), cathode.nominalCellVolts()));
    }

    private static RecoveryFigures figures(RecoveryEstimate e) {
        return new RecoveryFigures(e.cathode().name(), e.energyKwh(), e.recoverableKg().lithiumKg(),
                e.recoverableKg().nickelKg(), e.recoverableKg().cobaltKg(), e.recoverableKg().manganeseKg(),
                e.recoverableLceKg());
    }

    private static String recoveryReason(RecoveryEstimate e) {
        return String.format(Locale.ROOT, "recoverable metals: Li %.2f kg, Ni %.2f kg, Co %.2f kg, Mn %.2f kg, "
                        + "%.1f kg lithium carbonate equivalent (%s, %.1f kWh: %s)", e.recoverableKg().lithiumKg(),
                e.recoverableKg().nickelKg(), e.recoverableKg().cobaltKg(), e.recoverableKg().manganeseKg(),
                e.recoverableLceKg(), e.cathode(), e.energyKwh(), String.join("; ", e.notes()));
    }

    /** Negative events as the battery regulation counts them, by kind with their time. */
    private static String negativeEvents(List<NegativeEvent> events) {
        if (events.isEmpty()) {
            return "negative events: none (deep discharge, over-voltage, extreme temperature, charging at extreme"
                    + " temperature)";
        }
        Map<NegativeEvent.Kind, double[]> byKind = new EnumMap<>(NegativeEvent.Kind.class);
        for (NegativeEvent e : events) {
            double[] countAndSeconds = byKind.computeIfAbsent(e.kind(), k -> new double[2]);
            countAndSeconds[0]++;
            countAndSeconds[1] += e.seconds();
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, cs) -> parts.add(String.format(Locale.ROOT, "%d %s (%.0f min)", (int) cs[0],
                kind.name().toLowerCase(Locale.ROOT).replace('_', ' '), cs[1] / 60)));
        return "negative events: " + String.join(", ", parts);
    }

    /**
     * The grader states its decision last, except that a note on uses dropped for grown resistance may follow it.
     */
    private static int decisionIndex(List<String> reasons) {
        int last = reasons.size() - 1;
        if (last > 0 && reasons.get(last).startsWith("grown resistance:")) {
            return last - 1;
        }
        return last;
    }
}
