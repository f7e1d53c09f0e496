package io.voltrace.ingest.intake;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.TelemetryBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers accepted messages into store writes and runs each message's acknowledgement only after the write that
 * holds it succeeded. One write is in flight at a time, so acknowledgements go out in arrival order (as MQTT asks)
 * and whatever arrives during a write joins the next one: the slower the store, the larger the batches.
 * A failed write is retried with back-off, holding its acknowledgements: nothing is acknowledged that is not stored.
 * Memory stays bounded because every client may hold only a bounded number of unacknowledged messages.
 *
 * <p>Edge evidence ({@link #submitEvidence}) rides in the same writes, stored before the telemetry, so its
 * acknowledgements keep their place in the order too.
 */
public final class WriteBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBatcher.class);

    private record Entry(TelemetryBatch batch, HealthEvidence evidence, Runnable ack) {
    }

    /** Where accepted edge evidence goes; returns only once it is durable, throws if it is not. */
    @FunctionalInterface
    public interface EvidenceSink {
        void write(List<HealthEvidence> evidence) throws Exception;
    }

    private final TelemetrySink sink;
    private final EvidenceSink evidenceSink;
    private final int maxPoints;
    private final long maxDelayMillis;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telemetry-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong pointsWritten = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();

    /** Called on the writer thread with every stored write's telemetry, in store order (the health reducer). */
    private volatile java.util.function.Consumer<List<TelemetryBatch>> afterWrite = batches -> { };

    private List<Entry> pending = new ArrayList<>();
    private int pendingPoints;
    private boolean flushScheduled;
    private boolean writing;

    /** A batcher for telemetry only: {@link #takesEvidence()} is false. */
    public WriteBatcher(TelemetrySink sink, int maxPoints, long maxDelayMillis) {
        this(sink, null, maxPoints, maxDelayMillis);
    }

    /** A batcher that stores edge evidence too, in {@code evidenceSink} (null for none). */
    public WriteBatcher(TelemetrySink sink, EvidenceSink evidenceSink, int maxPoints, long maxDelayMillis) {
        this.sink = sink;
        this.evidenceSink = evidenceSink;
        this.maxPoints = maxPoints;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** Queues a batch (or, with {@code batch == null}, just an acknowledgement that must keep its place in order). */
    public synchronized void submit(TelemetryBatch batch, Runnable ack) {
        enqueue(new Entry(batch, null, ack), batch == null ? 0 : batch.points());
    }

    /**
     * Hands every durably written write's telemetry batches to {@code consumer}, on the writer thread, before their
     * acknowledgements go out; a failing consumer is logged and the acknowledgements go out anyway (the telemetry is
     * stored). Replaces the previous one.
     */
    public void afterWrite(java.util.function.Consumer<List<TelemetryBatch>> consumer) {
        this.afterWrite = consumer == null ? batches -> { } : consumer;
    }

    /** Whether edge evidence can be stored ({@link #submitEvidence}). */
    public boolean takesEvidence() {
        return evidenceSink != null;
    }

    /**
     * Queues one piece of edge evidence; its acknowledgement runs once it is stored, in order with the rest.
     *
     * @throws IllegalStateException when this batcher has no evidence sink
     */
    public synchronized void submitEvidence(HealthEvidence evidence, Runnable ack) {
        if (evidenceSink == null) {
            throw new IllegalStateException("this batcher stores no edge evidence");
        }
        enqueue(new Entry(null, evidence, ack), 0); // not telemetry points: the timer flushes it
    }

    private void enqueue(Entry entry, int points) {
        pending.add(entry);
        pendingPoints += points;
        if (writing) {
            return;
        }
        if (pendingPoints >= maxPoints) {
            startWrite();
        } else if (!flushScheduled) {
            flushScheduled = true;
            writer.schedule(this::onTimer, maxDelayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void onTimer() {
        flushScheduled = false;
        if (!writing && !pending.isEmpty()) {
            startWrite();
        }
    }

    private void startWrite() {
        List<Entry> entries = pending;
        int points = pendingPoints;
        pending = new ArrayList<>();
        pendingPoints = 0;
        writing = true;
        writer.execute(() -> write(entries, points, 0));
    }

    private void write(List<Entry> entries, int points, int attempt) {
        List<TelemetryBatch> batches = new ArrayList<>(entries.size());
        List<HealthEvidence> evidence = new ArrayList<>();
        for (Entry e : entries) {
            if (e.batch() != null) {
                batches.add(e.batch());
            }
            if (e.evidence() != null) {
                evidence.add(e.evidence());
            }
        }
        try {
            if (!evidence.isEmpty()) {
                evidenceSink.write(evidence); // idempotent: a retry after a telemetry failure stores nothing twice
            }
            if (!batches.isEmpty()) {
                sink.write(batches);
            }
        } catch (Exception e) {
            writeFailures.incrementAndGet();
            long backoff = Math.min(5000, 100L << Math.min(attempt, 6));
            LOG.warn("store write failed ({} batches, {} points), holding acknowledgements and retrying in {} ms: {}",
                    batches.size(), points, backoff, e.toString());
            writer.schedule(() -> write(entries, points, attempt + 1), backoff, TimeUnit.MILLISECONDS);
            return;
        }
        if (!batches.isEmpty()) {
            try {
                afterWrite.accept(batches);
            } catch (RuntimeException e) {
                LOG.warn("after-write consumer failed on {} stored batches: {}", batches.size(), e.toString());
            }
        }
        pointsWritten.addAndGet(points);
        batchesWritten.addAndGet(batches.size());
        for (Entry e : entries) {
            e.ack().run();
        }
        synchronized (this) {
            writing = false;
            if (!pending.isEmpty()) {
                startWrite();
            }
        }
    }

    public long pointsWritten() {
        return pointsWritten.get();
    }

    public long batchesWritten() {
        return batchesWritten.get();
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    /** Writes what is queued, waiting up to the timeout, then stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            synchronized (this) {
                if (!writing && pending.isEmpty()) {
                    break;
                }
                if (!writing) {
                    startWrite();
                }
            }
            Thread.sleep(20);
        }
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
