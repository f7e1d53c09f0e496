package io.voltrace.ingest.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes gradings to an MQTT broker, QoS 1 and retained, on {@code voltrace/v1/grading/<code>}. Paho reconnects
 * by itself (a publish while disconnected fails and is logged by the recorder; the next grading replaces it).
 */
public final class MqttGradingPublisher implements GradingPublisher, AutoCloseable {
    private final MqttAsyncClient client;
    private final Duration timeout;

    private MqttGradingPublisher(MqttAsyncClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Connects to the broker.
     *
     * @param password may be null
     * @throws MqttException when the broker cannot be reached or refuses the login
     */
    public static MqttGradingPublisher connect(String serverUri, String clientId, String username, char[] password,
                                               Duration timeout) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(Objects.requireNonNull(serverUri, "serverUri"), clientId,
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
        }
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        c.connect(o).waitForCompletion(timeout.toMillis());
        return new MqttGradingPublisher(c, timeout);
    }

    @Override
    public void publish(String code, byte[] payload) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(true);
        try {
            client.publish(GradingRecorder.topic(code), m).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            throw new IllegalStateException("publish to " + GradingRecorder.topic(code) + " failed: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(timeout.toMillis());
            }
        } finally {
            client.close();
        }
    }
}
