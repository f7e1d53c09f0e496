package io.voltrace.ingest.health;

import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.Grading;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.wire.PackSample;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analytics over a battery's stored telemetry and records the result in the registry: state of health
 * from the time series, then the grading, with every reason kept. Blocking; run it off the event loop.
 */
public final class HealthService {
    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);

    private final Registry registry;
    private final TelemetryReader reader;
    private final CapacityEstimator estimator;
    private final Grader grader;
    private final Clock clock;
    private final java.util.List<java.util.function.Consumer<HealthAssessment>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public HealthService(Registry registry, TelemetryReader reader, CapacityEstimator estimator, Grader grader,
                         Clock clock) {
        this.registry = registry;
        this.reader = reader;
        this.estimator = estimator;
        this.grader = grader;
        this.clock = clock;
    }

    /** Assesses one registered battery from all its stored telemetry. */
    public HealthAssessment assess(BatteryRecord battery) {
        List<PackSample> samples = reader.samples(battery.code(), Instant.EPOCH, clock.instant().plusSeconds(86_400L * 3650),
                Integer.MAX_VALUE);
        SohEstimate estimate = estimator.estimate(battery.code(), battery.chemistry(), battery.nominalAh(), samples);
        Grading grading = grader.grade(estimate, battery.chemistry(), samples);
        // The decision comes first (the grader states it last), then the screens and figures behind it.
        List<String> reasons = new ArrayList<>();
        List<String> graderReasons = grading.reasons();
        reasons.add(graderReasons.get(graderReasons.size() - 1));
        reasons.addAll(graderReasons.subList(0, graderReasons.size() - 1));
        grading.safetyFlags().forEach(flag -> reasons.add("safety: " + flag));
        if (!grading.uses().isEmpty()) {
            reasons.add("suitable uses: " + String.join(", ", grading.uses()));
        }
        HealthAssessment assessment = new HealthAssessment(battery.code(), clock.instant(), estimate.capacityAh(),
                estimate.sohPercent(), estimate.uncertaintyPercent(), estimate.segments(), estimate.method(),
                grading.grade().name(), reasons);
        registry.saveAssessment(assessment);
        for (java.util.function.Consumer<HealthAssessment> listener : listeners) {
            try {
                listener.accept(assessment);
            } catch (RuntimeException e) {
                LOG.warn("assessment listener failed for {}: {}", battery.code(), e.toString());
            }
        }
        LOG.debug("assessed battery={} samples={} soh={} grade={}", battery.code(), samples.size(),
                estimate.sohPercent(), grading.grade());
        return assessment;
    }

    /** Called with every saved assessment, on the assessing thread (the ledger records it as a grading). */
    public void addListener(java.util.function.Consumer<HealthAssessment> listener) {
        listeners.add(listener);
    }

    /** Assesses every registered battery, in code order. */
    public List<HealthAssessment> assessAll() {
        List<HealthAssessment> all = new ArrayList<>();
        for (BatteryRecord battery : registry.batteries()) {
            all.add(assess(battery));
        }
        return all;
    }
}
