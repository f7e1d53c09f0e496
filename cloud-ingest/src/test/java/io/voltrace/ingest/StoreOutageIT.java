package io.voltrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.store.QuestDbProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-series store (QuestDB in its own process) is killed mid-stream and restarted: the ingest holds its
 * acknowledgements while the store is down and retries, so the device resends nothing it was told was stored,
 * and in the end every sample is there exactly once.
 */
class StoreOutageIT {
    static final String CODE = "VTRPE96DEMO001T5C0000201";

    @TempDir
    Path dir;

    @Test
    void aStoreCrashLosesNothingAndDoublesNothing() throws Exception {
        try (QuestDbProcess store = QuestDbProcess.start(dir.resolve("questdb"))) {
            IngestConfig config = new IngestConfig(dir.resolve("ingest"), "127.0.0.1", 0, 0,
                    IngestConfig.Registry.embedded(),
                    new IngestConfig.Store(store.httpUrl(), store.pgUrl(), "admin", "quest"), null);
            try (IngestService ingest = IngestService.start(config)) {
                ingest.registry().registerDevice("dev-s", "secret-s".toCharArray());
                ingest.registry().registerBattery(new BatteryRecord(CODE, "dev-s", Chemistry.NMC, 60, 96, "t",
                        Instant.now()));
                MqttAsyncClient device = new MqttAsyncClient(ingest.mqttUri(), "dev-s", new MemoryPersistence());
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setUserName("dev-s");
                options.setPassword("secret-s".getBytes(StandardCharsets.UTF_8));
                device.connect(options).waitForCompletion(10_000);

                List<IMqttToken> tokens = new ArrayList<>();
                int batches = 200;
                long t0 = Instant.now().minus(Duration.ofDays(2)).toEpochMilli() / 1000 * 1000;
                boolean[] down = {false};
                // The store comes back at batch 120, or earlier when the device's window (the endpoint's Receive
                // Maximum) fills with messages held during the outage: waiting for it would never end.
                java.util.concurrent.Callable<Void> restore = () -> {
                    if (down[0]) {
                        assertThat(ingest.batcher().writeFailures()).as("the outage was felt").isPositive();
                        store.launch();
                        down[0] = false;
                    }
                    return null;
                };
                for (int i = 0; i < batches; i++) {
                    if (i == 80) {
                        store.kill();
                        down[0] = true;
                    }
                    if (i == 120) {
                        restore.call();
                    }
                    List<PackSample> samples = new ArrayList<>();
                    for (int k = 0; k < 10; k++) {
                        long ts = t0 + (i * 10L + k) * 1000;
                        samples.add(new PackSample(ts, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22));
                    }
                    byte[] payload = WireCodec.encode(new TelemetryBatch(1, "dev-s", CODE, i, samples));
                    tokens.add(publish(device, payload, restore));
                    Thread.sleep(10);
                }
                for (IMqttToken t : tokens) {
                    t.waitForCompletion(120_000);
                    assertThat(t.getReasonCodes()[0]).isZero();
                }
                ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
                await().atMost(Duration.ofSeconds(30)).until(() -> ingest.telemetry().count(CODE) == batches * 10L);
                assertThat(ingest.telemetry().duplicateCount()).isZero();
                device.disconnect().waitForCompletion(5000);
            }
        }
    }

    private static IMqttToken publish(MqttAsyncClient device, byte[] payload,
            java.util.concurrent.Callable<Void> restore) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return device.publish(Topics.telemetry("dev-s"), new MqttMessage(payload, 1, false, null));
            } catch (MqttException e) {
                if (attempt == 20) {
                    restore.call(); // window full for a second while the store is down
                }
                Thread.sleep(50); // window full while the store is down: wait, as a device would
            }
        }
    }
}
