package io.voltrace.cli.bench;

import io.voltrace.common.wire.Topics;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.mqtt.MqttLinkConfig;
import io.voltrace.edge.mqtt.ReasonCodes;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device of the ingest benchmark: publishes ready-made telemetry messages at QoS 1 over the agent's own
 * {@link MqttLink} (fresh client per connection, reconnection with back-off) as fast as its window of unacknowledged
 * messages allows, and sends a message again when its connection dropped before the PUBACK (the ingest keeps one copy).
 * One thread uses it: {@link #send} while generating, then {@link #awaitAcknowledged}.
 *
 * <p>It has no spool on purpose: the benchmark measures the ingest, and on a small machine the load side shares the
 * CPUs with it, so the load side does the least work a message needs. The spool path is what the demo and the agent
 * use (and what {@code bench edge} measures).
 */
final class LoadDevice implements MqttLink.Listener, AutoCloseable {
    /**
     * One message until its PUBACK; {@code seq} is its place in the order sent, {@code attempt} tells a late callback
     * of an earlier copy from the current one.
     */
    private static final class Message {
        final byte[] payload;
        final long seq;
        long attempt;
        boolean done;
        /** Handed to a client before (only the sending thread reads or writes it). */
        boolean sentBefore;

        Message(byte[] payload, long seq) {
            this.payload = payload;
            this.seq = seq;
        }
    }

    private final MqttLink link;
    private final String topic;
    private final int windowSize;
    private final Semaphore window;
    private final Set<Message> inFlight = new HashSet<>();
    /**
     * Messages to publish, oldest first: new ones, and those whose connection dropped before their PUBACK (they keep
     * their window permit). Always sent in their original order, as the agent's spool does: a message going again
     * after a newer one was stored would land behind the health reducer's watermark and count as late, not reduced.
     */
    private final Queue<Message> outbox = new PriorityQueue<>(Comparator.comparingLong(m -> m.seq));
    private long attempts;
    private long sequence;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();

    LoadDevice(String serverUri, String device, char[] secret, int windowSize) throws IOException {
        this.topic = Topics.telemetry(device);
        this.windowSize = windowSize;
        this.window = new Semaphore(windowSize);
        this.link = new MqttLink(MqttLinkConfig.plain(serverUri, device, secret).withMaxInFlight(windowSize)
                .withReconnect(Duration.ofMillis(200), Duration.ofSeconds(2)), this);
    }

    void start() {
        link.start();
    }

    /** Sends one message after any that must go again; blocks while the window is full or the link is down. */
    void send(byte[] payload) throws InterruptedException {
        // Lost messages hold their permits: while waiting for one, send them again, or the window never frees.
        do {
            drain();
        } while (!window.tryAcquire(20, TimeUnit.MILLISECONDS));
        synchronized (this) {
            outbox.add(new Message(payload, sequence++));
        }
        drain();
    }

    /** Waits until every message sent is acknowledged or refused, sending lost ones again; false on timeout. */
    boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            drain();
            if (window.availablePermits() == windowSize) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long refused() {
        return refused.get();
    }

    /** Messages sent again after their connection dropped. */
    long resent() {
        return resent.get();
    }

    /**
     * Publishes the outbox in order. The head stays at the head until the client took it, and whatever a dropped
     * connection puts back sorts in before it, so nothing newer overtakes a message that must go again.
     */
    private void drain() throws InterruptedException {
        while (true) {
            Message m;
            long attempt;
            synchronized (this) {
                m = outbox.poll();
                if (m == null) {
                    return;
                }
                if (m.done) {
                    continue; // a late PUBACK of the lost copy arrived after all
                }
                attempt = ++attempts;
                m.attempt = attempt;
                inFlight.add(m);
            }
            if (m.sentBefore) {
                resent.incrementAndGet();
            }
            MqttLink.Sent sent = link.publish(topic, m.payload, null, new MqttLink.Delivery() {
                @Override
                public void acknowledged(int reasonCode) {
                    onAcknowledged(m, reasonCode);
                }

                @Override
                public void failed(Throwable cause) {
                    onLost(m, attempt);
                }
            });
            if (sent == MqttLink.Sent.SENT) {
                m.sentBefore = true;
                continue;
            }
            synchronized (this) {
                if (inFlight.remove(m)) {
                    outbox.add(m); // not taken: back at the head (unless a dropped connection put it back already)
                }
            }
            // Down (the ingest is restarting) or the client's own window is full: wait, nothing is dropped.
            Thread.sleep(sent == MqttLink.Sent.BUSY ? 2 : 100);
        }
    }

    private synchronized void onAcknowledged(Message m, int reasonCode) {
        if (m.done) {
            return; // the other copy was acknowledged first
        }
        m.done = true;
        inFlight.remove(m);
        (ReasonCodes.isFailure(reasonCode) ? refused : acknowledged).incrementAndGet();
        window.release();
    }

    private synchronized void onLost(Message m, long attempt) {
        if (!m.done && m.attempt == attempt && inFlight.remove(m)) {
            outbox.add(m);
        }
    }

    @Override
    public void online(int newWindow) {
        // The sender finds out by trying: publish() waits while the link is down.
    }

    /** No PUBACK comes for what was in flight on the lost connection (Paho does not always say so per message). */
    @Override
    public synchronized void offline(String reason) {
        outbox.addAll(inFlight);
        inFlight.clear();
    }

    @Override
    public void close() {
        link.close();
    }
}
