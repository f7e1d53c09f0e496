package io.voltrace.cli.bench;

import io.voltrace.analytics.grading.Grader;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.analytics.recovery.RecoveryEstimator;
import io.voltrace.analytics.soh.SohAssessor;
import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.Scratch;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.health.AssessmentSchedule;
import io.voltrace.ingest.health.EdgeReduction;
import io.voltrace.ingest.health.EdgeReductions;
import io.voltrace.ingest.health.EvidenceCodec;
import io.voltrace.ingest.health.HealthReducer;
import io.voltrace.ingest.health.HealthScheduler;
import io.voltrace.ingest.health.HealthService;
import io.voltrace.ingest.health.ReductionEstimates;
import io.voltrace.ingest.health.ReductionStore;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.store.TelemetryWriter;
import io.voltrace.ingest.store.TimeSeriesSchema;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Health as a service at fleet scale (issue #12): a year of reduced evidence per battery, generated straight into the
 * registry, assessed by the scheduler's own code path ({@link HealthScheduler#round}: blocks of due batteries leased,
 * read and assessed through {@link HealthService#block}, as the ingest's scheduler does), and the health-trend and downsampled telemetry query of one battery over a year of
 * one-minute rows in QuestDB.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Generates a year (--days) of reduced evidence for N batteries straight into a registry, the way "
                + "the ingest's reducer leaves it (eight commuter packs of different health, a row a minute through "
                + "the real reducer, and its edge agent's evidence folded as the ingest stores it; each battery one "
                + "of them), assesses all of them through the health scheduler's code path on --threads replicas, "
                + "then times the health-trend and telemetry query of one battery over its year of one-minute rows, "
                + "downsampled to about 500 points. Ends with one JSON line "
                + "{\"batteries\": n, \"days\": d, \"assessSeconds\": s, \"peakHeapMb\": m, \"trendQueryP99Ms\": q, "
                + "\"trendRows\": r, ...}; peakHeapMb is the most heap in use at one moment while assessing (garbage "
                + "included), peakHeapAfterGcMb the most left after a collection. Run it with a bounded heap "
                + "(VOLTRACE_JAVA_OPTS=-Xmx1g)."},
        footer = {"  ./voltrace bench health --batteries 1000 --days 30",
                "  VOLTRACE_JAVA_OPTS=-Xmx1g ./voltrace bench health --batteries 100000 --days 365"})
public final class HealthBenchCommand implements Callable<Integer> {
    /** The packs' states of health: eight packs, from nearly new to due for retirement. */
    private static final double[] SOH = {98, 95, 92, 89, 86, 83, 79, 75};
    /** About 500 points over a year: 365 days / 18 h. */
    private static final String TREND_STEP = "18h";

    @Option(names = "--batteries", defaultValue = "1000", description = "batteries (default ${DEFAULT-VALUE})")
    int batteries;

    @Option(names = "--days", defaultValue = "365", description = "days of evidence each (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--threads", defaultValue = "2",
            description = "scheduler replicas assessing at once (default ${DEFAULT-VALUE}: one per core here)")
    int threads;

