package io.voltrace.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.intake.DeviceDirectory;
import io.voltrace.ingest.intake.MqttIntake;
import io.voltrace.ingest.intake.WriteBatcher;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.ingest.validation.TelemetryValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real Paho v5 client → the intake's own endpoint: implausible telemetry is refused with an MQTT 5 reason code,
 * counted by reason, and kept as a dead letter (reason, detail, raw bytes) in the registry database; the valid
 * message beside it is stored.
 */
class RefusedTelemetryTest {
    static final String B1 = "VTRPE96DEMO001T5C0000001";
    static final String B2 = "VTRPE96DEMO001T5C0000002";
    static final long T0 = System.currentTimeMillis() / 1000 * 1000 - 3_600_000L;

    Vertx vertx;
    TestRegistries db;
    DeadLetterStore store;
    DeadLetterWriter letters;
    WriteBatcher batcher;
    MqttIntake intake;
    MqttClient client;
    final Map<String, Integer> stored = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = TestRegistries.open(TestRegistries.Backend.H2);
        store = new DeadLetterStore(db.registry().dataSource());
        letters = DeadLetterWriter.start(store);
        batcher = new WriteBatcher(batches -> batches.forEach(b -> b.samples()
                .forEach(s -> stored.merge(b.battery() + "@" + s.ts(), 1, Integer::sum))), 10_000, 5);
        DeviceDirectory directory = (device, secret) -> device.equals("dev-1") && new String(secret).equals("pw")
                ? Optional.of(Set.of(B1)) : Optional.empty();
        intake = new MqttIntake(vertx, directory, batcher, TelemetryValidator.withDefaults(), letters);
        int port = intake.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
        client = new MqttClient("tcp://127.0.0.1:" + port, "dev-1", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("dev-1");
        options.setPassword("pw".getBytes(StandardCharsets.UTF_8));
        client.connect(options);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
        intake.stop().await(10, TimeUnit.SECONDS);
        batcher.close();
        letters.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        db.close();
    }

    static byte[] batch(String battery, double soc, long ts) {
        return WireCodec.encode(new TelemetryBatch(1, "dev-1", battery, 1, List.of(
                new PackSample(ts, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22),
                new PackSample(ts + 1000, 351, -10, soc, 1.1, 2.1, 3.6, 3.7, 3.65, 20, 22))));
    }

    int publish(byte[] payload) throws Exception {
        IMqttToken token = client.getTopic(Topics.telemetry("dev-1")).publish(new MqttMessage(payload, 1, false, null));
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }

    @Test
    void implausibleTelemetryIsRefusedCountedAndKeptAsADeadLetter() throws Exception {
        byte[] badSoc = batch(B1, 131.5, T0);
        byte[] tooOld = batch(B1, 50, T0 - Duration.ofDays(500).toMillis());
        byte[] v9 = new String(batch(B1, 50, T0), StandardCharsets.UTF_8).replace("\"schema\":1", "\"schema\":9")
                .getBytes(StandardCharsets.UTF_8);
        byte[] foreign = batch(B2, 50, T0);

        assertThat(publish(badSoc)).isEqualTo(0x83);
        assertThat(publish(tooOld)).isEqualTo(0x83);
        assertThat(publish(v9)).isEqualTo(0x99);
        assertThat(publish(foreign)).isEqualTo(0x87);
        assertThat(publish(batch(B1, 50, T0 + 60_000))).isZero();

        assertThat(stored).containsOnlyKeys(B1 + "@" + (T0 + 60_000), B1 + "@" + (T0 + 61_000));
        assertThat(intake.counters().refusedByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "value out of range", 1L, "timestamp too old", 1L, "unsupported schema version", 1L,
                "battery not registered to device", 1L));
        assertThat(intake.counters().accepted()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> letters.stored() == 4);
        List<DeadLetter> kept = store.page(null, 10, "dev-1", null).letters();
        assertThat(kept).extracting(DeadLetter::reason).containsExactly("battery not registered to device",
                "unsupported schema version", "timestamp too old", "value out of range");
        DeadLetter soc = kept.get(3);
        assertThat(soc.detail()).isEqualTo("samples[1].soc = 131.5 % is outside 0..100 %");
        assertThat(soc.topic()).isEqualTo("voltrace/v1/dev-1/telemetry");
        assertThat(soc.payload()).isEqualTo(badSoc);
        assertThat(kept.get(0).payload()).isEqualTo(foreign);
        assertThat(kept.get(1).detail()).contains("schema = 9 is not supported");
    }
}
