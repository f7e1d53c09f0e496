package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The intake with real Paho v5 clients over loopback, and an in-memory store that can be taken down. */
class MqttIntakeTest {
    static final String B1 = "VTRPE96DEMO001T5C0000001";
    static final String B2 = "VTRPE96DEMO001T5C0000002";
    /** Recent enough for the intake's validation (samples may be at most 400 days old). */
    static final long T0 = System.currentTimeMillis() / 60_000 * 60_000 - 86_400_000L;

    Vertx vertx;
    WriteBatcher batcher;
    MqttIntake intake;
    int port;
    final Map<String, Integer> stored = new ConcurrentHashMap<>();
    final AtomicBoolean storeDown = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        DeviceDirectory directory = (device, secret) -> switch (device + ":" + new String(secret)) {
            case "dev-1:secret-1" -> Optional.of(Set.of(B1));
            case "dev-2:secret-2" -> Optional.of(Set.of(B2));
            default -> Optional.empty();
        };
        batcher = new WriteBatcher(batches -> {
            if (storeDown.get()) {
                throw new IllegalStateException("store down");
            }
            for (TelemetryBatch b : batches) {
                for (PackSample s : b.samples()) {
                    stored.merge(b.battery() + "@" + s.ts(), 1, Integer::sum);
                }
            }
        }, 10_000, 5);
        intake = new MqttIntake(vertx, directory, batcher);
        port = intake.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        intake.stop().await(10, TimeUnit.SECONDS);
        batcher.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    MqttClient connect(String device, String secret) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, device, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(device);
        options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(10);
        client.connect(options);
        return client;
    }

    static byte[] payload(String device, String battery, long seq) {
        return WireCodec.encode(new TelemetryBatch(1, device, battery, seq, List.of(
                new PackSample(T0 + seq * 60_000, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22))));
    }

    static int publish(MqttClient client, String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, false, null);
        IMqttToken token = client.getTopic(topic).publish(message);
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }

    @Test
    void storesBeforeItAcknowledges() throws Exception {
        MqttClient client = connect("dev-1", "secret-1");
        for (int i = 0; i < 20; i++) {
            assertThat(publish(client, Topics.telemetry("dev-1"), payload("dev-1", B1, i))).isZero();
            assertThat(stored).as("stored by the time PUBACK %d arrives", i).hasSize(i + 1);
        }
        client.disconnect();
        assertThat(intake.counters().acceptedPoints()).isEqualTo(20L * PackSample.POINTS);
    }

    @Test
    void keepsTheDevicesStatusWithoutStoringItAsTelemetry() throws Exception {
        MqttClient client = connect("dev-1", "secret-1");
        assertThat(publish(client, Topics.status("dev-1"), "{\"online\":true}".getBytes(StandardCharsets.UTF_8))).isZero();
        assertThat(publish(client, Topics.status("dev-2"), "{\"online\":true}".getBytes(StandardCharsets.UTF_8)))
                .as("not its own status topic").isNotZero();
        client.disconnect();
        assertThat(intake.deviceStatus("dev-1")).isEqualTo("{\"online\":true}");
        assertThat(intake.deviceStatus("dev-2")).isNull();
        assertThat(stored).isEmpty();
    }

    @Test
    void refusesWrongCredentials() {
        assertThatThrownBy(() -> connect("dev-1", "wrong"))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x86));
        assertThatThrownBy(() -> connect("nobody", "secret-1")).isInstanceOf(MqttException.class);
        assertThat(intake.counters().refusedByReason()).containsEntry("bad credentials", 2L);
    }

    @Test
    void aDeviceCannotSpeakForAnotherDevicesBattery() throws Exception {
        MqttClient client = connect("dev-1", "secret-1");
        assertThat(publish(client, Topics.telemetry("dev-1"), payload("dev-1", B2, 1))).isEqualTo(0x87);
        assertThat(publish(client, Topics.telemetry("dev-2"), payload("dev-2", B2, 2))).isEqualTo(0x87);
        assertThat(publish(client, Topics.telemetry("dev-1"), "{oops".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x99);
        assertThat(publish(client, "elsewhere/dev-1", payload("dev-1", B1, 3))).isEqualTo(0x90);
        assertThat(publish(client, Topics.telemetry("dev-1"), payload("dev-1", B1, 4))).isZero();
        client.disconnect();
        assertThat(stored).containsOnlyKeys(B1 + "@" + (T0 + 4 * 60_000));
        assertThat(intake.counters().refusedByReason())
                .containsEntry("battery not registered to device", 1L)
                .containsEntry("topic of another device", 1L)
                .containsEntry("malformed payload", 1L)
                .containsEntry("unknown topic", 1L);
    }

    @Test
    void whileTheStoreIsDownNothingIsAcknowledgedAndNothingIsLost() throws Exception {
        MqttClient client = connect("dev-1", "secret-1");
        storeDown.set(true);
        AtomicInteger acked = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            MqttMessage message = new MqttMessage(payload("dev-1", B1, i), 1, false, null);
            client.getTopic(Topics.telemetry("dev-1")).publish(message);
        }
        Thread.sleep(500);
        assertThat(stored).isEmpty();
        assertThat(batcher.writeFailures()).isPositive();
        storeDown.set(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> stored.size() == 10);
        client.disconnect();
        assertThat(stored.values()).allMatch(n -> n == 1);
        acked.set((int) intake.counters().accepted());
        assertThat(acked.get()).isEqualTo(10);
    }
}