    @Option(names = "--queries", defaultValue = "200", description = "trend queries timed (default ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--data", paramLabel = "DIR",
            description = "where the registry and QuestDB keep their files (default: a temporary folder, deleted after)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (batteries < 1 || days < 1 || threads < 1 || queries < 1) {
            System.err.println("voltrace bench health: --batteries, --days, --threads and --queries must be at least 1");
            return ExitCodes.USAGE;
        }
        return Scratch.inFolder(dataDir, "voltrace-health-", this::run);
    }

    private int run(Path data) throws Exception {
        GradingPolicy policy = GradingPolicy.defaults();
        Instant now = Instant.now();
        long evidenceBytes = 0;
        List<PackSample> trendYear = null;
        String trendCode = code(0);
        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(data)) {
            registry.registerDevice("bench-health", "bench-health-secret".toCharArray());
            // Eight packs' years through the real reducer; each battery is saved with one of them.
            // The same for the evidence their edge agents send (the oldest pack's contactor flag trips monthly),
            // through the fold the ingest applies as it stores it.
            HealthReducer.Reduction[] years = new HealthReducer.Reduction[SOH.length];
            byte[][] encoded = new byte[SOH.length][];
            ReductionEstimates[] estimates = new ReductionEstimates[SOH.length];
            EdgeReduction[] edgeYears = new EdgeReduction[SOH.length];
            for (int v = 0; v < SOH.length; v++) {
                List<PackSample> year = YearOfUse.generate(SOH[v], days, now.toEpochMilli(), v + 1);
                years[v] = HealthReducer.reduce(battery(code(v), now), policy, year);
                encoded[v] = EvidenceCodec.encode(years[v].evidence());
                estimates[v] = ReductionEstimates.of(battery(code(v), now), encoded[v], null);
                edgeYears[v] = EdgeReduction.empty().plus(YearOfUse.edgeEvidence(year, "bench-health", code(v),
                        v == SOH.length - 1, v + 1), EdgeReductions.usableStep(battery(code(v), now)));
                if (v == 0) {
                    trendYear = year;
                }
            }
            System.err.printf("bench health: %d packs' %d-day years reduced (%d rows and %d edge records each);"
                    + " saving %d batteries%n", SOH.length, days, years[0].samples(), edgeYears[0].records(),
                    batteries);
            AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
            ReductionStore store = new ReductionStore(registry.dataSource(), schedule);
            EdgeReductions edge = new EdgeReductions(registry.dataSource(), schedule, registry::battery,
                    Clock.systemUTC());
            for (int i = 0; i < batteries; i++) {
                String code = code(i);
                registry.registerBattery(battery(code, now));
                HealthReducer.Reduction r = years[i % SOH.length];
                // As a reduction pass saves it: with the evidence's resistance estimate (V18) and estimate from
                // rests (V20).
                store.save(code, 0, r.watermarkMs(), r.samples(), 0, 0, r.state(), encoded[i % SOH.length],
                        estimates[i % SOH.length], now);
                edge.saveNew(code, edgeYears[i % SOH.length]);
                evidenceBytes += encoded[i % SOH.length].length;
                if ((i + 1) % 10_000 == 0) {
                    System.err.printf("bench health: %d saved%n", i + 1);
                }
            }
            // A year of daily assessments behind the trend battery, as a running service leaves them.
            for (int d = days; d > 0; d--) {
                registry.saveAssessment(new HealthAssessment(trendCode, now.minus(Duration.ofDays(d)), 58.8,
                        98.0 + d * 0.004, 1.5, 4, "coulomb-counting", "REUSE_A", List.of("bench history")));
            }

            HealthService health = new HealthService(registry, SohAssessor.defaults(), new Grader(policy),
                    new RecoveryEstimator(RecoveryAssumptions.defaults()), Clock.systemUTC());
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            long processCpuStart = processCpuNanos();
            long[] cpuNanos = new long[1];
            int assessed;
            double peakHeapMb;
            double peakHeapAfterGcMb;
            try (HeapPeak heap = HeapPeak.start()) {
                assessed = assessAll(registry, schedule, health, cpuNanos);
                peakHeapMb = heap.peakUsedBytes() / 1048576.0;
                peakHeapAfterGcMb = heap.peakLiveBytes() / 1048576.0;
            }
            double assessSeconds = (System.nanoTime() - start) / 1e9;
            double processCpuSeconds = (processCpuNanos() - processCpuStart) / 1e9;
            double poolPeaksMb = poolPeaksMb();

            double[] ms;
            long trendRows;
            int trendPoints;
            try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(data.resolve("questdb"));
                 TelemetryReader reader = new TelemetryReader(questDb.pgEndpoint())) {
                TimeSeriesSchema.ensure(questDb.pgEndpoint());
                try (TelemetryWriter writer = new TelemetryWriter(questDb.writeTarget())) {
                    for (int i = 0; i < trendYear.size(); i += 20_000) {
                        writer.write(List.of(new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, "bench-health",
                                trendCode, i / 20_000, trendYear.subList(i, Math.min(trendYear.size(), i + 20_000)))));
                    }
                }
                reader.awaitApplied(Duration.ofMinutes(5));
                trendRows = reader.count(trendCode);
                Instant from = now.minus(Duration.ofDays(days));
                Instant to = now.plusSeconds(60);
                trendPoints = trend(registry, reader, trendCode, from, to);
                for (int i = 0; i < 20; i++) {
                    trend(registry, reader, trendCode, from, to); // warm-up, not timed
                }
                ms = new double[queries];
                for (int i = 0; i < queries; i++) {
                    long t = System.nanoTime();
                    trend(registry, reader, trendCode, from, to);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "{\"batteries\": %d, \"days\": %d, \"assessed\": %d, \"assessSeconds\": %.1f,"
                            + " \"assessedPerSecond\": %.0f, \"assessCpuSeconds\": %.1f,"
                            + " \"processCpuSeconds\": %.1f, \"threads\": %d,"
                            + " \"peakHeapMb\": %.0f, \"peakHeapAfterGcMb\": %.0f, \"heapPoolPeaksSumMb\": %.0f,"
                            + " \"maxHeapMb\": %d, \"evidenceBytesPerBattery\": %d, \"trendQueryP99Ms\": %.1f,"
                            + " \"trendQueryMedianMs\": %.1f, \"trendQueries\": %d, \"trendRows\": %d,"
                            + " \"trendPoints\": %d, \"edgeRecordsPerBattery\": %d}%n", batteries, days, assessed,
                    assessSeconds,
                    assessed / assessSeconds, cpuNanos[0] / 1e9, processCpuSeconds, threads, peakHeapMb, peakHeapAfterGcMb, poolPeaksMb,
                    Runtime.getRuntime().maxMemory() >> 20,
                    evidenceBytes / batteries, percentile(ms, 0.99), percentile(ms, 0.5), queries, trendRows,
                    trendPoints, edgeYears[0].records());
            return assessed == batteries ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /**
     * The scheduler's rounds on {@code threads} replicas at once, each battery under its lease. Adds the CPU time the
     * replicas' threads used to {@code cpuNanos[0]}: on a shared machine the wall time says more of the others' load
     * than of the code, the CPU time much less.
     */
    private int assessAll(Registry registry, AssessmentSchedule schedule, HealthService health, long[] cpuNanos)
            throws Exception {
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> rounds = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HealthScheduler replica = new HealthScheduler(registry, schedule, health, Clock.systemUTC(),
                        "bench-" + t);
                rounds.add(pool.submit(() -> {
                    long before = cpu.getCurrentThreadCpuTime();
                    int n = replica.round();
                    synchronized (cpuNanos) {
                        cpuNanos[0] += cpu.getCurrentThreadCpuTime() - before;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : rounds) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * CPU time of the whole process (assessing threads, collector, compiler, the registry's background writer): on
     * a machine whose cores others share, with the wall time it tells how much of the cores the run had.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The health trend (assessment history) and the downsampled telemetry; returns the telemetry points. */
    private static int trend(Registry registry, TelemetryReader reader, String code, Instant from, Instant to) {
        List<HealthAssessment> history = registry.assessments(code, from, to, 1000);
        int points = reader.buckets(code, from, to, TREND_STEP, 1000).size();
        if (history.isEmpty()) {
            throw new IllegalStateException("no health trend for " + code);
        }
        return points;
    }

    private static String code(int i) {
        return String.format("BENPE96HEALTH0T5C%07d", i);
    }

    private static BatteryRecord battery(String code, Instant at) {
        return new BatteryRecord(code, "bench-health", YearOfUse.CHEMISTRY, YearOfUse.NOMINAL_AH,
                YearOfUse.CELLS_SERIES, "bench", at);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /**
     * The sum of each heap pool's peak since the reset: peaks of eden, survivors and old generation from different
     * moments, so an upper bound of the heap in use at any one moment, often above {@code -Xmx}. Kept beside
     * {@link HeapPeak}'s figures to compare with the runs reported before.
     */
    private static double poolPeaksMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1048576.0;
    }
}
