package io.voltrace.cli.demo;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.EdgeRun;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.mqtt.MqttSettings;
import io.voltrace.edge.mqtt.MqttTelemetryPublisher;
import io.voltrace.edge.sim.BmsSimulator;
import io.voltrace.edge.telemetry.TelemetryBatcher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a fleet of simulated vehicles, each a full edge pipeline — simulated BMS on CAN, DBC decode, pack samples,
 * MQTT 5 publisher — against an MQTT endpoint, and waits until every message is acknowledged (that is, stored).
 */
final class FleetRun {
    /** One pack sample a minute of vehicle time, ten samples a message. */
    static final double SAMPLE_SECONDS = 60;
    static final int SAMPLES_PER_MESSAGE = 10;

    record Result(Vehicle vehicle, double trueSoh, long frames, long samples, long acknowledged, long refused) {
    }

    private final String mqttUri;
    private final double days;
    private final long startEpochMillis;
    private final int threads;
    private final PrintStream progress;

    FleetRun(String mqttUri, double days, long startEpochMillis, int threads, PrintStream progress) {
        this.mqttUri = mqttUri;
        this.days = days;
        this.startEpochMillis = startEpochMillis;
        this.threads = threads;
        this.progress = progress;
    }

    List<Result> run(List<Vehicle> fleet) throws Exception {
        DbcDatabase dbc = ReferenceDbc.load();
        AtomicLong simulatedSeconds = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vehicle");
            t.setDaemon(true);
            return t;
        });
        List<Future<Result>> futures = new ArrayList<>();
        for (Vehicle v : fleet) {
            futures.add(pool.submit(() -> drive(dbc, v, simulatedSeconds, samples)));
        }
        pool.shutdown();
        double total = fleet.size() * days * 86_400;
        long started = System.nanoTime();
        long lastReport = 0;
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            while (!f.isDone()) {
                Thread.sleep(200);
                long now = System.nanoTime();
                if (now - lastReport > 3_000_000_000L) {
                    lastReport = now;
                    report(simulatedSeconds.get(), total, samples.get(), (now - started) / 1e9);
                }
            }
            results.add(f.get());
        }
        report(total, total, samples.get(), (System.nanoTime() - started) / 1e9);
        return results;
    }

    private void report(double done, double total, long samples, double elapsed) {
        progress.printf(Locale.ROOT, "  simulating %3.0f%% · %5.1f of %.0f days per pack · %,d samples sent · %.0f s%n",
                100 * done / total, done / total * days, days, samples, elapsed);
    }

    private Result drive(DbcDatabase dbc, Vehicle v, AtomicLong simulatedSeconds, AtomicLong sampleCount)
            throws Exception {
        BmsSimulator bms = new BmsSimulator(dbc, v.pack(), startEpochMillis, days);
        try (MqttTelemetryPublisher publisher = new MqttTelemetryPublisher(
                new MqttSettings(mqttUri, v.deviceId(), v.secret(), 64))) {
            publisher.connect(Duration.ofSeconds(30));
            TelemetryBatcher batcher = new TelemetryBatcher(v.deviceId(), v.batteryCode(), SAMPLES_PER_MESSAGE,
                    publisher);
            long[] counted = {0};
            double[] reported = {0};
            PackSampler sampler = new PackSampler(dbc, SignalMapping.voltraceReference(), SAMPLE_SECONDS,
                    (PackSample s) -> {
                        counted[0]++;
                        sampleCount.incrementAndGet();
                        double elapsed = bms.elapsedSeconds();
                        simulatedSeconds.addAndGet((long) (elapsed - reported[0]));
                        reported[0] = (long) elapsed;
                        batcher.accept(s);
                    });
            long frames = EdgeRun.drain(bms, sampler, batcher);
            simulatedSeconds.addAndGet((long) (days * 86_400 - reported[0]));
            if (!publisher.awaitAcknowledged(Duration.ofMinutes(5))) {
                throw new IllegalStateException(v.deviceId() + ": not every message was acknowledged within 5 min");
            }
            return new Result(v, bms.trueSohPercent(), frames, counted[0], publisher.acknowledged(),
                    publisher.refused());
        }
    }
}
