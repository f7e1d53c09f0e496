package io.voltrace.cli.bench;

import io.voltrace.cli.Scratch;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TelemetryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load and fault harness for the ingest: N simulated devices ({@link LoadDevice}) publish telemetry as fast as their
 * acknowledgement windows allow to an ingest running in a child JVM; at the end the store is opened and counted
 * against what was sent. With {@code --chaos} the ingest is killed (SIGKILL) at random moments and restarted on the
 * same data.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Drives N simulated devices against an ingest in a child process and reports durable data "
                + "points per second, checked against the store. Ends with one JSON line "
                + "{\"sent\": n, \"stored\": n, \"duplicates\": n, \"pointsPerSecond\": x, ...} (with --chaos also "
                + "\"kills\": n), with what the ingest's health reducer made of every sample sent: reduced, "
                + "implausible, late or unaccounted. Exits 1, naming what did not add up, unless every point sent was "
                + "stored once and every sample is in exactly one of those counts (none late, none unaccounted) with "
                + "the discharge reduced equal to the discharge sent."})
public final class IngestBenchCommand implements Callable<Integer> {
    private static final int SAMPLES_PER_MESSAGE = 50;

    @Option(names = "--devices", defaultValue = "20", description = "simulated devices (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--seconds", defaultValue = "20", description = "how long the devices publish (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--chaos", description = "kill -9 the ingest at random moments and restart it")
    boolean chaos;

