package io.voltrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.sim.BmsSimulator;
import io.voltrace.edge.sim.PackSpec;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cuts the cloud off mid-stream: the whole ingest (MQTT endpoint and QuestDB) is stopped while a demo vehicle's
 * delivery path ({@link VehicleUplink}: spool, uplink, MQTT link) has half of its samples stored and keeps spooling
 * the rest, then started again on the same data. Every sample must be in the store exactly once.
 */
class DeliveryAcrossRestartTest {
    static final String CODE = "VTRPE96DEMO001T5C0000042";

    @TempDir
    Path data;

    @Test
    void everySampleArrivesExactlyOnceAcrossAnIngestRestart() throws Exception {
        IngestConfig config = IngestConfig.embedded(data.resolve("ingest"), Ports.free(), 0);
        PackSpec pack = new PackSpec(Chemistry.NMC, 96, 60, 85, 20, 5);
        Vehicle vehicle = new Vehicle("veh-restart", "restart-test-secret".toCharArray(), CODE, "test", pack);
        IngestService ingest = IngestService.start(config);
        ingest.registry().registerDevice(vehicle.deviceId(), vehicle.secret());
        ingest.registry().registerBattery(new BatteryRecord(CODE, vehicle.deviceId(), Chemistry.NMC, 60, 96, "test",
                Instant.now()));
        List<PackSample> samples = simulate(pack, 3);
        int half = samples.size() / 2;

        try (VehicleUplink uplink = VehicleUplink.start(ingest.mqttUri(), vehicle, data.resolve("spool"))) {
            for (PackSample s : samples.subList(0, half)) {
                uplink.append(s);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> uplink.stats().recordsDelivered() == half);
            ingest.close(); // the cloud goes away mid-stream; the vehicle keeps driving and spooling
            ingest = null;
            for (PackSample s : samples.subList(half, samples.size())) {
                uplink.append(s);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> !uplink.stats().online());
            assertThat(uplink.spoolStats().heldRecords()).as("held while the ingest is away")
                    .isEqualTo(samples.size() - half);

            ingest = IngestService.start(config);
            uplink.deliverAll(Duration.ofMinutes(2));
            assertThat(uplink.connections()).as("the link came back").isGreaterThanOrEqualTo(2);
            assertThat(uplink.stats().recordsDelivered()).isEqualTo(samples.size());
            assertThat(uplink.stats().recordsRefused()).isZero();
            assertThat(uplink.spoolStats().heldRecords()).isZero();

            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            assertThat(ingest.telemetry().count(CODE)).isEqualTo(samples.size());
            assertThat(ingest.telemetry().duplicateCount()).isZero();
        } finally {
            if (ingest != null) {
                ingest.close();
            }
        }
    }

    /** The pack samples the demo's sampler takes from a simulated pack's CAN frames, one a minute. */
    private static List<PackSample> simulate(PackSpec pack, double days) {
        DbcDatabase dbc = ReferenceDbc.load();
        long start = Instant.now().minus(Duration.ofDays(5)).toEpochMilli();
        BmsSimulator bms = new BmsSimulator(dbc, pack, start, days);
        List<PackSample> samples = new ArrayList<>();
        PackSampler sampler = new PackSampler(dbc, SignalMapping.voltraceReference(), FleetRun.SAMPLE_SECONDS,
                samples::add);
        CanFrame f;
        while ((f = bms.next()) != null) {
            sampler.accept(f);
        }
        assertThat(samples).hasSizeGreaterThan(3 * 1440 - 20);
        return samples;
    }
}
