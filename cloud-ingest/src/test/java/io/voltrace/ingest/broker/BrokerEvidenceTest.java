package io.voltrace.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.EvidenceCodec;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.intake.WriteBatcher;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.testing.TestRegistries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge evidence in broker mode against a real Mosquitto: the group subscribes to the evidence topics too; evidence is
 * stored once, a device cannot send it for another device's battery, and malformed evidence is dead-lettered.
 */
class BrokerEvidenceTest {
    static final String B1 = "VTRPE96DEMO001T5C0000111";
    static final String B2 = "VTRPE96DEMO001T5C0000112";

    @TempDir
    Path dir;

    @Test
    void evidenceIsCheckedAndStoredOnceThroughTheBroker() throws Exception {
        long t0 = System.currentTimeMillis() / 1000 * 1000 - 60_000;
        List<String> deadLetters = new CopyOnWriteArrayList<>();
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"),
                Map.of("ingest", "ingest-pw", "dev-1", "s1", "dev-2", "s2"), "ingest");
             TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2)) {
            Registry registry = db.registry();
            registry.registerDevice("dev-1", "s1".toCharArray());
            registry.registerDevice("dev-2", "s2".toCharArray());
            registry.registerBattery(new BatteryRecord(B1, "dev-1", Chemistry.NMC, 60, 96, "t", Instant.now()));
            registry.registerBattery(new BatteryRecord(B2, "dev-2", Chemistry.NMC, 60, 96, "t", Instant.now()));
            EdgeEvidenceStore store = new EdgeEvidenceStore(registry.dataSource());
            WriteBatcher batcher = new WriteBatcher(batches -> { }, e -> store.addAll(e, Instant.now()), 1000, 5);
            BrokerIntake intake = new BrokerIntake(BrokerModeTest.settings(broker, "ingest-ev"),
                    registry::batteriesOfDevice, batcher,
                    (device, topic, reason, detail, payload) -> deadLetters.add(reason + ": " + detail));
            intake.start(Duration.ofSeconds(10));
            MqttAsyncClient dev1 = BrokerModeTest.device(broker, "dev-1", "s1");
            try {
                HealthEvidence fault = HealthEvidence.fault("dev-1", B1, t0, "isolation_fault", true);
                publish(dev1, EvidenceCodec.encode(fault));
                publish(dev1, EvidenceCodec.encode(fault)); // again, as after a lost acknowledgement
                publish(dev1, EvidenceCodec.encode(HealthEvidence.insulation("dev-1", B2, t0, 20.0, 350.0)));
                publish(dev1, "{\"schema\":1}".getBytes(StandardCharsets.UTF_8));
                HealthEvidence reading = HealthEvidence.insulation("dev-1", B1, t0 + 1000, 2500.0, 350.0);
                publish(dev1, EvidenceCodec.encode(reading));

                await().atMost(Duration.ofSeconds(30)).until(() -> intake.counters().acceptedEvidenceMessages() == 3
                        && deadLetters.size() == 2);
                batcher.close();
                assertThat(store.evidence(B1, HealthEvidence.Type.FAULT)).containsExactly(fault);
                assertThat(store.evidence(B1, HealthEvidence.Type.INSULATION)).containsExactly(reading);
                assertThat(store.evidence(B2, HealthEvidence.Type.INSULATION)).isEmpty();
                assertThat(intake.counters().refusedByReason())
                        .containsEntry("battery not registered to device", 1L)
                        .containsEntry("malformed payload", 1L);
                assertThat(deadLetters).anySatisfy(l -> assertThat(l).contains("is not registered to device dev-1"));
            } finally {
                dev1.disconnect().waitForCompletion(5000);
                intake.close();
            }
        }
    }

    private static void publish(MqttAsyncClient client, byte[] payload) throws Exception {
        client.publish(Topics.evidence("dev-1"), new MqttMessage(payload, 1, false, null)).waitForCompletion(10_000);
    }
}
