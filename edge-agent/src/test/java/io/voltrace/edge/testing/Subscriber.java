package io.voltrace.edge.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A plain Paho v5 client that subscribes and keeps what it receives, for checking what reached the broker. */
public final class Subscriber implements AutoCloseable {
    public record Received(String topic, byte[] payload, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public Subscriber(String uri, String user, String password, String filter) throws MqttException {
        client = new MqttAsyncClient(uri, "sub-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(new Received(topic, m.getPayload(), m.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(filter, 1).waitForCompletion(10_000);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until a received message matches; returns it, or null on timeout. */
    public Received await(Predicate<Received> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (match.test(r)) {
                    return r;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect().waitForCompletion(5000);
        } finally {
            client.close(true);
        }
    }
}
