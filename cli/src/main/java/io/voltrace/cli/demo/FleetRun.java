package io.voltrace.cli.demo;

import io.voltrace.cli.Progress;
import io.voltrace.cli.Scratch;
import io.voltrace.edge.agent.AgentConfig;
import io.voltrace.edge.agent.EdgeAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives a fleet of simulated vehicles, each the real {@link EdgeAgent} with its simulator source (the reference
 * BMS on CAN, DBC decode, sampler, safety watch and full-rate evidence, durable spool, MQTT 5 uplink) set up through
 * its own settings, against an MQTT endpoint; waits until every spooled record is acknowledged (that is, stored).
 */
final class FleetRun {
    /** One pack sample a minute of vehicle time: the rate the cloud's health assessment is tuned for. */
    static final double SAMPLE_SECONDS = 60;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);

    record Result(Vehicle vehicle, double trueSoh, long frames, long samples, long evidence, long delivered,
                  long refused) {
    }

    private final String mqttUri;
    private final Path spoolRoot;
    private final double days;
    private final Instant start;
    private final int threads;

    /**
     * @param spoolRoot where each vehicle keeps its spool (a folder per device), removed once all is delivered
     * @param start     the first simulated frame, or null for the agent's own choice (at full pace: the history
     *                  ends when the vehicle starts)
     */
    FleetRun(String mqttUri, Path spoolRoot, double days, Instant start, int threads) {
        this.mqttUri = mqttUri;
        this.spoolRoot = spoolRoot;
        this.days = days;
        this.start = start;
        this.threads = threads;
    }

    /** Samples one vehicle produces: one per {@link #SAMPLE_SECONDS} of simulated time. */
    long samplesPerVehicle() {
        return (long) (days * 86_400 / SAMPLE_SECONDS);
    }

    /** Runs the fleet, {@code threads} vehicles at a time; {@code progress} counts samples as they are spooled. */
    List<Result> run(List<Vehicle> fleet, Progress progress) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vehicle");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Vehicle v : fleet) {
                futures.add(pool.submit(() -> drive(v, progress)));
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

    /** The vehicle's edge settings, as an operator would write them in its edge.conf. */
    Map<String, String> settings(Vehicle v, Path spool) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("device.id", v.deviceId());
        s.put("device.battery", v.batteryCode());
        s.put("can.source", "simulator");
        s.put("can.replay.pace", "max");
        s.put("can.simulator.cells", Integer.toString(v.pack().cellsSeries()));
        s.put("can.simulator.ah", Double.toString(v.pack().nominalAh()));
        s.put("can.simulator.soh", Double.toString(v.pack().trueSoh()));
        s.put("can.simulator.seed", Long.toString(v.pack().seed()));
        s.put("can.simulator.climate", String.format(Locale.ROOT, "%.3f", v.pack().climateC()));
        s.put("can.simulator.days", Double.toString(days));
        if (start != null) {
            s.put("can.simulator.start", start.toString());
        }
        s.put("sample.interval", Double.toString(SAMPLE_SECONDS));
        s.put("spool.dir", spool.toString());
        s.put("mqtt.server", mqttUri);
        s.put("mqtt.password", new String(v.secret()));
        s.put("mqtt.max-in-flight", "64");
        s.put("mqtt.reconnect.min", "100ms");
        s.put("mqtt.reconnect.max", "2s");
        s.put("publish.format", "json");
        s.put("publish.max-records", "10");
        s.put("publish.max-delay", "200ms");
        s.put("status.interval", "1h");
        s.put("shutdown.drain", "0s");
        return s;
    }

    private Result drive(Vehicle v, Progress progress) throws Exception {
        Path dir = spoolRoot.resolve(v.deviceId());
        EdgeAgent.Status s;
        EdgeAgent agent = EdgeAgent.start(AgentConfig.load(null, Map.of(), settings(v, dir)));
        try {
            long counted = 0;
            long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
            while (!agent.awaitSourceEnd(Duration.ofMillis(250))) {
                long samples = agent.status().samples();
                progress.advance(samples - counted);
                counted = samples;
                if (System.nanoTime() > deadline) {
                    throw new IOException(v.deviceId() + ": the simulated bus did not end within "
                            + RUN_TIMEOUT.toMinutes() + " min");
                }
            }
            progress.advance(agent.status().samples() - counted);
            if (!agent.awaitDelivered(DELIVERY_TIMEOUT)) {
                s = agent.status();
                throw new IOException(v.deviceId() + ": not every spooled record was acknowledged within "
                        + DELIVERY_TIMEOUT.toSeconds() + " s (MQTT " + mqttUri + ", last problem: " + s.lastProblem()
                        + "); the spool in " + dir + " keeps them");
            }
            s = agent.status();
        } finally {
            agent.close();
        }
        if (s.spool().droppedRecords() > 0 || s.spool().refusedRecords() > 0 || s.notSpooled() > 0) {
            throw new IOException(v.deviceId() + ": the spool in " + dir + " dropped " + s.spool().droppedRecords()
                    + " and refused " + (s.spool().refusedRecords() + s.notSpooled()) + " records");
        }
        Scratch.deleteTree(dir); // all acknowledged: nothing left worth keeping
        long evidence = s.spooled() - s.samples() - s.snapshots();
        return new Result(v, v.pack().trueSoh(), s.frames(), s.samples(), evidence,
                s.uplink().recordsDelivered(), s.uplink().messagesRefused());
    }
}
