package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.deadletter.DeadLetterSink;
import io.voltrace.ingest.validation.TelemetryValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What an outside probe of the endpoint found (#16): login storms, takeover, QoS 2, oversize, SUBSCRIBE, logs. */
class MqttEndpointHardeningTest {
    static final String B1 = MqttIntakeTest.B1;

    record Letter(String device, String topic, String reason, String detail, int bytes) {
    }

    Vertx vertx;
    WriteBatcher batcher;
    MqttIntake intake;
    int port;
    final Map<String, Integer> stored = new ConcurrentHashMap<>();
    final List<Letter> letters = new CopyOnWriteArrayList<>();
    final AtomicInteger checks = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        DeviceDirectory directory = (device, secret) -> {
            checks.incrementAndGet();
            if (("dev-1".equals(device) && "secret-1".equals(new String(secret)))) {
                return Optional.of(Set.of(B1));
            }
            sleep(50); // what checking a wrong secret against a slow hash used to cost
            return Optional.empty();
        };
        batcher = new WriteBatcher(batches -> {
            for (TelemetryBatch b : batches) {
                b.samples().forEach(s -> stored.merge(b.battery() + "@" + s.ts(), 1, Integer::sum));
            }
        }, 10_000, 5);
        DeadLetterSink sink = (device, topic, reason, detail, payload) ->
                letters.add(new Letter(device, topic, reason, detail, payload.length));
        intake = new MqttIntake(vertx, directory, batcher, TelemetryValidator.withDefaults(), sink)
                .loginGuard(new LoginGuard(20, 0.5)); // a small budget, so that 300 bogus logins exceed it
        port = intake.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        intake.stop().await(10, TimeUnit.SECONDS);
        batcher.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    MqttClient paho(String clientId, MqttCallback callback) throws MqttException {
        return paho(clientId, callback, null);
    }

    /** A Paho client, connecting from {@code localAddress} when given (another loopback address). */
    MqttClient paho(String clientId, MqttCallback callback, String localAddress) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        if (callback != null) {
            client.setCallback(callback);
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(clientId);
        options.setPassword("secret-1".getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(5);
        if (localAddress != null) {
            options.setSocketFactory(new javax.net.SocketFactory() {
                @Override
                public java.net.Socket createSocket() throws java.io.IOException {
                    java.net.Socket socket = new java.net.Socket();
                    socket.bind(new java.net.InetSocketAddress(localAddress, 0));
                    return socket;
                }

                @Override
                public java.net.Socket createSocket(String host, int port) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public java.net.Socket createSocket(java.net.InetAddress host, int port) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public java.net.Socket createSocket(java.net.InetAddress a, int p, java.net.InetAddress l, int lp) {
                    throw new UnsupportedOperationException();
                }
            });
        }
        client.connect(options);
        return client;
    }

    RawMqtt rawSession(int version) throws Exception {
        RawMqtt raw = new RawMqtt(port);
        raw.send(RawMqtt.connect(version, "dev-1", "dev-1", "secret-1"));
        RawMqtt.Packet connack = raw.read();
        assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
        assertThat(connack.body()[1]).as("CONNACK reason").isZero();
        return raw;
    }

    @Test
    void aStormOfBogusLoginsDoesNotKeepARealDeviceOut() throws Exception {
        List<RawMqtt> bogus = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                RawMqtt raw = new RawMqtt(port);
                raw.send(RawMqtt.connect(5, "bogus-" + i, "bogus-" + i, "guess-" + i));
                bogus.add(raw);
            }
            // Paho gives up after 5 s; 300 checks of 50 ms one after another would take 15 s. The device connects
            // from another address: the one sending the bogus logins has spent its failure budget.
            MqttClient device = paho("dev-1", null, "127.0.0.2");
            assertThat(device.isConnected()).isTrue();
            device.disconnect();
            int refusedUnchecked = 0;
            for (RawMqtt raw : bogus) {
                RawMqtt.Packet connack = raw.read();
                assertThat(connack.type()).isEqualTo(RawMqtt.CONNACK);
                if ((connack.body()[1] & 0xFF) == 0x9F) {
                    refusedUnchecked++;
                } else {
                    assertThat(connack.body()[1] & 0xFF).as("bad credentials").isEqualTo(0x86);
                }
            }
            assertThat(refusedUnchecked).as("refused as 'connection rate exceeded' without a check").isPositive();
            assertThat(checks.get()).as("secrets checked: the source's failure budget, not all 300").isLessThan(60);
        } finally {
            for (RawMqtt raw : bogus) {
                raw.close();
            }
        }
    }

    @Test
    void aSecondConnectionWithTheSameIdTakesTheSessionOver() throws Exception {
        AtomicReference<Integer> reason = new AtomicReference<>();
        MqttClient first = paho("dev-1", new NoCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                reason.set(response.getReturnCode());
            }
        });
        MqttClient second = paho("dev-1", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> reason.get() != null);
        assertThat(reason.get()).isEqualTo(0x8E);
        assertThat(first.isConnected()).isFalse();
        MqttMessage message = new MqttMessage(MqttIntakeTest.payload("dev-1", B1, 1), 1, false, null);
        IMqttToken token = second.getTopic(Topics.telemetry("dev-1")).publish(message);
        token.waitForCompletion(10_000);
        assertThat(token.getReasonCodes()[0]).isZero();
        assertThat(intake.connectedDevices()).isEqualTo(1);
        second.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> intake.connectedDevices() == 0);
    }

    @Test
    void connackStatesWhatTheEndpointServesAndQos2IsRefusedWith0x9B() throws Exception {
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(RawMqtt.connect(5, "dev-1", "dev-1", "secret-1"));
            RawMqtt.Packet connack = raw.read();
            assertThat(RawMqtt.connackProperty(connack.body(), 0x24)).as("Maximum QoS").isEqualTo(1);
            assertThat(RawMqtt.connackProperty(connack.body(), 0x27)).as("Maximum Packet Size")
                    .isEqualTo(MqttIntake.MAX_PACKET_BYTES);
            assertThat(RawMqtt.connackProperty(connack.body(), 0x21)).as("Receive Maximum")
                    .isEqualTo(MqttIntake.RECEIVE_MAXIMUM);
            raw.send(RawMqtt.publish(5, 2, Topics.telemetry("dev-1"), 7, MqttIntakeTest.payload("dev-1", B1, 1)));
            RawMqtt.Packet answer = raw.read();
            assertThat(answer.type()).as("DISCONNECT, not PUBREC").isEqualTo(RawMqtt.DISCONNECT);
            assertThat(answer.reasonCode()).isEqualTo(0x9B);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(stored).as("a QoS 2 message is not stored").isEmpty();
        assertThat(letters).singleElement().satisfies(l -> assertThat(l.reason()).isEqualTo("QoS 2 not supported"));
    }

    @Test
    void anOversizedPacketGetsDisconnect0x95AndADeadLetter() throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        try (RawMqtt raw = rawSession(5)) {
            byte[] oversized = RawMqtt.publish(5, 1, Topics.telemetry("dev-1"), 1,
                    new byte[MqttIntake.MAX_PACKET_BYTES + 1024]);
            // The server answers and closes after the fixed header; writing the rest of the megabyte may then fail
            // with a broken pipe (it did under load), which is not what this test is about: write it aside.
            Thread writer = new Thread(() -> {
                try {
                    raw.send(oversized);
                } catch (java.io.IOException closedByServer) {
                    // expected when the server closed first
                }
            });
            writer.start();
            RawMqtt.Packet answer = raw.read();
            writer.join(10_000);
            assertThat(answer.type()).isEqualTo(RawMqtt.DISCONNECT);
            assertThat(answer.reasonCode()).isEqualTo(0x95);
            assertThat(raw.closedByServer()).isTrue();
        } finally {
            release(log);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !letters.isEmpty());
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.device()).isEqualTo("dev-1");
            assertThat(l.reason()).isEqualTo("packet too large");
            assertThat(l.detail()).contains(String.valueOf(MqttIntake.MAX_PACKET_BYTES));
        });
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("maximum packet size").contains("0x95"));
        assertThat(intake.counters().refusedByReason()).containsEntry("packet too large", 1L);
    }

    @Test
    void subscribeIsAnsweredWithARefusalPerFilter() throws Exception {
        try (RawMqtt raw = rawSession(5)) {
            raw.send(RawMqtt.subscribe(5, 11, "voltrace/v1/#", "other/+"));
            RawMqtt.Packet suback = raw.read();
            assertThat(suback.type()).isEqualTo(RawMqtt.SUBACK);
            byte[] b = suback.body();
            assertThat(new int[] {b[b.length - 2] & 0xFF, b[b.length - 1] & 0xFF}).containsExactly(0x87, 0x87);
            assertThat(((b[0] & 0xFF) << 8) | (b[1] & 0xFF)).as("packet id").isEqualTo(11);
        }
        try (RawMqtt raw = rawSession(4)) {
            raw.send(RawMqtt.subscribe(4, 12, "a/b"));
            RawMqtt.Packet suback = raw.read();
            assertThat(suback.type()).isEqualTo(RawMqtt.SUBACK);
            assertThat(suback.body()[suback.body().length - 1] & 0xFF).as("MQTT 3.1.1 failure").isEqualTo(0x80);
        }
    }

    @Test
    void clientSuppliedValuesCannotForgeLogLines() throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        String forged = "x\n12:00:00.000 ERROR Ingest database corrupted, run rm -rf\u001b[2J" + "y".repeat(60_000);
        try (RawMqtt raw = new RawMqtt(port)) {
            raw.send(RawMqtt.connect(5, forged, forged, "nope"));
            assertThat(raw.read().type()).isEqualTo(RawMqtt.CONNACK);
        } finally {
            release(log);
        }
        assertThat(log.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain("\n").doesNotContain("\u001b").hasSizeLessThan(1_000));
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(MqttIntake.class)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(MqttIntake.class)).detachAppender(appender);
    }

    /** A callback that ignores everything; override what a test watches. */
    static class NoCallback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
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
