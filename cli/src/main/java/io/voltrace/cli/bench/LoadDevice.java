package io.voltrace.cli.bench;

import io.voltrace.common.wire.Topics;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.mqtt.MqttLinkConfig;
import io.voltrace.edge.mqtt.ReasonCodes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
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
    /** One message until its PUBACK; {@code attempt} tells a late callback of an earlier copy from the current one. */
    private static final class Message {
        final byte[] payload;
        long attempt;
        boolean done;

        Message(byte[] payload) {
            this.payload = payload;
        }
    }

    private final MqttLink link;
    private final String topic;
    private final int windowSize;
    private final Semaphore window;
    private final Set<Message> inFlight = new HashSet<>();
    /** Messages whose connection dropped before their PUBACK: they keep their window permit and go again first. */
    private final Queue<Message> again = new ArrayDeque<>();
    private long attempts;
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
            sendAgain();
        } while (!window.tryAcquire(20, TimeUnit.MILLISECONDS));
        publish(new Message(payload));
    }

    /** Waits until every message sent is acknowledged or refused, sending lost ones again; false on timeout. */
    boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            sendAgain();
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

    private void sendAgain() throws InterruptedException {
        while (true) {
            Message m;
            synchronized (this) {
                m = again.poll();
                if (m == null) {
                    return;
                }
                if (m.done) {
                    continue; // a late PUBACK of the lost copy arrived after all
                }
            }
            resent.incrementAndGet();
            publish(m);
        }
    }

    private void publish(Message m) throws InterruptedException {
        while (true) {
            long attempt;
            synchronized (this) {
                attempt = ++attempts;
                m.attempt = attempt;
                inFlight.add(m);
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
                return;
            }
            synchronized (this) {
                inFlight.remove(m);
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
            again.add(m);
        }
    }

    @Override
    public void online(int newWindow) {
        // The sender finds out by trying: publish() waits while the link is down.
    }

    /** No PUBACK comes for what was in flight on the lost connection (Paho does not always say so per message). */
    @Override
    public synchronized void offline(String reason) {
        again.addAll(inFlight);
        inFlight.clear();
    }

    @Override
    public void close() {
        link.close();
    }
}
