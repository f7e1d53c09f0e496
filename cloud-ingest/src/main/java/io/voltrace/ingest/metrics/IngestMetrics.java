package io.voltrace.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.voltrace.ingest.deadletter.DeadLetterWriter;
import io.voltrace.ingest.intake.IntakeCounters;
import io.voltrace.ingest.intake.TelemetrySink;
import io.voltrace.ingest.intake.WriteBatcher;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ingest's Prometheus metrics. It keeps no counts of its own where the pipeline already does: meters read
 * {@link IntakeCounters} and the {@link WriteBatcher}'s getters at scrape time. Only the store write latency is
 * measured here, by wrapping the sink the batcher writes through.
 *
 * <pre>
 * voltrace_ingest_messages_accepted_total{intake}     messages admitted (rate() gives messages/s)
 * voltrace_ingest_points_accepted_total{intake}       data points admitted (points/s)
 * voltrace_ingest_messages_rejected_total{intake,reason}
 * voltrace_store_points_written_total                 points durably written
 * voltrace_store_batches_written_total
 * voltrace_store_write_seconds (histogram)            latency of one store write
 * voltrace_store_write_errors_total                   failed store writes (each is retried)
 * voltrace_ingest_queue_points                        points admitted but not yet durable
 * voltrace_deadletters_stored_total, _dropped_total, _failed_total
 * </pre>
 */
public final class IngestMetrics {
    private final PrometheusMeterRegistry registry;
    private final Timer writeTimer;
    private final Counter writeErrors;
    private final List<IntakeCounters> intakes = new CopyOnWriteArrayList<>();
    private final List<Binding> reasonBindings = new CopyOnWriteArrayList<>();
    private final Set<String> boundReasons = ConcurrentHashMap.newKeySet();

    private record Binding(String intake, IntakeCounters counters) {
    }

    public IngestMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        writeTimer = Timer.builder("voltrace.store.write")
                .description("Latency of one batched write to the time-series store, until it is durable")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        writeErrors = Counter.builder("voltrace.store.write.errors")
                .description("Store writes that failed (the batcher retries them)")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Exposes an intake's counters under {@code intake="<name>"} (e.g. direct, broker). */
    public IngestMetrics bindIntake(String name, IntakeCounters counters) {
        intakes.add(counters);
        FunctionCounter.builder("voltrace.ingest.messages.accepted", counters, IntakeCounters::accepted)
                .description("Telemetry messages admitted").tag("intake", name).register(registry);
        FunctionCounter.builder("voltrace.ingest.points.accepted", counters, IntakeCounters::acceptedPoints)
                .description("Data points admitted").tag("intake", name).register(registry);
        FunctionCounter.builder("voltrace.ingest.evidence.accepted", counters, IntakeCounters::acceptedEvidenceMessages)
                .description("Edge health-evidence messages admitted (insulation, faults, current steps, events)")
                .tag("intake", name).register(registry);
        reasonBindings.add(new Binding(name, counters));
        return this;
    }

    /** Exposes the batcher's write counters and the queue depth (points admitted by the bound intakes, not yet durable). */
    public IngestMetrics bindBatcher(WriteBatcher batcher) {
        FunctionCounter.builder("voltrace.store.points.written", batcher, WriteBatcher::pointsWritten)
                .description("Data points durably written").register(registry);
        FunctionCounter.builder("voltrace.store.batches.written", batcher, WriteBatcher::batchesWritten)
                .description("Telemetry messages durably written").register(registry);
        Gauge.builder("voltrace.ingest.queue", batcher, b -> queueDepth(b))
                .description("Data points admitted but not yet durable (queued or being written)")
                .baseUnit("points").register(registry);
        FunctionCounter.builder("voltrace.store.refused.deadlettered", batcher, WriteBatcher::deadLettered)
                .description("Accepted messages the store refused for good after bounded retries, dead-lettered")
                .register(registry);
        return this;
    }

    public IngestMetrics bindDeadLetters(DeadLetterWriter writer) {
        FunctionCounter.builder("voltrace.deadletters.stored", writer, DeadLetterWriter::stored)
                .description("Refused messages kept in the dead-letter store").register(registry);
        FunctionCounter.builder("voltrace.deadletters.dropped", writer, DeadLetterWriter::dropped)
                .description("Refused messages not kept because the dead-letter queue was full").register(registry);
        FunctionCounter.builder("voltrace.deadletters.failed", writer, DeadLetterWriter::failed)
                .description("Refused messages lost because the dead-letter store failed").register(registry);
        FunctionCounter.builder("voltrace.deadletters.evicted", writer, DeadLetterWriter::evicted)
                .description("Dead letters removed, oldest first, to keep the per-device and total quotas")
                .register(registry);
        return this;
    }

    /** The sink, timed: every call's latency goes to the write histogram, every failure to the error counter. */
    public TelemetrySink timed(TelemetrySink sink) {
        return batches -> {
            long start = System.nanoTime();
            try {
                sink.write(batches);
            } catch (Exception e) {
                writeErrors.increment();
                throw e;
            } finally {
                writeTimer.record(Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        registerNewReasons();
        return registry.scrape();
    }

    public String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private double queueDepth(WriteBatcher batcher) {
        long accepted = 0;
        for (IntakeCounters c : intakes) {
            accepted += c.acceptedPoints();
        }
        return Math.max(0, accepted - batcher.pointsWritten());
    }

    /** Refusal reasons appear as they happen: each new one gets its counter before the scrape that first sees it. */
    private void registerNewReasons() {
        for (Binding b : reasonBindings) {
            for (String reason : b.counters().refusedByReason().keySet()) {
                if (boundReasons.add(b.intake() + '\u0000' + reason)) {
                    FunctionCounter.builder("voltrace.ingest.messages.rejected", b.counters(),
                                    c -> c.refusedByReason().getOrDefault(reason, 0L))
                            .description("Telemetry messages and connections refused, by reason")
                            .tag("intake", b.intake()).tag("reason", reason).register(registry);
                }
            }
        }
    }
}