    @Option(names = "--window", defaultValue = "32", description = "unacknowledged messages per device (default ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--data", paramLabel = "DIR", description = "where the child ingest keeps its stores (default: a temporary folder)")
    Path dataDir;

    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "default",
            description = "the child ingest's store.durability: default or sync (default ${DEFAULT-VALUE})")
    String durability;

    @Override
    public Integer call() throws Exception {
        return Scratch.inFolder(dataDir, "voltrace-bench-", this::run);
    }

    private int run(Path data) throws Exception {
        Path ingestData = data.resolve("ingest");
        int mqttPort = Scratch.freePort();
        int httpPort = Scratch.freePort();
        List<String> codes = new ArrayList<>();
        char[] secret = "bench-device-secret".toCharArray();
        // Provision before the child starts: the registry is an embedded H2 file only one process opens at a time.
        Files.createDirectories(ingestData);
        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(ingestData)) {
            for (int d = 0; d < devices; d++) {
                String device = String.format("bench-%04d", d);
                String code = String.format("BENPE96LOADGEN" + "T5C%07d", d + 1);
                registry.registerDevice(device, secret);
                registry.registerBattery(new BatteryRecord(code, device, Chemistry.NMC, 60, 96, "bench", Instant.now()));
                codes.add(code);
            }
        }
        io.voltrace.ingest.store.Durability mode = io.voltrace.ingest.store.Durability.parse(durability);
        ChildIngest ingest = new ChildIngest(ingestData, mqttPort, httpPort, mode);
        ingest.start();
        System.err.printf("bench ingest: %d devices for %d s against pid %d%s%n", devices, seconds, ingest.pid(),
                chaos ? " with kills" : "");

        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong sentPoints = new AtomicLong();
        java.util.Map<String, Long> lastSeq = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(devices);
        List<LoadDevice> loads = new ArrayList<>();
        List<Future<?>> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (int d = 0; d < devices; d++) {
            String device = String.format("bench-%04d", d);
            LoadDevice load = new LoadDevice("tcp://127.0.0.1:" + mqttPort, device, secret, window);
            load.start();
            loads.add(load);
            String code = codes.get(d);
            long base = Instant.now().minus(Duration.ofDays(30)).toEpochMilli() / 1000 * 1000;
            runs.add(pool.submit(() -> {
                long seq = 0;
                long ts = base;
                SplittableRandom random = new SplittableRandom(device.hashCode());
                while (sending.get()) {
                    List<PackSample> samples = new ArrayList<>(SAMPLES_PER_MESSAGE);
                    for (int k = 0; k < SAMPLES_PER_MESSAGE; k++) {
                        double amps = -40 + 80 * random.nextDouble();
                        samples.add(new PackSample(ts, 350 + amps * 0.1, amps, 55, seq * 0.01, seq * 0.02,
                                3.60, 3.70, 3.65, 21, 24));
                        ts += 100; // 10 Hz per device
                    }
                    lastSeq.put(code, seq);
                    TelemetryBatch batch = new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, device, code, seq++, samples);
                    load.send(WireCodec.encode(batch));
                    sentPoints.addAndGet(batch.points());
                }
                return null;
            }));
        }
        int kills = 0;
        SplittableRandom chaosRandom = new SplittableRandom(7);
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (chaos) {
                Thread.sleep(2000 + chaosRandom.nextInt(4000));
                if (System.nanoTime() >= end) {
                    break;
                }
                ingest.kill();
                kills++;
                System.err.printf("bench ingest: killed the ingest (%d), restarting%n", kills);
                ingest.start();
            } else {
                Thread.sleep(200);
            }
        }
        sending.set(false);
        for (Future<?> run : runs) {
            run.get();
        }
        long refused = 0;
        for (LoadDevice load : loads) {
            if (!load.awaitAcknowledged(Duration.ofMinutes(3))) {
                System.err.println("bench ingest: a device still waits for acknowledgements after 3 minutes");
            }
            refused += load.refused();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (LoadDevice load : loads) {
            load.close();
        }
        if (refused > 0) {
            System.err.printf("bench ingest: the ingest refused %d messages (its log is kept with --data)%n",
                    refused);
        }
        pool.shutdownNow();
        ingest.stop();

        long stored;
        long duplicates;
        java.util.Map<String, Long> storedSamples = new java.util.HashMap<>();
        try (EmbeddedQuestDb store = EmbeddedQuestDb.start(ingestData.resolve("questdb"));
             TelemetryReader reader = new TelemetryReader(store.pgEndpoint())) {
            reader.awaitApplied(Duration.ofMinutes(2));
            stored = reader.countAll() * PackSample.POINTS;
            duplicates = reader.duplicateCount() * PackSample.POINTS;
            for (String code : codes) {
                storedSamples.put(code, reader.count(code));
            }
        }
        long sent = sentPoints.get();
        // The health reducer ran in the ingest throughout (and across its kills): every stored sample must be in
        // exactly one of its counts (reduced, implausible, late) and the discharge it reduced must be what was sent.
        // Each sample's discharge counter is its batch number × 0.02 Ah (see the samples above).
        SampleAccount account = new SampleAccount();
        List<String> problems = new ArrayList<>();
        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(ingestData)) {
            io.voltrace.ingest.health.ReductionStore reductions = new io.voltrace.ingest.health.ReductionStore(
                    registry.dataSource(), new io.voltrace.ingest.health.AssessmentSchedule(registry.dataSource()));
            for (String code : codes) {
                var saved = reductions.load(code);
                long storedHere = storedSamples.getOrDefault(code, 0L);
                long reducedHere = saved.map(io.voltrace.ingest.health.ReductionStore.Saved::reducedSamples).orElse(0L);
                long implausibleHere = saved.map(io.voltrace.ingest.health.ReductionStore.Saved::implausibleSamples)
                        .orElse(0L);
                long lateHere = saved.map(io.voltrace.ingest.health.ReductionStore.Saved::lateSamples).orElse(0L);
                double ahHere = saved.map(x -> io.voltrace.ingest.health.EvidenceCodec.decode(x.evidence())
                        .throughput().ahDischarged()).orElse(0.0);
                account.add(storedHere, reducedHere, implausibleHere, lateHere, ahHere,
                        lastSeq.getOrDefault(code, 0L) * 0.02);
                long unaccounted = storedHere - reducedHere - implausibleHere - lateHere;
                if (unaccounted != 0) {
                    problems.add(String.format(Locale.ROOT, "battery %s: %d samples stored = %d reduced + %d"
                                    + " implausible + %d late + %d unaccounted (watermark %s)", code, storedHere,
                            reducedHere, implausibleHere, lateHere, unaccounted,
                            saved.map(x -> Instant.ofEpochMilli(x.watermarkMs()).toString()).orElse("none")));
                }
            }
        }
        long sentSamples = sent / PackSample.POINTS;
        problems.addAll(account.problems(sentSamples));
        StringBuilder json = new StringBuilder(String.format(Locale.ROOT,
                "{\"sent\": %d, \"stored\": %d, \"duplicates\": %d, \"pointsPerSecond\": %.0f, \"sentSamples\": %d,"
                        + " \"reducedSamples\": %d, \"implausibleSamples\": %d, \"lateSamples\": %d,"
                        + " \"unaccountedSamples\": %d, \"reducedAhDischarged\": %.2f, \"sentAhDischarged\": %.2f",
                sent, stored, duplicates, stored / elapsed, sentSamples, account.reduced(), account.implausible(),
                account.late(), account.unaccounted(sentSamples), account.reducedAh(), account.sentAh()));
        if (chaos) {
            json.append(", \"kills\": ").append(kills);
        }
        json.append(", \"durability\": \"").append(mode).append('"');
        json.append('}');
        System.out.println(json);
        if (stored != sent) {
            problems.add(0, String.format(Locale.ROOT, "%d points sent, %d stored", sent, stored));
        }
        if (duplicates != 0) {
            problems.add(0, duplicates + " duplicate points stored");
        }
        for (String p : problems) {
            System.err.println("bench ingest: FAILED: " + p);
        }
        return problems.isEmpty() ? 0 : 1;
    }
}
