package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.EvidenceCodec;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.deadletter.DeadLetter;
import io.voltrace.ingest.deadletter.DeadLetterStore;
import io.voltrace.ingest.deadletter.DeadLetterWriter;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.ingest.validation.TelemetryValidator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edge evidence through the ingest's own MQTT endpoint into a real (H2) registry: stored before the PUBACK, stored
 * once however often it comes, refused for another device's battery, and dead-lettered with its reason when
 * malformed while the rest goes on.
 */
class EvidenceIntakeTest {
    static final String B1 = "VTRPE96DEMO001T5C0000001";
    static final String B2 = "VTRPE96DEMO001T5C0000002";
    static final long T0 = System.currentTimeMillis() / 1000 * 1000 - 3_600_000L;

    Vertx vertx;
    TestRegistries db;
    Registry registry;
    EdgeEvidenceStore store;
    DeadLetterWriter deadLetters;
    WriteBatcher batcher;
    MqttIntake intake;
    int port;
    final AtomicBoolean storeDown = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = TestRegistries.open(TestRegistries.Backend.H2);
        registry = db.registry();
        registry.registerDevice("dev-1", "secret-1".toCharArray());
        registry.registerDevice("dev-2", "secret-2".toCharArray());
        registry.registerBattery(new BatteryRecord(B1, "dev-1", Chemistry.NMC, 60, 96, "t", Instant.now()));
        registry.registerBattery(new BatteryRecord(B2, "dev-2", Chemistry.NMC, 60, 96, "t", Instant.now()));
        store = new EdgeEvidenceStore(registry.dataSource());
        deadLetters = DeadLetterWriter.start(new DeadLetterStore(registry.dataSource()));
        batcher = new WriteBatcher(batches -> { }, evidence -> {
            if (storeDown.get()) {
                throw new IllegalStateException("registry down");
            }
            store.addAll(evidence, Instant.now());
        }, 10_000, 5);
        DeviceDirectory directory = (device, secret) -> registry.authenticate(device, secret)
                ? Optional.of(registry.batteriesOfDevice(device)) : Optional.empty();
        intake = new MqttIntake(vertx, directory, batcher, TelemetryValidator.withDefaults(), deadLetters);
        port = intake.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        intake.stop().await(10, TimeUnit.SECONDS);
        batcher.close();
        deadLetters.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        db.close();
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

    static int publish(MqttClient client, String topic, byte[] payload) throws MqttException {
        IMqttToken token = client.getTopic(topic).publish(new MqttMessage(payload, 1, false, null));
        token.waitForCompletion(10_000);
        return token.getReasonCodes()[0];
    }

    static byte[] insulation(String device, String battery, long ts, double kohm) {
        return EvidenceCodec.encode(HealthEvidence.insulation(device, battery, ts, kohm, 360.0));
    }

    @Test
    void storedBeforeTheAcknowledgementAndOnlyOnce() throws Exception {
        MqttClient client = connect("dev-1", "secret-1");
        byte[] fault = EvidenceCodec.encode(HealthEvidence.fault("dev-1", B1, T0 + 5, "isolation_fault", true));
        assertThat(publish(client, Topics.evidence("dev-1"), insulation("dev-1", B1, T0, 30))).isZero();
        assertThat(store.evidence(B1, HealthEvidence.Type.INSULATION)).as("stored by the PUBACK").hasSize(1);
        assertThat(publish(client, Topics.evidence("dev-1"), fault)).isZero();
        // Sent again, as after a lost acknowledgement or an edge restart: nothing changes.
        assertThat(publish(client, Topics.evidence("dev-1"), fault)).isZero();
        assertThat(publish(client, Topics.evidence("dev-1"), insulation("dev-1", B1, T0, 30))).isZero();
        client.disconnect();
        assertThat(store.evidence(B1, HealthEvidence.Type.INSULATION))
                .containsExactly(HealthEvidence.insulation("dev-1", B1, T0, 30.0, 360.0));
        assertThat(store.evidence(B1, HealthEvidence.Type.FAULT))
                .containsExactly(HealthEvidence.fault("dev-1", B1, T0 + 5, "isolation_fault", true));
        assertThat(intake.counters().acceptedEvidenceMessages()).isEqualTo(4);
    }

