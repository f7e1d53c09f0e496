package io.voltrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.edge.EdgeRun;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.mqtt.MqttSettings;
import io.voltrace.edge.mqtt.MqttTelemetryPublisher;
import io.voltrace.edge.sim.BmsSimulator;
import io.voltrace.edge.sim.PackSpec;
import io.voltrace.edge.telemetry.TelemetryBatcher;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.BatteryRecord;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cuts the cloud off mid-stream: the whole ingest (MQTT endpoint and QuestDB) is stopped while a vehicle keeps
 * publishing, then started again on the same data. Every sample the edge produced must be in the store exactly once.
 */
class DeliveryAcrossRestartTest {
    static final String CODE = "VTRPE96DEMO001T5C0000042";

    @TempDir
    Path data;

    @Test
    void everySampleArrivesExactlyOnceAcrossAnIngestRestart() throws Exception {
        int mqttPort = freePort();
        IngestConfig config = IngestConfig.embedded(data, mqttPort, 0);
        char[] secret = "restart-test-secret".toCharArray();
        IngestService first = IngestService.start(config);
        first.registry().registerDevice("veh-restart", secret);
        first.registry().registerBattery(new BatteryRecord(CODE, "veh-restart", Chemistry.NMC, 60, 96, "test",
                Instant.now()));

        DbcDatabase dbc = ReferenceDbc.load();
        AtomicLong produced = new AtomicLong();
        long start = Instant.now().minus(Duration.ofDays(5)).toEpochMilli();
        BmsSimulator bms = new BmsSimulator(dbc, new PackSpec(Chemistry.NMC, 96, 60, 85, 20, 5), start, 3);
        MqttTelemetryPublisher publisher = new MqttTelemetryPublisher(
                new MqttSettings(first.mqttUri(), "veh-restart", secret, 16));
        publisher.connect(Duration.ofSeconds(10));
        TelemetryBatcher batcher = new TelemetryBatcher("veh-restart", CODE, 10, batch -> {
            publisher.accept(batch);
        });
        PackSampler sampler = new PackSampler(dbc, SignalMapping.voltraceReference(), 60, s -> {
            produced.incrementAndGet();
            batcher.accept(s);
        });
        CompletableFuture<Long> vehicle = CompletableFuture.supplyAsync(() -> {
            try {
                return EdgeRun.drain(bms, sampler, batcher);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(Duration.ofMinutes(1)).until(() -> publisher.acknowledged() > 50);
        first.close(); // the cloud goes away mid-stream; the vehicle keeps driving and publishing
        long producedWhileDown = produced.get();
        Thread.sleep(1500);
        IngestService second = IngestService.start(config);
        try {
            vehicle.get(3, TimeUnit.MINUTES);
            assertThat(publisher.awaitAcknowledged(Duration.ofMinutes(2))).isTrue();
            publisher.close();
            second.telemetry().awaitApplied(Duration.ofMinutes(1));

            assertThat(produced.get()).isGreaterThan(producedWhileDown).isGreaterThan(3 * 1440 - 20);
            assertThat(publisher.refused()).isZero();
            assertThat(publisher.retried()).as("the outage was felt").isPositive();
            assertThat(second.telemetry().count(CODE)).isEqualTo(produced.get());
            assertThat(second.telemetry().duplicateCount()).isZero();
        } finally {
            second.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
