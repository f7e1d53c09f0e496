package io.voltrace.ingest.ledger;

import io.voltrace.common.log.LogSafe;
import io.voltrace.ingest.broker.BrokerSettings;
import io.voltrace.ingest.health.HealthService;
import io.voltrace.ingest.registry.Registry;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins health analytics to the ledger: an assessment of a retired battery is recorded as a GRADING event and
 * published retained on {@code voltrace/v1/grading/<code>}; one of a battery in service is published there when its
 * grade changed ({@link GradingRecorder#onAssessed}); a recycler intake triggers a final assessment. The
 * MQTT side needs broker mode (the ingest's own endpoint takes device telemetry only); without a broker the
 * gradings are still recorded and served by {@code GET /api/v1/grading/{code}}.
 */
public final class GradingFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GradingFeed.class);

    private final GradingRecorder recorder;
    private final MqttGradingPublisher mqtt; // null without a broker
    private final ExecutorService executor;

    private GradingFeed(GradingRecorder recorder, MqttGradingPublisher mqtt, ExecutorService executor) {
        this.recorder = recorder;
        this.mqtt = mqtt;
        this.executor = executor;
    }

    /** @param broker the broker to publish to, or null */
    public static GradingFeed start(Ledger ledger, Registry registry, HealthService health, BrokerSettings broker) {
        MqttGradingPublisher mqtt = null;
        if (broker != null) {
            try {
                mqtt = MqttGradingPublisher.connect(broker.serverUri(), broker.clientId() + "-grading",
                        broker.username(), broker.password(), Duration.ofSeconds(30));
            } catch (Exception e) {
                LOG.warn("grading topic unavailable: cannot connect to {}: {}", broker.serverUri(), LogSafe.text(e));
            }
        }
        GradingRecorder recorder = new GradingRecorder(ledger, mqtt == null ? GradingPublisher.NONE : mqtt);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "final-grading");
            t.setDaemon(true);
            return t;
        });
        health.addListener((HealthService.AssessmentListener) recorder::onAssessed);
        ledger.addListener(new FinalGrading(code -> registry.battery(code).ifPresent(health::assess), executor));
        return new GradingFeed(recorder, mqtt, executor);
    }

    public GradingRecorder recorder() {
        return recorder;
    }

    @Override
    public void close() throws Exception {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
        if (mqtt != null) {
            mqtt.close();
        }
    }
}