    @Test
    void noAcknowledgementUntilTheRegistryTakesIt() throws Exception {
        storeDown.set(true);
        MqttClient client = connect("dev-1", "secret-1");
        IMqttToken token = client.getTopic(Topics.evidence("dev-1"))
                .publish(new MqttMessage(insulation("dev-1", B1, T0, 2500), 1, false, null));
        Thread.sleep(500); // a few failed writes, each holding the acknowledgement
        assertThat(token.isComplete()).as("no PUBACK while the registry refuses").isFalse();
        storeDown.set(false);
        token.waitForCompletion(10_000);
        assertThat(token.getReasonCodes()[0]).isZero();
        assertThat(store.evidence(B1, HealthEvidence.Type.INSULATION)).hasSize(1);
        client.disconnect();
    }

    @Test
    void aDeviceCannotSendEvidenceForAnotherDevicesBattery() throws Exception {
        MqttClient client = connect("dev-1", "secret-1");
        assertThat(publish(client, Topics.evidence("dev-1"), insulation("dev-1", B2, T0, 10))).isEqualTo(0x87);
        assertThat(publish(client, Topics.evidence("dev-2"), insulation("dev-2", B2, T0, 10))).isEqualTo(0x87);
        assertThat(publish(client, Topics.evidence("dev-1"), insulation("dev-2", B1, T0, 10))).isEqualTo(0x87);
        client.disconnect();
        assertThat(store.evidence(B2, HealthEvidence.Type.INSULATION)).isEmpty();
        assertThat(store.evidence(B1, HealthEvidence.Type.INSULATION)).isEmpty();
        assertThat(intake.counters().refusedByReason())
                .containsEntry("battery not registered to device", 1L)
                .containsEntry("topic of another device", 1L)
                .containsEntry("payload of another device", 1L);
    }

    @Test
    void malformedEvidenceIsDeadLetteredWithItsReasonAndTheRestGoesOn() throws Exception {
        MqttClient client = connect("dev-1", "secret-1");
        String topic = Topics.evidence("dev-1");
        assertThat(publish(client, topic, "{oops".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x99);
        String noActive = "{\"schema\":1,\"device\":\"dev-1\",\"battery\":\"" + B1 + "\",\"ts\":" + T0
                + ",\"type\":\"FAULT\",\"name\":\"isolation_fault\"}";
        assertThat(publish(client, topic, noActive.getBytes(StandardCharsets.UTF_8))).isEqualTo(0x99);
        String schema9 = new String(insulation("dev-1", B1, T0, 10), StandardCharsets.UTF_8)
                .replace("\"schema\":1", "\"schema\":9");
        assertThat(publish(client, topic, schema9.getBytes(StandardCharsets.UTF_8))).isEqualTo(0x99);
        assertThat(publish(client, topic, insulation("dev-1", B1, System.currentTimeMillis() + 86_400_000L, 10)))
                .as("a day ahead of the server clock").isEqualTo(0x83);
        assertThat(publish(client, topic, insulation("dev-1", B1, T0, 1e9))).isEqualTo(0x83);
        assertThat(publish(client, topic, EvidenceCodec.encode(HealthEvidence.currentStep("dev-1", B1, T0, 12.0, 0,
                -80, 0.1, 25.0, 3.7)))).as("12 Ω per cell").isEqualTo(0x83);
        assertThat(publish(client, topic, insulation("dev-1", B1, T0 + 1000, 12))).as("the rest goes on").isZero();
        client.disconnect();
        assertThat(store.evidence(B1, HealthEvidence.Type.INSULATION)).extracting(HealthEvidence::insulationKohm)
                .containsExactly(12.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.stored() == 6);
        List<DeadLetter> letters = new DeadLetterStore(registry.dataSource()).page(null, 10, "dev-1", null)
                .letters();
        assertThat(letters).extracting(DeadLetter::reason).containsExactlyInAnyOrder("malformed payload",
                "malformed payload", "unsupported schema version", "timestamp in the future", "value out of range",
                "value out of range");
        assertThat(letters).anySatisfy(l -> assertThat(l.detail()).contains("FAULT needs active"));
        assertThat(letters).allSatisfy(l -> assertThat(l.topic()).isEqualTo(topic));
    }
}
