package io.voltrace.ingest.health;

import io.voltrace.common.log.LogSafe;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.passport.BatteryConditionBuilder;
import io.voltrace.analytics.passport.ConditionThresholds;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.StoredSamples;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reduces each battery's telemetry to the evidence an assessment reads, as it is admitted. The intake tells it, after
 * the durable write, which batteries got telemetry ({@link #onStored}); a background pass then feeds each such
 * battery's stored samples after its watermark, in time order, into its {@link BatteryReducer} and saves state,
 * evidence and the new watermark in one transaction ({@link ReductionStore#save}).
 *
 * <p>Reading the durable store rather than the messages in flight is what makes it exact: after a restart or a kill
 * the pass resumes from the saved watermark and reads what was stored since, so nothing is counted twice or skipped;
 * messages a device sends again (no acknowledgement before the kill) are the same rows in the store (deduplicated on
 * time and battery) and at or before the watermark. Samples stored with a time at or before the watermark (late,
 * or out of order) stay in the time series, are not reduced, and are counted ({@code lateSamples} in the
 * evidence, and a reason in the assessment). Each pass runs under the battery's lease in the schedule, so with
 * several replicas one reduces a battery at a time.
 */
public final class HealthReducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthReducer.class);
    /** Samples read from the store per query; the state is saved after each page. */
    static final int PAGE = 20_000;
    /** Reducers kept in memory between passes (a cached one is used only while its saved version is current). */
    private static final int CACHE = 1_000;
    /** A pass saves after every page, well within this; a replica that dies holds a battery no longer. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a pass waits for the store to make earlier writes visible before it tries again later. */
    private static final Duration VISIBLE_WAIT = Duration.ofSeconds(10);

    private final Registry registry;
    private final StoredSamples reader;
    private final ReductionStore store;
    private final io.voltrace.ingest.registry.PlausibilityStore plausibility;
    private final AssessmentSchedule schedule;
    private final GradingPolicy policy;
    private final Clock clock;
    private final String replica;
    private final AtomicLong attempts = new AtomicLong();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicLong reduced = new AtomicLong();
    private final AtomicLong implausible = new AtomicLong();
    private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE;
        }
    };
    private ScheduledExecutorService timer;
    private volatile boolean failing;

    /** A reducer, the version it was saved at, and the estimates saved with it (carried forward while current). */
    private record Cached(BatteryReducer reducer, long version, ReductionEstimates estimates) {
    }

    public HealthReducer(Registry registry, StoredSamples reader, ReductionStore store, AssessmentSchedule schedule,
                         GradingPolicy policy, Clock clock) {
        this(registry, reader, store, schedule, policy, clock, "replica-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * @param reader  the time-series store ({@link io.voltrace.ingest.store.TelemetryReader})
     * @param replica this replica's name, as {@link HealthScheduler} takes it
     */
    public HealthReducer(Registry registry, StoredSamples reader, ReductionStore store, AssessmentSchedule schedule,
                         GradingPolicy policy, Clock clock, String replica) {
        this.replica = replica + "-reduce";
        this.registry = registry;
        this.reader = reader;
        this.store = store;
        this.plausibility = new io.voltrace.ingest.registry.PlausibilityStore(registry.dataSource());
        this.schedule = schedule;
        this.policy = policy;
        this.clock = clock;
    }

    /** The lowest mean cell voltage at which a current step is kept: the resistance estimate's band. */
    static double minStepVolts(BatteryRecord battery) {
        return battery.chemistry().ocv().voltsAt(HealthService.STEP_MIN_SOC_PERCENT);
    }

    /**
     * What the passport's telemetry totals count against: the passport's boundaries
     * ({@link BatteryConditionBuilder#defaults}), not the grading policy this ingest assesses with, so that the
     * passport states the boundaries its figures were counted against.
     */
    static ConditionThresholds thresholds(BatteryRecord battery) {
        return BatteryConditionBuilder.defaults().thresholds(battery.chemistry());
    }

    /** The extractor configuration for a battery (as the assessment has always read its telemetry). */
    static ExtractorConfig config(BatteryRecord battery) {
        return ExtractorConfig.of(battery.chemistry(), battery.nominalAh(), battery.cellsSeries())
                .withStepMaxSeconds(HealthService.STEP_MAX_SECONDS);
    }

    /** After a durable write: marks the batteries for the next pass. Cheap; runs on the intake's writer thread. */
    public void onStored(List<TelemetryBatch> batches) {
        for (TelemetryBatch b : batches) {
            dirty.add(b.battery());
        }
    }

    /** Marks every registered battery for a pass: at start, to pick up what was stored after the last save. */
    public void markAll() {
        for (BatteryRecord b : registry.batteries()) {
            dirty.add(b.code());
        }
    }

    /** Runs passes every {@code period} in the background. */
    public HealthReducer start(Duration period) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-reducer");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, period.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                drain();
            } catch (RuntimeException e) {
                LOG.warn("reduction pass failed, retrying: {}", LogSafe.text(e));
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reduces every marked battery now; those another replica holds stay marked. Returns samples reduced. */
    public long drain() {
        long total = 0;
        // Take the marks first, then wait for what was written before them to be visible. A mark set after this
        // (a write the wait below may not cover) stays for the next pass. Taking a mark only when its battery's turn
        // came, after the wait, lost the last write of a battery written meanwhile: its mark was taken, its rows not
        // yet visible, and no later write marked it again (bench ingest: 50 samples of 930,250 never reduced).
        List<String> marked = new java.util.ArrayList<>();
        for (java.util.Iterator<String> it = dirty.iterator(); it.hasNext(); ) {
            marked.add(it.next());
            it.remove();
        }
        if (marked.isEmpty()) {
            return 0;
        }
        // The store applies commits asynchronously: read only once what was written before the marks is visible,
        // or a pass could miss the last rows of a battery that then sends nothing more.
        boolean visible;
        try {
            visible = reader.awaitCommittedSoFar(VISIBLE_WAIT);
        } catch (RuntimeException e) {
            dirty.addAll(marked); // the store is away or suspended: the marks wait for a pass that works
            throw e;
        }
        if (!visible) {
            dirty.addAll(marked);
            LOG.debug("store still applying earlier writes; reduction pass postponed");
            return 0;
        }
        int failed = 0;
        for (String code : marked) {
            try {
                long n = reduce(code);
                if (n < 0) {
                    dirty.add(code); // leased elsewhere: next pass
                } else {
                    total += n;
                }
            } catch (RuntimeException e) {
                dirty.add(code);
                // One warning when passes start failing (a store outage fails every battery), then quiet.
                if (failed++ == 0 && !failing) {
                    LOG.warn("reducing {} failed, retrying every pass until it works: {}", LogSafe.text(code),
                            LogSafe.text(e));
                } else {
                    LOG.debug("reducing {} failed: {}", LogSafe.text(code), LogSafe.text(e));
                }
            }
        }
        if (failing && failed == 0) {
            LOG.info("reduction passes work again");
        }
        failing = failed > 0;
        return total;
    }

    /**
     * One battery's pass: every stored sample after its watermark, page by page, each page saved. Returns the samples
     * reduced, or -1 when another holder has the battery's lease.
     */
    public long reduce(String code) {
        Optional<BatteryRecord> battery = registry.battery(code);
        if (battery.isEmpty()) {
            return 0;
        }
        String owner = replica + "/" + attempts.incrementAndGet();
        long now = clock.millis();
        OptionalLong leased = schedule.tryLease(code, owner, now, now + LEASE.toMillis());
        if (leased.isEmpty()) {
            return -1;
        }
        try {
            return reduceLeased(battery.get(), owner);
        } finally {
            schedule.release(code, owner, null);
        }
    }

    private long reduceLeased(BatteryRecord battery, String owner) {
        String code = battery.code();
        Cached c = current(battery);
        BatteryReducer r = c.reducer();
        long version = c.version();
        ReductionEstimates estimates = c.estimates();
        long fed = 0;
        long skipped = 0;
        boolean backfilled = false;
        if (r.needsBackfill()) {
            try {
                backfill(r, code, owner);
            } catch (RuntimeException e) {
                r.abandonBackfill(); // counted again from the start next pass, never on top of a partial count
                throw e;
            }
            backfilled = true;
        }
        Instant to = clock.instant().plus(Duration.ofDays(3650));
        while (true) {
            Instant from = r.samples() == 0 ? Instant.EPOCH : Instant.ofEpochMilli(r.watermark() + 1);
            List<PackSample> page = reader.samples(code, from, to, PAGE);
            // A sample the intake marked implausible never feeds an estimate (#15).
            java.util.Set<Long> marked = page.isEmpty() ? java.util.Set.of()
                    : plausibility.marked(code, page.get(0).ts(), page.get(page.size() - 1).ts()).keySet();
            int accepted = 0;
            for (PackSample s : page) {
                if (marked.contains(s.ts())) {
                    if (r.skip(s)) {
                        accepted++;
                        skipped++;
                    }
                } else if (r.feed(s)) {
                    accepted++;
                }
            }
            fed += accepted;
            // Rows in the store at or before the watermark that were not reduced: late, out of order. A row sent
            // again is the same row (the store deduplicates on time and battery), so repeats do not count.
            long behind = r.samples() == 0 ? 0 : Math.max(0, reader.countThrough(code, r.watermark()) - r.samples());
            if (accepted > 0 || behind != r.late() || backfilled) {
                backfilled = false;
                r.late(behind);
                BatteryReducer.Checkpoint cp = r.checkpoint();
                try {
                    byte[] evidence = EvidenceCodec.encode(cp.evidence());
                    estimates = ReductionEstimates.of(battery, evidence, estimates);
                    version = store.save(code, version, r.watermark(), r.samples(), r.late(), r.implausible(),
                            cp.state(), evidence, estimates, clock.instant());
                } catch (RuntimeException e) {
                    synchronized (cache) {
                        cache.remove(code); // the in-memory state is ahead of the saved one: reload next time
                    }
                    throw e;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        synchronized (cache) {
            cache.put(code, new Cached(r, version, estimates));
        }
        reduced.addAndGet(fed - skipped);
        implausible.addAndGet(skipped);
        return fed;
    }

    /**
     * Counts the passport's telemetry totals of a state saved before they were kept (issue #12's reductions, evidence
     * codec 2 and older): once, from the stored history up to the watermark, page by page in bounded memory, renewing
     * the lease each page. The history is what the store holds now, as the passport read it before, so a battery
     * reduced before the change shows the same lifetime figures as then, and counts on from the watermark after.
     * Samples marked implausible are left out, as everywhere in the reduction.
     */
    private void backfill(BatteryReducer r, String code, String owner) {
        long through = r.watermark();
        Instant from = Instant.EPOCH;
        Instant to = Instant.ofEpochMilli(through + 1);
        long counted = 0;
        while (r.samples() > 0) {
            List<PackSample> page = reader.samples(code, from, to, PAGE);
            if (page.isEmpty()) {
                break;
            }
            java.util.Set<Long> marked = plausibility.marked(code, page.get(0).ts(),
                    page.get(page.size() - 1).ts()).keySet();
            r.backfill(marked.isEmpty() ? page : page.stream().filter(s -> !marked.contains(s.ts())).toList());
            counted += page.size();
            if (page.size() < PAGE) {
                break;
            }
            from = Instant.ofEpochMilli(page.get(page.size() - 1).ts() + 1);
            long now = clock.millis();
            if (schedule.tryLease(code, owner, now, now + LEASE.toMillis()).isEmpty()) {
                throw new IllegalStateException("lost the lease of " + code + " while counting its history");
            }
        }
        r.backfilled();
        LOG.info("{}: passport telemetry totals counted from {} stored samples (reduced before they were kept)",
                LogSafe.text(code), counted);
    }

    /** The cached reducer if its version is the saved one, else the saved state, else a fresh reducer. */
    private Cached current(BatteryRecord battery) {
        String code = battery.code();
        Cached cached;
        synchronized (cache) {
            cached = cache.get(code);
        }
        long saved = store.version(code);
        if (cached != null && cached.version() == saved) {
            return cached;
        }
        Optional<ReductionStore.Saved> s = store.load(code);
        if (s.isEmpty()) {
            return new Cached(BatteryReducer.fresh(config(battery), policy, minStepVolts(battery),
                    thresholds(battery)), 0, null);
        }
        ReductionStore.Saved row = s.get();
        ReducedEvidence evidence = EvidenceCodec.decode(row.evidence());
        return new Cached(BatteryReducer.restore(row.state(), minStepVolts(battery), thresholds(battery),
                row.samples(),
                row.lateSamples(), row.implausibleSamples(), evidence.firstTs(), row.watermarkMs()), row.version(),
                ReductionEstimates.saved(evidence, row.restEstimate()));
    }

    /**
     * Reduces every registered battery up to what the store holds now, waiting for a pass that holds a battery to
     * end: for a caller that assesses right after storing (the demo), not for the running service, whose passes do
     * it in the background. Returns the samples reduced.
     *
     * @throws IllegalStateException when a battery stays leased elsewhere past the lease time
     */
    public long catchUp() {
        if (!reader.awaitCommittedSoFar(VISIBLE_WAIT)) {
            throw new IllegalStateException("the store did not make its writes visible within " + VISIBLE_WAIT);
        }
        long total = 0;
        for (BatteryRecord b : registry.batteries()) {
            long deadline = System.nanoTime() + LEASE.toNanos();
            long n;
            while ((n = reduce(b.code())) < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("battery " + b.code() + " stayed leased by another replica");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reducing " + b.code(), e);
                }
            }
            total += n;
        }
        return total;
    }

    /** A battery's samples reduced in one go: the state and evidence a pass would save, and the counts. */
    public record Reduction(byte[] state, ReducedEvidence evidence, long samples, long watermarkMs) {
    }

    /**
     * Reduces samples (in time order) as the passes would, without a store: for tools that generate a battery's
     * history straight into the registry ({@code voltrace bench health}) and save it with {@link ReductionStore#save}.
     */
    public static Reduction reduce(BatteryRecord battery, GradingPolicy policy, Iterable<PackSample> samples) {
        BatteryReducer r = BatteryReducer.fresh(config(battery), policy, minStepVolts(battery),
                thresholds(battery));
        for (PackSample s : samples) {
            r.feed(s);
        }
        BatteryReducer.Checkpoint cp = r.checkpoint();
        return new Reduction(cp.state(), cp.evidence(), r.samples(), r.watermark());
    }

    /** Samples this replica fed into evidence since it started (not counting those set aside as implausible). */
    public long reducedSamples() {
        return reduced.get();
    }

    /** Samples this replica consumed since it started without reducing them: marked implausible at intake (#15). */
    public long implausibleSamples() {
        return implausible.get();
    }

    /** Batteries waiting for a pass. */
    public int pending() {
        return dirty.size();
    }

    @Override
    public void close() throws InterruptedException {
        if (timer != null) {
            timer.shutdown();
            // A pass still running holds its batteries' leases: a last pass started beside it (IngestService.close)
            // would find them leased and leave them unreduced, so wait for it (a pass saves after every page).
            if (!timer.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("a reduction pass still runs after 2 minutes; what it has not saved is reduced at the next"
                        + " start");
            }
        }
    }
}
