package io.voltrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.deadletter.DeadLetter;
import io.voltrace.ingest.deadletter.DeadLetterStore;
import io.voltrace.ingest.registry.BatteryRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #16, end to end on the real store: a device sends an hour of samples, then other values for half of it, before and
 * after an ingest restart. QuestDB's dedup would keep the last write; the stored hour stays as first sent, every
 * rewrite is dead-lettered, new samples in the same messages arrive, and a plain redelivery is accepted.
 */
class IngestOverwriteTest {
    static final String CODE = "VTRPE96DEMO001T5C0000061";

    @TempDir
    Path dir;

    static List<PackSample> minutes(long t0, int from, int n, double volts) {
        List<PackSample> samples = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            samples.add(new PackSample(t0 + i * 60_000L, volts, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22));
        }
        return samples;
    }

    static void send(MqttAsyncClient device, long seq, List<PackSample> samples) throws Exception {
        byte[] payload = WireCodec.encode(new TelemetryBatch(1, "dev-o", CODE, seq, samples));
        var token = device.publish(Topics.telemetry("dev-o"), new MqttMessage(payload, 1, false, null));
        token.waitForCompletion(30_000);
        assertThat(token.getReasonCodes()[0]).as("acknowledged").isZero();
    }

    static MqttAsyncClient connect(IngestService ingest) throws Exception {
        MqttAsyncClient device = new MqttAsyncClient(ingest.mqttUri(), "dev-o", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName("dev-o");
        options.setPassword("secret-o".getBytes(StandardCharsets.UTF_8));
        device.connect(options).waitForCompletion(10_000);
        return device;
    }

    @Test
    void aDeviceCannotRewriteItsStoredSamplesBeforeOrAfterARestart() throws Exception {
        long t0 = Instant.now().minus(Duration.ofDays(1)).toEpochMilli() / 60_000 * 60_000;
        IngestConfig config = IngestConfig.embedded(dir, 0, 0);
        try (IngestService ingest = IngestService.start(config)) {
            ingest.registry().registerDevice("dev-o", "secret-o".toCharArray());
            ingest.registry().registerBattery(new BatteryRecord(CODE, "dev-o", Chemistry.NMC, 60, 96, "t",
                    Instant.now()));
            MqttAsyncClient device = connect(ingest);
            send(device, 1, minutes(t0, 0, 60, 350));
            send(device, 1, minutes(t0, 0, 60, 350)); // a redelivery: accepted, changes nothing
            // Minutes 30..89 at 390 V: 30..59 would rewrite, 60..89 are new.
            send(device, 2, minutes(t0, 30, 60, 390));
            device.disconnect().waitForCompletion(5000);
            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            assertThat(ingest.telemetry().count(CODE)).isEqualTo(90);
        }
        try (IngestService ingest = IngestService.start(config)) {
            MqttAsyncClient device = connect(ingest);
            send(device, 3, minutes(t0, 0, 10, 200)); // after the restart: the stored history still stands
            device.disconnect().waitForCompletion(5000);
            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            List<PackSample> stored = ingest.telemetry().samples(CODE, Instant.ofEpochMilli(t0),
                    Instant.ofEpochMilli(t0 + 90 * 60_000L), 1000);
            assertThat(stored).hasSize(90);
            assertThat(stored.subList(0, 60)).extracting(PackSample::packVoltage).containsOnly(350.0);
            assertThat(stored.subList(60, 90)).extracting(PackSample::packVoltage).containsOnly(390.0);
            assertThat(ingest.telemetry().duplicateCount()).isZero();
            DeadLetterStore letters = new DeadLetterStore(ingest.registry().dataSource());
            await().atMost(Duration.ofSeconds(20)).until(() -> letters.page(null, 10, "dev-o", "overwrite refused")
                    .letters().size() == 2);
            List<DeadLetter> refused = letters.page(null, 10, "dev-o", "overwrite refused").letters();
            assertThat(refused.get(1).detail()).startsWith("30 sample(s) of battery " + CODE)
                    .contains("packVoltage 350.0 -> 390.0");
            assertThat(refused.get(0).detail()).startsWith("10 sample(s) of battery " + CODE)
                    .contains("packVoltage 350.0 -> 200.0");
        }
    }
}
