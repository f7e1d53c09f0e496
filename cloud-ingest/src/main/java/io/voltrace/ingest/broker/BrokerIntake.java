package io.voltrace.ingest.broker;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.deadletter.DeadLetterSink;
import io.voltrace.ingest.intake.Admission;
import io.voltrace.ingest.intake.IntakeCounters;
import io.voltrace.common.log.LogSafe;
import io.voltrace.ingest.intake.WriteBatcher;
import io.voltrace.ingest.validation.EvidenceValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker mode: the ingest joins a shared subscription on Mosquitto, EMQX or any MQTT 5 broker, so several instances
 * split one fleet's traffic. The broker authenticates devices and its ACL binds each device to its own topic; this
 * side still checks that the battery belongs to the device named by the topic. Acknowledgements are manual and sent
 * only after the store write holding the message succeeded; until then the broker redelivers on reconnect. When the
 * batcher stores edge evidence, the group subscribes to the evidence topics too, under the same checks.
 */
public final class BrokerIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerIntake.class);
    private static final long OWNERSHIP_TTL_MS = 30_000;

    private final BrokerSettings settings;
    private final Function<String, Set<String>> batteriesOfDevice;
    private final WriteBatcher batcher;
    private final DeadLetterSink deadLetters;
    private final IntakeCounters counters = new IntakeCounters();
    private final EvidenceValidator evidenceValidator = EvidenceValidator.withDefaults();
    private final Map<String, Ownership> ownership = new ConcurrentHashMap<>();
    private volatile MqttAsyncClient client;
    private MqttConnectionOptions options;
    private volatile boolean closed;

    private record Ownership(Set<String> batteries, long expiresAt) {
    }

    public BrokerIntake(BrokerSettings settings, Function<String, Set<String>> batteriesOfDevice, WriteBatcher batcher)
            throws MqttException {
        this(settings, batteriesOfDevice, batcher, DeadLetterSink.NONE);
    }

    /** Refused messages go to {@code deadLetters} with their reason and raw payload. */
    public BrokerIntake(BrokerSettings settings, Function<String, Set<String>> batteriesOfDevice, WriteBatcher batcher,
                        DeadLetterSink deadLetters) throws MqttException {
        this.settings = settings;
        this.batteriesOfDevice = batteriesOfDevice;
        this.batcher = batcher;
        this.deadLetters = deadLetters;
    }

    /**
     * A fresh client per connection: the broker keeps the session (subscription and unacknowledged messages) under the
     * client id, so nothing is lost, and no half-dead client state from the last connection is carried over.
     */
    private MqttAsyncClient newClient() throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        c.setManualAcks(true);
        c.setCallback(new Callback(c));
        return c;
    }

    public void start(Duration timeout) throws MqttException {
        client = newClient();
        options = connectionOptions(timeout);
        client.connect(options).waitForCompletion(timeout.toMillis());
        subscribe(timeout);
        LOG.info("broker intake up server={} subscription={}", settings.serverUri(), settings.subscription());
    }

    private MqttConnectionOptions connectionOptions(Duration timeout) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        // A persistent session keeps this instance's share of unacknowledged messages across its restarts.
        options.setCleanStart(false);
        options.setSessionExpiryInterval(86_400L);
        options.setReceiveMaximum(settings.receiveMaximum());
        // Reconnection is ours, not Paho's: its automatic reconnect stalled here with manual acks in flight.
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        return options;
    }

    /** Reconnects with exponential back-off and jitter until connected or closed, then renews the subscription. */
    private void reconnectLoop() {
        long delay = 500;
        while (!closed) {
            try {
                Thread.sleep(delay + (long) (Math.random() * delay / 2));
                MqttAsyncClient old = client;
                try {
                    old.close(true);
                } catch (MqttException ignored) {
                    // already closed
                }
                client = newClient();
                client.connect(options).waitForCompletion(30_000);
                subscribe(Duration.ofSeconds(10));
                LOG.info("reconnected to broker {}", settings.serverUri());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (MqttException e) {
                LOG.debug("reconnect to {} failed: {}", settings.serverUri(), LogSafe.text(e));
                delay = Math.min(30_000, delay * 2);
            }
        }
    }

    private void subscribe(Duration timeout) throws MqttException {
        MqttSubscription telemetry = new MqttSubscription(settings.subscription(), 1);
        IMqttToken token = batcher.takesEvidence()
                ? client.subscribe(new MqttSubscription[]{telemetry,
                        new MqttSubscription(settings.evidenceSubscription(), 1)})
                : client.subscribe(telemetry);
        token.waitForCompletion(timeout.toMillis());
        int[] codes = token.getReasonCodes();
        if (codes != null) {
            for (int code : codes) {
                if (code >= 0x80) {
                    throw new MqttException(code);
                }
            }
        }
    }

    public IntakeCounters counters() {
        return counters;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    private Set<String> batteries(String device) {
        long now = System.currentTimeMillis();
        Ownership cached = ownership.get(device);
        if (cached == null || cached.expiresAt() < now) {
            cached = new Ownership(batteriesOfDevice.apply(device), now + OWNERSHIP_TTL_MS);
            ownership.put(device, cached);
        }
        return cached.batteries();
    }

    private void onMessage(MqttAsyncClient receiver, String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        Runnable ack = () -> acknowledge(receiver, id, qos);
        if (Admission.isEvidence(topic) && batcher.takesEvidence()) {
            onEvidence(topic, message, ack);
            return;
        }
        String device = Topics.deviceOfTelemetry(topic);
        TelemetryBatch batch;
        try {
            batch = Admission.admit(null, device == null ? Set.of() : batteries(device), topic, message.getPayload());
        } catch (Admission.Refusal r) {
            refuse(device, topic, r, message, ack);
            return;
        }
        counters.accepted(batch.points());
        batcher.submit(batch, new WriteBatcher.Origin(device, topic, message.getPayload()), ack::run);
    }

    private void onEvidence(String topic, MqttMessage message, Runnable ack) {
        String device = Topics.deviceOfEvidence(topic);
        HealthEvidence evidence;
        try {
            evidence = Admission.admitEvidence(evidenceValidator, null, batteries(device), topic,
                    message.getPayload());
        } catch (Admission.Refusal r) {
            refuse(device, topic, r, message, ack);
            return;
        }
        counters.acceptedEvidence();
        batcher.submitEvidence(evidence, new WriteBatcher.Origin(device, topic, message.getPayload()), ack::run);
    }

    /** Counts and dead-letters a refused message, then acknowledges it in turn with the writes before it. */
    private void refuse(String device, String topic, Admission.Refusal r, MqttMessage message, Runnable ack) {
        counters.refused(r.reason());
        deadLetters.refused(device, topic, r.reason(), r.getMessage(), message.getPayload());
        LOG.warn("refused message topic={}: {}", LogSafe.text(topic), LogSafe.text(r.getMessage()));
        // A broker cannot pass a refusal back to the device: acknowledge so it is not redelivered forever.
        batcher.submit(null, ack);
    }

    private static void acknowledge(MqttAsyncClient receiver, int id, int qos) {
        if (qos == 0 || !receiver.isConnected()) {
            return; // the broker redelivers to the next connection; the store deduplicates
        }
        try {
            receiver.messageArrivedComplete(id, qos);
        } catch (MqttException e) {
            // The connection dropped after the write: the broker redelivers, the store deduplicates.
            LOG.debug("ack of message {} not sent: {}", id, LogSafe.text(e));
        }
    }

    @Override
    public void close() throws MqttException {
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
        } finally {
            client.close(true);
        }
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (closed || owner != client) {
                return;
            }
            LOG.warn("broker connection lost ({}); reconnecting", LogSafe.text(response.getException() != null
                    ? response.getException().toString() : response.getReasonString()));
            Thread reconnect = new Thread(BrokerIntake.this::reconnectLoop, "broker-reconnect");
            reconnect.setDaemon(true);
            reconnect.start();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("broker error: {}", LogSafe.text(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(owner, topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
