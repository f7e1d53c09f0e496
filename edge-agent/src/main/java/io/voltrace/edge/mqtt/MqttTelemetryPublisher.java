package io.voltrace.edge.mqtt;

import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes telemetry batches over MQTT 5 at QoS 1 with Paho, with a bounded window of unacknowledged messages.
 * A batch counts as delivered only when its PUBACK arrives with a success reason code; the receiver sends that PUBACK
 * after the data is durable. A PUBACK with a failure reason code (not authorised, bad payload) is counted as refused
 * and logged, not retried: sending it again would be refused again.
 */
public final class MqttTelemetryPublisher implements Consumer<TelemetryBatch>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttTelemetryPublisher.class);
    private static final int TOO_MANY_IN_FLIGHT = 32202;

    private final MqttSettings settings;
    private final MqttAsyncClient client;
    private final Semaphore window;
    private final String topic;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    public MqttTelemetryPublisher(MqttSettings settings) throws MqttException {
        this.settings = settings;
        this.window = new Semaphore(settings.maxInFlight());
        this.topic = Topics.telemetry(settings.deviceId());
        this.client = new MqttAsyncClient(settings.serverUri(), settings.deviceId(), new MemoryPersistence());
    }

    public void connect(Duration timeout) throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(settings.deviceId());
        options.setPassword(new String(settings.secret()).getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        client.connect(options).waitForCompletion(timeout.toMillis());
        LOG.info("connected device={} server={}", settings.deviceId(), settings.serverUri());
    }

    /** Sends one batch; blocks while the window of unacknowledged messages is full. */
    @Override
    public void accept(TelemetryBatch batch) {
        byte[] payload = WireCodec.encode(batch);
        acquireWindow();
        send(batch, payload);
    }

    private void send(TelemetryBatch batch, byte[] payload) {
        while (true) {
            try {
                MqttMessage message = new MqttMessage(payload, 1, false, null);
                client.publish(topic, message, null, new Completion(batch, payload));
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != TOO_MANY_IN_FLIGHT && client.isConnected()) {
                    window.release();
                    throw new IllegalStateException("publish of batch " + batch.seq() + " failed: " + e.getMessage(), e);
                }
                // Not connected yet, or the client's own window is full: wait and try again; nothing is dropped.
                retried.incrementAndGet();
                pause(50);
            }
        }
    }

    private final class Completion implements MqttActionListener {
        private final TelemetryBatch batch;
        private final byte[] payload;

        Completion(TelemetryBatch batch, byte[] payload) {
            this.batch = batch;
            this.payload = payload;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                refused.incrementAndGet();
                LOG.warn("batch refused device={} battery={} seq={} reasonCode=0x{} — check that the battery is "
                                + "registered to this device", settings.deviceId(), batch.battery(), batch.seq(),
                        Integer.toHexString(codes[0]));
            } else {
                acknowledged.incrementAndGet();
            }
            window.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
            // The connection dropped before the PUBACK: send again once reconnected (the receiver deduplicates).
            retried.incrementAndGet();
            LOG.debug("batch seq={} not acknowledged ({}), resending", batch.seq(), String.valueOf(error));
            Thread resend = new Thread(() -> {
                pause(200);
                send(batch, payload);
            }, "mqtt-resend");
            resend.setDaemon(true);
            resend.start();
        }
    }

    /** Waits until every sent batch is acknowledged or refused. */
    public boolean awaitAcknowledged(Duration timeout) throws InterruptedException {
        if (window.tryAcquire(settings.maxInFlight(), timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            window.release(settings.maxInFlight());
            return true;
        }
        return false;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long refused() {
        return refused.get();
    }

    public long retried() {
        return retried.get();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
        } finally {
            client.close(true);
        }
    }

    private void acquireWindow() {
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for acknowledgements", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
