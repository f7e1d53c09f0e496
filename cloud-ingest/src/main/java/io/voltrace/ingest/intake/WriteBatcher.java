package io.voltrace.ingest.intake;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.log.LogSafe;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.deadletter.DeadLetterSink;
import io.voltrace.ingest.store.TelemetryStoreException;
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
 * <p>Two kinds of failure are told apart (#16). A store that cannot be reached, fails or is busy is retried without
 * bound (back-off up to 5 s): the data is good and will be stored when the store is back, so none is dead-lettered.
 * A store that answers and refuses the data itself ({@link TelemetryStoreException#rejected()}, or an SQL data or
 * constraint error from the evidence store) is retried {@code rejectionRetries} times; then the write is split in
 * halves, in order, until each refused message stands alone: the others are stored and acknowledged, each refused one
 * goes to the dead letters with the store's reason and is acknowledged too, so one device's bad data cannot hold back
 * every other device's acknowledgements.
 *
 * <p>Edge evidence ({@link #submitEvidence}) rides in the same writes, stored before the telemetry, so its
 * acknowledgements keep their place in the order too.
 */
public final class WriteBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBatcher.class);

    /**
     * Where a message came from, kept so that a message the store refuses for good can be dead-lettered as it came.
     *
     * @param device  the sender as far as known, or null
     * @param topic   its MQTT topic
     * @param payload its raw payload
     */
    public record Origin(String device, String topic, byte[] payload) {
    }

    /** What to do once a message is settled. */
    public interface Ack {
        /** The message is stored (or needed no storing). */
        void stored();

        /**
         * The store refused the message for good; it is in the dead letters. By default acknowledged as
         * {@link #stored()}: the message is settled and must not come again.
         */
        default void refused(String reason) {
            stored();
        }
    }

    private record Entry(TelemetryBatch batch, HealthEvidence evidence, Origin origin, Ack ack) {
    }

    /** How often a write the store refuses as bad data is tried again, as a whole, before its messages are sorted. */
    public static final int DEFAULT_REJECTION_RETRIES = 3;

    /** Where accepted edge evidence goes; returns only once it is durable, throws if it is not. */
    @FunctionalInterface
    public interface EvidenceSink {
        void write(List<HealthEvidence> evidence) throws Exception;
    }

    private final TelemetrySink sink;
    private final EvidenceSink evidenceSink;
    private final int rejectionRetries;
    private final DeadLetterSink deadLetters;
    private final AtomicLong deadLettered = new AtomicLong();
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
        this(sink, evidenceSink, maxPoints, maxDelayMillis, DEFAULT_REJECTION_RETRIES, DeadLetterSink.NONE);
    }

    /**
     * A batcher that gives up on data the store refuses after {@code rejectionRetries} retries, putting each refused
     * message into {@code deadLetters}.
     */
    public WriteBatcher(TelemetrySink sink, EvidenceSink evidenceSink, int maxPoints, long maxDelayMillis,
                        int rejectionRetries, DeadLetterSink deadLetters) {
        if (rejectionRetries < 0) {
            throw new IllegalArgumentException("rejectionRetries must not be negative: " + rejectionRetries);
        }
        this.rejectionRetries = rejectionRetries;
        this.deadLetters = java.util.Objects.requireNonNull(deadLetters, "deadLetters");
        this.sink = sink;
        this.evidenceSink = evidenceSink;
        this.maxPoints = maxPoints;
        this.maxDelayMillis = maxDelayMillis;
    }

    /** Queues a batch (or, with {@code batch == null}, just an acknowledgement that must keep its place in order). */
    public synchronized void submit(TelemetryBatch batch, Runnable ack) {
        submit(batch, null, ack::run);
    }

    /** Queues a batch with where it came from (null if unknown), and what to do once it is stored or refused. */
    public synchronized void submit(TelemetryBatch batch, Origin origin, Ack ack) {
        enqueue(new Entry(batch, null, origin, ack), batch == null ? 0 : batch.points());
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
        submitEvidence(evidence, null, ack::run);
    }

    /** {@link #submitEvidence(HealthEvidence, Runnable)} with where it came from, as {@link #submit(TelemetryBatch,
     * Origin, Ack)}. */
    public synchronized void submitEvidence(HealthEvidence evidence, Origin origin, Ack ack) {
        if (evidenceSink == null) {
            throw new IllegalStateException("this batcher stores no edge evidence");
        }
        enqueue(new Entry(null, evidence, origin, ack), 0); // not telemetry points: the timer flushes it
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
        pending = new ArrayList<>();
        pendingPoints = 0;
        writing = true;
        writer.execute(() -> write(entries, 0, 0));
    }

    /**
     * One try of a whole write. {@code attempt} counts every failed try (for the back-off), {@code rejections} the
     * tries the store refused as bad data.
     */
    private void write(List<Entry> entries, int attempt, int rejections) {
        Exception failure = store(entries);
        if (failure == null) {
            settled(entries, null);
            finishWrite();
            return;
        }
        writeFailures.incrementAndGet();
        boolean rejected = isRejection(failure);
        if (rejected && rejections >= rejectionRetries) {
            LOG.warn("the store refused a write of {} messages {} times: writing them apart to find the refused ones:"
                    + " {}", entries.size(), rejections + 1, LogSafe.text(failure.toString()));
            sort(entries, failure, attempt);
            return;
        }
        long backoff = backoff(attempt);
        LOG.warn("store write failed ({} messages; {}), holding acknowledgements and retrying in {} ms: {}",
                entries.size(), rejected ? "the store refused the data, try " + (rejections + 1) + " of "
                        + (rejectionRetries + 1) : "store unreachable or failing, retried until it is back", backoff,
                LogSafe.text(failure.toString()));
        int nextRejections = rejected ? rejections + 1 : rejections;
        writer.schedule(() -> write(entries, attempt + 1, nextRejections), backoff, TimeUnit.MILLISECONDS);
    }

    private static long backoff(int attempt) {
        return Math.min(5000, 100L << Math.min(attempt, 6));
    }

    /**
     * Writes the entries in halves, in order, until each refused one stands alone; settles each as it goes, so
     * acknowledgements keep their order. If the store becomes unreachable meanwhile, what is left goes back to the
     * retried write.
     */
    private void sort(List<Entry> entries, Exception refusal, int attempt) {
        if (entries.size() == 1) {
            settled(entries, refusal);
            finishWrite();
            return;
        }
        java.util.ArrayDeque<List<Entry>> parts = new java.util.ArrayDeque<>();
        parts.push(entries.subList(entries.size() / 2, entries.size()));
        parts.push(entries.subList(0, entries.size() / 2));
        while (!parts.isEmpty()) {
            List<Entry> part = parts.pop();
            Exception failure = store(part);
            if (failure == null) {
                settled(part, null);
            } else if (!isRejection(failure)) {
                writeFailures.incrementAndGet();
                List<Entry> rest = new ArrayList<>(part);
                while (!parts.isEmpty()) {
                    rest.addAll(parts.pop());
                }
                long backoff = backoff(attempt);
                LOG.warn("store unreachable while sorting out refused messages: {} messages wait, retrying in {} ms:"
                        + " {}", rest.size(), backoff, LogSafe.text(failure.toString()));
                writer.schedule(() -> write(rest, attempt + 1, 0), backoff, TimeUnit.MILLISECONDS);
                return;
            } else if (part.size() == 1) {
                writeFailures.incrementAndGet();
                settled(part, failure);
            } else {
                writeFailures.incrementAndGet();
                int half = part.size() / 2;
                parts.push(part.subList(half, part.size()));
                parts.push(part.subList(0, half)); // the first half first: acknowledgements keep their order
            }
        }
        finishWrite();
    }

    /** Stores the entries' evidence, then their telemetry; returns the failure, or null once all of it is durable. */
    private Exception store(List<Entry> entries) {
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
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /**
     * Whether the store refused the data itself: a retry of the same data would be refused again. Anything else
     * (unreachable, timed out, failing) may pass later and is retried without bound.
     */
    static boolean isRejection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TelemetryStoreException s) {
                return s.rejected();
            }
            if (t instanceof java.sql.SQLException q && q.getSQLState() != null
                    && (q.getSQLState().startsWith("22") || q.getSQLState().startsWith("23"))) {
                return true; // data exception or integrity constraint violation: this data, not the database
            }
        }
        return false;
    }

    /**
     * Acknowledges entries that are stored ({@code refusal == null}: their telemetry goes to the after-write consumer
     * first), or dead-letters and acknowledges entries the store refused.
     */
    private void settled(List<Entry> entries, Exception refusal) {
        if (refusal != null) {
            String reason = "store refused";
            String detail = refusal.getMessage() == null ? refusal.toString() : refusal.getMessage();
            for (Entry e : entries) {
                Origin o = e.origin() != null ? e.origin() : originOf(e);
                deadLetters.refused(o.device(), o.topic(), reason, detail, o.payload());
                deadLettered.incrementAndGet();
                LOG.warn("message from device={} on topic={} dead-lettered: the store refused it {} times: {}",
                        LogSafe.text(o.device()), LogSafe.text(o.topic()), rejectionRetries + 1,
                        LogSafe.text(detail));
                e.ack().refused(reason + ": " + detail);
            }
            return;
        }
        List<TelemetryBatch> batches = new ArrayList<>(entries.size());
        int points = 0;
        for (Entry e : entries) {
            if (e.batch() != null) {
                batches.add(e.batch());
                points += e.batch().points();
            }
        }
        if (!batches.isEmpty()) {
            try {
                afterWrite.accept(batches);
            } catch (RuntimeException e) {
                LOG.warn("after-write consumer failed on {} stored batches: {}", batches.size(), LogSafe.text(e));
            }
        }
        pointsWritten.addAndGet(points);
        batchesWritten.addAndGet(batches.size());
        for (Entry e : entries) {
            e.ack().stored();
        }
    }

    /** An entry submitted without its origin: dead-lettered as its sender's telemetry or evidence, re-encoded. */
    private static Origin originOf(Entry e) {
        if (e.batch() != null) {
            return new Origin(e.batch().device(), Topics.telemetry(e.batch().device()), WireCodec.encode(e.batch()));
        }
        String device = e.evidence() == null ? null : e.evidence().device();
        return new Origin(device, device == null ? "(unknown)" : Topics.evidence(device), new byte[0]);
    }

    private void finishWrite() {
        synchronized (this) {
            writing = false;
            if (!pending.isEmpty()) {
                startWrite();
            }
        }
    }

    /** Messages the store refused for good, put into the dead letters. */
    public long deadLettered() {
        return deadLettered.get();
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
