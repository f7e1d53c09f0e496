package io.voltrace.cli.demo;

import io.voltrace.cli.Progress;
import io.voltrace.cli.Scratch;
import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.health.HealthSettings;
import io.voltrace.edge.health.HealthWatch;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.sim.BmsSimulator;
import io.voltrace.edge.telemetry.SpoolUplink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives a fleet of simulated vehicles, each the edge agent's own delivery path — simulated BMS on CAN, DBC decode,
 * pack samples, the durable spool, the spool uplink over an MQTT 5 link ({@link VehicleUplink}) — against an MQTT
 * endpoint, and waits until every spooled record is acknowledged (that is, stored).
 */
final class FleetRun {
    /** One pack sample a minute of vehicle time. */
    static final double SAMPLE_SECONDS = 60;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);

    record Result(Vehicle vehicle, double trueSoh, long frames, long samples, long evidence, long delivered,
                  long refused) {
    }

    private final String mqttUri;
    private final Path spoolRoot;
    private final double days;
    private final long startEpochMillis;
    private final int threads;

    /**
     * @param spoolRoot where each vehicle keeps its spool (a folder per device), removed once all is delivered
     */
    FleetRun(String mqttUri, Path spoolRoot, double days, long startEpochMillis, int threads) {
        this.mqttUri = mqttUri;
        this.spoolRoot = spoolRoot;
        this.days = days;
        this.startEpochMillis = startEpochMillis;
        this.threads = threads;
    }

    /** Samples one vehicle produces: one per {@link #SAMPLE_SECONDS} of simulated time. */
    long samplesPerVehicle() {
        return (long) (days * 86_400 / SAMPLE_SECONDS);
    }

    /** Runs the fleet, {@code threads} vehicles at a time; {@code progress} counts samples as they are spooled. */
    List<Result> run(List<Vehicle> fleet, Progress progress) throws Exception {
        DbcDatabase dbc = ReferenceDbc.load();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vehicle");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Vehicle v : fleet) {
                futures.add(pool.submit(() -> drive(dbc, v, progress)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            Files.deleteIfExists(spoolRoot); // every vehicle removed its own folder once delivered
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Result drive(DbcDatabase dbc, Vehicle v, Progress progress) throws Exception {
        BmsSimulator bms = new BmsSimulator(dbc, v.pack(), startEpochMillis, days);
        Path dir = spoolRoot.resolve(v.deviceId());
        long frames = 0;
        long[] samples = {0};
        long[] evidenceRecords = {0};
        SpoolUplink.Stats delivered;
        try (VehicleUplink uplink = VehicleUplink.start(mqttUri, v, dir)) {
            PackSampler sampler = new PackSampler(dbc, SignalMapping.voltraceReference(), SAMPLE_SECONDS,
                    (PackSample s) -> {
                        try {
                            uplink.append(s);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        samples[0]++;
                        progress.advance(1);
                    });
            // The agent's safety watch: insulation readings and BMS fault flags go out as health evidence.
            HealthWatch health = new HealthWatch(v.deviceId(), v.batteryCode(), sampler.mapping().faultFlags(),
                    HealthSettings.DEFAULTS, (evidence, event) -> {
                        try {
                            uplink.append(evidence, event);
                            evidenceRecords[0]++;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            CanFrame frame;
            while ((frame = bms.next()) != null) {
                sampler.accept(frame);
                health.observe(frame.timestampMicros() / 1000, sampler);
                frames++;
            }
            uplink.deliverAll(DELIVERY_TIMEOUT);
            delivered = uplink.stats();
        }
        Scratch.deleteTree(dir); // all acknowledged: nothing left worth keeping
        return new Result(v, bms.trueSohPercent(), frames, samples[0], evidenceRecords[0], delivered.recordsDelivered(),
                delivered.messagesRefused());
    }
}
