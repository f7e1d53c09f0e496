package io.voltrace.ingest.deadletter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.voltrace.common.log.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes refused messages from the intake's event loops without blocking them and stores them from one background
 * thread, several per transaction. The queue is bounded in letters and in payload bytes: when a flood of bad
 * messages outruns the database, further letters are dropped and counted rather than growing memory. The
 * refusal itself (counter, reason code to the device) never depends on this store.
 */
public final class DeadLetterWriter implements DeadLetterSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final int MAX_PER_TRANSACTION = 200;

    private final DeadLetterStore store;
    private final Clock clock;
    private final BlockingQueue<DeadLetter> queue;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    public DeadLetterWriter(DeadLetterStore store, Clock clock, int maxQueued, long maxQueuedBytes) {
        this.store = store;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.maxQueuedBytes = maxQueuedBytes;
        this.thread = new Thread(this::run, "dead-letter-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** 10,000 letters or 64 MiB of payload queued at most. */
    public static DeadLetterWriter start(DeadLetterStore store) {
        return new DeadLetterWriter(store, Clock.systemUTC(), 10_000, 64L << 20);
    }

    @Override
    public void refused(String device, String topic, String reason, String detail, byte[] payload) {
        byte[] kept = payload.length > DeadLetterStore.MAX_STORED_PAYLOAD
                ? java.util.Arrays.copyOf(payload, DeadLetterStore.MAX_STORED_PAYLOAD) : payload;
        DeadLetter letter = new DeadLetter(0, clock.instant(), device, topic, reason, detail, kept, payload.length);
        if (closing) {
            dropped.incrementAndGet();
            return;
        }
        if (queuedBytes.addAndGet(kept.length) > maxQueuedBytes || !queue.offer(letter)) {
            queuedBytes.addAndGet(-kept.length);
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warn("dead-letter queue full: dropped {} letters so far (latest from {}: {})", dropped.get(),
                        LogSafe.text(device), LogSafe.text(reason));
            }
        }
    }

    private void run() {
        List<DeadLetter> batch = new ArrayList<>();
        while (true) {
            try {
                DeadLetter first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_PER_TRANSACTION - 1);
                write(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<DeadLetter> batch) {
        long bytes = 0;
        for (DeadLetter l : batch) {
            bytes += l.payload().length;
        }
        try {
            store.addAll(batch);
            stored.addAndGet(batch.size());
        } catch (RuntimeException e) {
            // The registry is down: these letters are lost (the refusals are still counted); say so once a batch.
            failed.addAndGet(batch.size());
            LOG.warn("could not store {} dead letters: {}", batch.size(), LogSafe.text(e.getMessage()));
        } finally {
            queuedBytes.addAndGet(-bytes);
        }
    }

    /** Letters written to the store. */
    public long stored() {
        return stored.get();
    }

    /** Letters removed from the store, oldest first, to keep its quota. */
    public long evicted() {
        return store.evicted();
    }

    /** Letters dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Letters lost because the store failed. */
    public long failed() {
        return failed.get();
    }

    /** Letters waiting to be written. */
    public int queued() {
        return queue.size();
    }

    /** Writes what is queued (waiting up to 10 s), then stops the thread. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join(10_000);
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.warn("dead-letter writer did not finish within 10 s; {} letters not stored", queue.size());
        }
    }
}
