package io.voltrace.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.BatteryRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker mode against a real Mosquitto: two ingest instances share one subscription and one store; devices publish to
 * the broker. Every sample lands once, both instances take part, and a broker restart mid-stream loses nothing.
 */
class BrokerModeTest {
    static final String B1 = "VTRPE96DEMO001T5C0000101";
    static final String B2 = "VTRPE96DEMO001T5C0000102";

    @TempDir
    Path dir;

    @Test
    void twoInstancesSplitTheFleetAndABrokerRestartLosesNothing() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"),
                Map.of("ingest", "ingest-pw", "dev-1", "s1", "dev-2", "s2"), "ingest")) {
            String registryUrl = "jdbc:h2:file:" + dir.resolve("registry").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
            IngestConfig a = new IngestConfig(dir.resolve("a"), "127.0.0.1", -1, 0,
                    new IngestConfig.Registry(registryUrl, null, null), IngestConfig.Store.embedded(),
                    settings(broker, "ingest-a"));
            try (IngestService first = IngestService.start(a)) {
                first.registry().registerDevice("dev-1", "s1".toCharArray());
                first.registry().registerDevice("dev-2", "s2".toCharArray());
                first.registry().registerBattery(new BatteryRecord(B1, "dev-1", Chemistry.NMC, 60, 96, "t", Instant.now()));
                first.registry().registerBattery(new BatteryRecord(B2, "dev-2", Chemistry.NMC, 60, 96, "t", Instant.now()));
                // The second instance uses the first's QuestDB as an external store, with its generated credentials.
                var firstStore = first.embeddedStore().orElseThrow();
                var pg = firstStore.pgEndpoint();
                var http = firstStore.writeTarget().basic();
                IngestConfig b = new IngestConfig(dir.resolve("b"), "127.0.0.1", -1, 0,
                        new IngestConfig.Registry(registryUrl, null, null),
                        new IngestConfig.Store(firstStore.httpUrl(), pg.jdbcUrl(), pg.user(), pg.password(),
                                http.user(), http.password()),
                        settings(broker, "ingest-b"));
                try (IngestService second = IngestService.start(b)) {
                    MqttAsyncClient dev1 = device(broker, "dev-1", "s1");
                    MqttAsyncClient dev2 = device(broker, "dev-2", "s2");
                    List<IMqttToken> tokens = new ArrayList<>();
                    int batches = 300;
                    for (int i = 0; i < batches; i++) {
                        if (i == batches / 2) {
                            await().atMost(Duration.ofSeconds(30)).until(() -> tokens.stream().allMatch(IMqttToken::isComplete));
                            broker.stop(); // graceful: persistence keeps what was queued for the ingest group
                            broker.launch();
                            await().atMost(Duration.ofSeconds(60)).until(() -> dev1.isConnected() && dev2.isConnected()
                                    && first.brokerIntake().isConnected() && second.brokerIntake().isConnected());
                        }
                        tokens.add(publish(dev1, "dev-1", B1, i));
                        tokens.add(publish(dev2, "dev-2", B2, i));
                        // dev-1 speaks for dev-2's battery on its own topic: the broker lets it through, the ingest refuses
                        if (i == 7) {
                            tokens.add(publish(dev1, "dev-1", B2, 100_000));
                        }
                    }
                    for (IMqttToken t : tokens) {
                        t.waitForCompletion(30_000);
                    }
                    long expected = 2L * batches * 5;
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        first.telemetry().awaitApplied(Duration.ofSeconds(10));
                        return first.telemetry().countAll() >= expected;
                    });
                    assertThat(first.telemetry().countAll()).isEqualTo(expected);
                    assertThat(first.telemetry().duplicateCount()).isZero();
                    assertThat(first.brokerIntake().counters().accepted()).as("instance a took part").isPositive();
                    assertThat(second.brokerIntake().counters().accepted()).as("instance b took part").isPositive();
                    long refused = first.brokerIntake().counters().refusedByReason().getOrDefault("battery not registered to device", 0L)
                            + second.brokerIntake().counters().refusedByReason().getOrDefault("battery not registered to device", 0L);
                    // Counted per delivery: a broker restart may deliver the refused message once more.
                    assertThat(refused).isGreaterThanOrEqualTo(1);
                    assertThat(first.telemetry().count(B2)).as("nothing stored from the refused message")
                            .isEqualTo((long) batches * 5);
                    dev1.disconnect().waitForCompletion(5000);
                    dev2.disconnect().waitForCompletion(5000);
                }
            }
        }
    }

    static BrokerSettings settings(MosquittoProcess broker, String clientId) {
        return new BrokerSettings(broker.uri(), clientId, "ingest", "ingest-pw".toCharArray(), "voltrace-test", 100);
    }

    static MqttAsyncClient device(MosquittoProcess broker, String id, String secret) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker.uri(), id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        client.connect(o).waitForCompletion(10_000);
        return client;
    }

    static IMqttToken publish(MqttAsyncClient client, String device, String battery, int i) throws Exception {
        List<PackSample> samples = new ArrayList<>();
        long t0 = Instant.now().minus(Duration.ofDays(1)).toEpochMilli() / 1000 * 1000 + i * 5_000L;
        for (int k = 0; k < 5; k++) {
            samples.add(new PackSample(t0 + k * 1000, 350, -10, 50, 1, 2 + k, 3.6, 3.7, 3.65, 20, 22));
        }
        byte[] payload = WireCodec.encode(new TelemetryBatch(1, device, battery, i, samples));
        while (true) {
            try {
                return client.publish(Topics.telemetry(device), new MqttMessage(payload, 1, false, null));
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                Thread.sleep(100); // not connected yet, or the client's window is full
            }
        }
    }
}
