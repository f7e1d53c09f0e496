package io.voltrace.cli.bench;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.analytics.passport.BatteryConditionBuilder;
import io.voltrace.analytics.passport.PassportInputs;
import io.voltrace.analytics.passport.TemperatureLimits;
import io.voltrace.cli.ExitCodes;
import io.voltrace.cli.Scratch;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.health.AssessmentSchedule;
import io.voltrace.ingest.health.HealthReducer;
import io.voltrace.ingest.health.ReductionStore;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.passport.PassportService;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.store.TelemetryWriter;
import io.voltrace.ingest.store.TimeSeriesSchema;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The passport's battery condition for one battery with a year of one-minute telemetry, two ways: from the health
 * reduction (what {@link PassportService} does) and from the raw time series (what it did before: every stored
 * sample of the battery's life read into memory and counted on each request). Times each and measures the heap.
 */
@Command(name = "passport", mixinStandardHelpOptions = true,
        description = {"Stores --days of one-minute telemetry of one commuter pack in QuestDB, reduces it with the "
                + "ingest's reducer, then builds the passport's battery condition --requests times, --path reduction "
                + "(from the stored reduction, as the passport service does) or raw (every stored sample read and "
                + "counted, as the service did before the reduction kept the passport's totals), after checking that "
                + "both give the same condition (but for self-discharge, which the reduction reads from the latest "
                + "rests only: both are printed on standard error). Ends with one JSON line {\"path\": p, \"days\": d, \"rows\": n, "
                + "\"medianMs\": m, \"maxMs\": x, \"allocatedMbPerRequest\": a, \"peakHeapMb\": h, "
                + "\"peakHeapAfterGcMb\": g, \"inputLiveMb\": l, ...}: l is the heap a request holds while it "
                + "builds (the rows, or the decoded reduction), measured after a collection. Run each path in its own process with a bounded heap "
                + "(VOLTRACE_JAVA_OPTS=-Xmx1g)."},
        footer = {"  ./voltrace bench passport --days 30 --requests 5",
                "  ./voltrace bench passport --path raw",
                "  VOLTRACE_JAVA_OPTS=-Xmx384m ./voltrace bench passport --path raw --no-compare"})
public final class PassportBenchCommand implements Callable<Integer> {
    private static final String CODE = "BENPE96PASSPORT5C0000001";

    @Option(names = "--days", defaultValue = "365", description = "days of one-minute rows (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--requests", defaultValue = "20", description = "conditions built and timed (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--path", defaultValue = "reduction", description = "reduction or raw (default ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--compare", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "after the timed requests, check that both paths give the same condition (reads every row"
                    + " once more; --no-compare to find the least heap a path runs in, default ${DEFAULT-VALUE})")
    boolean compare;

    @Option(names = "--data", paramLabel = "DIR",
            description = "where the registry and QuestDB keep their files (default: a temporary folder, deleted after)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (days < 1 || requests < 1 || !(path.equals("reduction") || path.equals("raw"))) {
            System.err.println("voltrace bench passport: --days and --requests must be at least 1, --path reduction"
                    + " or raw");
            return ExitCodes.USAGE;
        }
        return Scratch.inFolder(dataDir, "voltrace-pass-", this::run);
    }

    private int run(Path data) throws Exception {
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        GradingPolicy policy = GradingPolicy.defaults();
        List<PackSample> year = YearOfUse.generate(95, days, now.toEpochMilli(), 1);
        try (Registry registry = io.voltrace.ingest.registry.EmbeddedRegistry.open(data);
             EmbeddedQuestDb questDb = EmbeddedQuestDb.start(data.resolve("questdb"));
             TelemetryReader reader = new TelemetryReader(questDb.pgEndpoint())) {
            registry.registerDevice("bench-passport", "bench-passport-secret".toCharArray());
            registry.createOrganisation(new Organisation("manufacturer", "manufacturer",
                    OrganisationKind.MANUFACTURER, now));
            BatteryRecord battery = new BatteryRecord(CODE, "bench-passport", YearOfUse.CHEMISTRY,
                    YearOfUse.NOMINAL_AH, YearOfUse.CELLS_SERIES, "bench", now);
            registry.registerBattery(battery);
            Ledger ledger = new Ledger(registry, clock);
            // Begin of life at the first row: the lifetime totals are figures, not "unavailable".
            ledger.append(new NewEvent(CODE, EventType.PRODUCTION, Instant.ofEpochMilli(year.get(0).ts()),
                    "manufacturer", Map.of()));

            TimeSeriesSchema.ensure(questDb.pgEndpoint());
            try (TelemetryWriter writer = new TelemetryWriter(questDb.writeTarget())) {
                for (int i = 0; i < year.size(); i += 20_000) {
                    writer.write(List.of(new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, "bench-passport", CODE,
                            i / 20_000, year.subList(i, Math.min(year.size(), i + 20_000)))));
                }
            }
            reader.awaitApplied(Duration.ofMinutes(5));
            long rows = reader.count(CODE);
            year = null; // the requests below read what is stored, nothing kept from here

            AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
            long t0 = System.nanoTime();
            long reduced = new HealthReducer(registry, reader, new ReductionStore(registry.dataSource(), schedule),
                    schedule, policy, clock).reduce(CODE);
            double reduceSeconds = (System.nanoTime() - t0) / 1e9;

            PassportService service = new PassportService(registry, ledger, true, clock);
            BatteryConditionBuilder builder = new BatteryConditionBuilder(policy, TemperatureLimits.defaults());
            Supplier<BatteryCondition> fromReduction = () -> service.condition(CODE);
            // The service's code before: every stored sample of the battery's life, then the builder over them.
            Supplier<BatteryCondition> fromRaw = () -> builder.build(new PassportInputs(CODE, battery.chemistry(),
                    battery.nominalAh(), ledger.events(CODE).get(0).occurredAt().toEpochMilli(),
                    reader.samples(CODE, Instant.EPOCH, now.plusSeconds(86_400), Integer.MAX_VALUE), null,
                    PackConditions.none(), null), now);
            Supplier<BatteryCondition> request = path.equals("raw") ? fromRaw : fromReduction;
            for (int i = 0; i < 3; i++) {
                request.get(); // warm-up, not timed
            }
            System.gc();
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            double[] ms = new double[requests];
            long allocated;
            double peakHeapMb;
            double peakHeapAfterGcMb;
            try (HeapPeak heap = HeapPeak.start()) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < requests; i++) {
                    long t = System.nanoTime();
                    BatteryCondition c = request.get();
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    if (c.capacityThroughput().value() == null) {
                        throw new IllegalStateException("no lifetime throughput: " + c.capacityThroughput());
                    }
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
                peakHeapMb = heap.peakUsedBytes() / 1048576.0;
                peakHeapAfterGcMb = heap.peakLiveBytes() / 1048576.0;
            }
            Arrays.sort(ms);
            // What a request holds while it builds: every row of the life (raw), or the decoded reduction.
            ReductionStore reductions = new ReductionStore(registry.dataSource(), schedule);
            double inputLiveMb = liveMb(path.equals("raw")
                    ? () -> reader.samples(CODE, Instant.EPOCH, now.plusSeconds(86_400), Integer.MAX_VALUE)
                    : () -> reductions.evidence(CODE).orElseThrow());
            Boolean same = null;
            if (compare) {
                // Self-discharge reads the rests the reduction keeps (the latest ReducedEvidence.MAX_SCREEN_RESTS), the
                // raw path every rest of the life: over a year those differ by design; every other figure must not.
                List<String> differing = differing(fromReduction.get(), fromRaw.get());
                same = differing.stream().allMatch(d -> d.startsWith("currentSelfDischargingRate:")
                        || d.startsWith("evolutionOfSelfDischarge:"));
                System.err.println("bench passport: the condition from the reduction differs from the one from raw"
                        + " telemetry in " + (differing.isEmpty() ? "nothing" : differing));
                if (!same) {
                    System.err.println("bench passport: FAILED: a figure other than self-discharge differs");
                }
            }
            System.out.printf(Locale.ROOT, "{\"path\": \"%s\", \"days\": %d, \"rows\": %d, \"reducedRows\": %d,"
                            + " \"reduceSeconds\": %.1f, \"requests\": %d, \"medianMs\": %.2f, \"maxMs\": %.2f,"
                            + " \"allocatedMbPerRequest\": %.3f, \"peakHeapMb\": %.0f, \"peakHeapAfterGcMb\": %.0f,"
                            + " \"inputLiveMb\": %.1f, \"maxHeapMb\": %d, \"sameButSelfDischarge\": %s}%n", path, days, rows, reduced,
                    reduceSeconds, requests, ms[ms.length / 2], ms[ms.length - 1],
                    allocated / (double) requests / 1048576.0, peakHeapMb, peakHeapAfterGcMb, inputLiveMb,
                    Runtime.getRuntime().maxMemory() >> 20, same);
            return same == null || same ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /** The heap in use after a collection with what {@code input} gives held, less before it: its live size. */
    private static double liveMb(Supplier<Object> input) {
        java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        Object held = input.get();
        System.gc();
        long after = memory.getHeapMemoryUsage().getUsed();
        java.lang.ref.Reference.reachabilityFence(held);
        return (after - before) / 1048576.0;
    }

    /** The components in which two conditions differ, with both values; generatedAt is the same clock's. */
    private static List<String> differing(BatteryCondition a, BatteryCondition b) throws ReflectiveOperationException {
        List<String> out = new java.util.ArrayList<>();
        for (java.lang.reflect.RecordComponent c : BatteryCondition.class.getRecordComponents()) {
            Object x = c.getAccessor().invoke(a);
            Object y = c.getAccessor().invoke(b);
            if (!java.util.Objects.equals(x, y)) {
                out.add(c.getName() + ": " + x + " / " + y);
            }
        }
        return out;
    }
}
