package io.voltrace.ingest.broker;

import static io.voltrace.ingest.testing.LogLines.FORGED;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.intake.WriteBatcher;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.testing.LogLines;
import io.voltrace.ingest.testing.TestRegistries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #16: in broker mode a device's payload names another device, with a newline, an ANSI escape and 60 kB in that
 * name; the refusal's log line escapes and cuts it.
 */
class BrokerLogSafetyTest {
    static final String B1 = "VTRPE96DEMO001T5C0000131";

    @TempDir
    Path dir;

    @Test
    void aDevicesStringsInARefusedMessageCannotForgeLogLines() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"),
                Map.of("ingest", "ingest-pw", "dev-1", "s1"), "ingest");
             TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2);
             LogLines log = new LogLines(BrokerIntake.class)) {
            Registry registry = db.registry();
            registry.registerDevice("dev-1", "s1".toCharArray());
            registry.registerBattery(new BatteryRecord(B1, "dev-1", Chemistry.NMC, 60, 96, "t", Instant.now()));
            WriteBatcher batcher = new WriteBatcher(batches -> { }, 1000, 5);
            BrokerIntake intake = new BrokerIntake(BrokerModeTest.settings(broker, "ingest-log"),
                    registry::batteriesOfDevice, batcher, (device, topic, reason, detail, payload) -> { });
            intake.start(Duration.ofSeconds(10));
            MqttAsyncClient dev1 = BrokerModeTest.device(broker, "dev-1", "s1");
            try {
                TelemetryBatch forged = new TelemetryBatch(1, FORGED, B1, 1, List.of(new PackSample(
                        System.currentTimeMillis() - 60_000, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22)));
                dev1.publish(Topics.telemetry("dev-1"), new MqttMessage(WireCodec.encode(forged), 1, false, null))
                        .waitForCompletion(10_000);
                await().atMost(Duration.ofSeconds(30)).until(() -> !intake.counters().refusedByReason().isEmpty());
                log.assertSafe("refused message");
            } finally {
                dev1.disconnect().waitForCompletion(5000);
                intake.close();
                batcher.close();
            }
        }
    }
}
