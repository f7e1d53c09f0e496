package io.voltrace.ingest.health;

import io.voltrace.common.log.LogSafe;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reassesses, every {@code health.interval}, the batteries whose reduced evidence changed since their last assessment,
 * and assesses one on request ({@link #assessNow}). Each assessment runs under the battery's lease in
 * {@link AssessmentSchedule}, so with several ingest replicas on one registry a battery is assessed by one replica at
 * a time; every lease attempt has its own owner token, so the scheduler and a request inside one replica exclude each
 * other the same way. A round leases the due batteries a block at a time ({@link #BLOCK}, one conditional UPDATE
 * whose condition is the single lease's), assesses the block's batteries one by one and releases them in one batch;
 * it stops assessing a block when half its lease has run, so no battery is assessed near its lease's end.
 */
public final class HealthScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthScheduler.class);
    /** Longer than any assessment takes: a replica that dies holds its batteries no longer than this. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /**
     * Batteries leased, read and released together: a round's cost per battery is then mostly the assessment itself
     * (one lease UPDATE, one release batch and three reads per block instead of seven round trips per battery).
     */
    static final int BLOCK = 256;
    /** How long a request waits for another replica's assessment of the same battery before it gives up. */
    private static final Duration REQUEST_WAIT = Duration.ofSeconds(20);

    private final Registry registry;
    private final AssessmentSchedule schedule;
    private final Blocks assessor;
    private final Clock clock;
    private final String replica;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong assessed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ScheduledExecutorService timer;

    /**
     * The batteries of a leased block, ready to assess: {@link HealthService#block} reads what they need together;
     * {@link #oneByOne} reads nothing ahead.
     */
    public interface Block extends AutoCloseable {
        /** The battery's registry record, empty when it is not (or no longer) registered. */
        Optional<BatteryRecord> battery(String code);

        /** Assesses and saves one battery of the block. */
        HealthAssessment assess(BatteryRecord battery);

        @Override
        void close();
    }

    /** Opens a leased block's batteries for assessment. */
    @FunctionalInterface
    public interface Blocks {
        Block open(List<String> codes);
    }

    /** Blocks that look each battery up and assess it with {@code assessor}, one at a time. */
    public static Blocks oneByOne(Registry registry,
                                                         Function<BatteryRecord, HealthAssessment> assessor) {
        return codes -> new Block() {
            @Override
            public Optional<BatteryRecord> battery(String code) {
                return registry.battery(code);
            }

            @Override
            public HealthAssessment assess(BatteryRecord battery) {
                return assessor.apply(battery);
            }

            @Override
            public void close() {
            }
        };
    }

    /** As the constructor with a replica name, a random one. */
    public HealthScheduler(Registry registry, AssessmentSchedule schedule, HealthService health, Clock clock) {
        this(registry, schedule, health::block, clock, "replica-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** As the block constructor, with each battery looked up and assessed by {@code assessor} alone. */
    public HealthScheduler(Registry registry, AssessmentSchedule schedule,
                           Function<BatteryRecord, HealthAssessment> assessor, Clock clock, String replica) {
        this(registry, schedule, oneByOne(registry, assessor), clock, replica);
    }

    /** The ingest's scheduler: blocks read and assessed by {@link HealthService#block}. */
    public HealthScheduler(Registry registry, AssessmentSchedule schedule, HealthService health, Clock clock,
                           String replica) {
        this(registry, schedule, health::block, clock, replica);
    }

    /**
     * @param replica this replica's name, distinct among the replicas on one registry and the same across its
     *                restarts (its leases are prefixed with it, and {@link AssessmentSchedule#releaseAllOf} frees
     *                what a kill left)
     */
    private HealthScheduler(Registry registry, AssessmentSchedule schedule, Blocks assessor,
                            Clock clock, String replica) {
        this.replica = replica + "-assess";
        this.registry = registry;
        this.schedule = schedule;
        this.assessor = assessor;
        this.clock = clock;
    }

    /** Starts the periodic rounds; an interval of zero or less runs none (requests still work). */
    public HealthScheduler start(Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            LOG.info("health scheduler off (health.interval {}): batteries are assessed on request only", interval);
            return this;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "health-scheduler");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::roundQuietly, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("health scheduler every {} as {}", interval, replica);
        return this;
    }

    private void roundQuietly() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("health round failed, retrying next interval: {}", LogSafe.text(e));
        }
    }

    /**
     * One round: every due battery this replica can lease is assessed, a block at a time: the next {@link #BLOCK} due
     * batteries in code order are leased in one UPDATE, read together, assessed one by one and released in one batch.
     * Returns how many were assessed.
     */
    public int round() {
        int done = 0;
        String after = "";
        while (true) {
            List<String> due = schedule.due(clock.millis(), after, BLOCK);
            if (due.isEmpty()) {
                return done;
            }
            String through = due.get(due.size() - 1);
            done += assessBlock(after, through);
            if (due.size() < BLOCK) {
                return done;
            }
            after = through;
        }
    }

    /**
     * Leases the due batteries after {@code after} through {@code through}, assesses them and releases them. A battery
     * whose assessment fails stays due (logged, counted); so do those left when the lease has run half its time, so
     * that no battery is assessed near its lease's end, when another replica may take it.
     */
    private int assessBlock(String after, String through) {
        String owner = replica + "/" + attempts.incrementAndGet();
        long now = clock.millis();
        long until = now + LEASE.toMillis();
        Map<String, Long> leased;
        try {
            leased = schedule.leaseBlock(after, through, owner, now, until);
        } catch (RuntimeException ex) {
            // A lock wait that timed out, a lost connection: the block stays due and the round goes on.
            LOG.warn("leasing the due batteries after {} failed: {}", LogSafe.text(after), LogSafe.text(ex));
            return 0;
        }
        if (leased.isEmpty()) {
            return 0;
        }
        Map<String, Long> covered = new LinkedHashMap<>();
        leased.keySet().forEach(code -> covered.put(code, null));
        int done = 0;
        try (Block block = assessor.open(List.copyOf(leased.keySet()))) {
            long stopAt = now + LEASE.toMillis() / 2;
            int reached = 0;
            for (Map.Entry<String, Long> e : leased.entrySet()) {
                String code = e.getKey();
                if (clock.millis() > stopAt) {
                    LOG.info("block lease of {} half over: {} left due for the next round", owner,
                            leased.size() - reached);
                    break;
                }
                reached++;
                try {
                    Optional<BatteryRecord> battery = block.battery(code);
                    if (battery.isPresent()) {
                        block.assess(battery.get());
                        assessed.incrementAndGet();
                        done++;
                    }
                    covered.put(code, e.getValue()); // assessed, or removed meanwhile: nothing to assess
                } catch (RuntimeException ex) {
                    failed.incrementAndGet();
                    LOG.warn("assessing {} failed, it stays due: {}", LogSafe.text(code), LogSafe.text(ex));
                }
            }
        } catch (RuntimeException ex) {
            // Reading the block failed: none of it is assessed, all of it stays due, the round goes on.
            failed.addAndGet(leased.size() - done);
            LOG.warn("reading the block of {} batteries after {} failed, they stay due: {}", leased.size(),
                    LogSafe.text(after), LogSafe.text(ex));
        } finally {
            try {
                schedule.releaseBlock(owner, covered);
            } catch (RuntimeException ex) {
                // Held until the lease expires, then due again: assessed twice at worst, never lost.
                LOG.warn("releasing the block of {} failed, its leases expire in {}: {}", owner, LEASE,
                        LogSafe.text(ex));
            }
        }
        return done;
    }

    /**
     * Assesses one battery now, waiting for another replica's assessment of it to end first.
     *
     * @throws IllegalArgumentException when the battery is not registered
     * @throws IllegalStateException    when another replica kept it longer than the wait
     */
    public HealthAssessment assessNow(String code) {
        if (registry.battery(code).isEmpty()) {
            throw new IllegalArgumentException("battery " + code + " is not registered");
        }
        long deadline = System.nanoTime() + REQUEST_WAIT.toNanos();
        while (true) {
            Optional<HealthAssessment> a = assessLeased(code, false);
            if (a.isPresent()) {
                return a.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("battery " + code + " is being assessed by another ingest replica;"
                        + " its result is served by GET /api/v1/batteries/" + code + "/health shortly");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to assess " + code, e);
            }
        }
    }

    /**
     * Assesses under the lease; empty when another holder has it (or, with {@code onlyIfDue}, when it is no longer
     * due). An assessment's own failure is thrown.
     */
    private Optional<HealthAssessment> assessLeased(String code, boolean onlyIfDue) {
        String owner = replica + "/" + attempts.incrementAndGet();
        long now = clock.millis();
        OptionalLong changes = schedule.tryLease(code, owner, now, now + LEASE.toMillis(), onlyIfDue);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        Long covered = null;
        try (Block block = assessor.open(List.of(code))) {
            Optional<BatteryRecord> battery = block.battery(code);
            if (battery.isEmpty()) {
                covered = changes.getAsLong(); // removed meanwhile: nothing to assess
                return Optional.empty();
            }
            HealthAssessment a = block.assess(battery.get());
            covered = changes.getAsLong();
            assessed.incrementAndGet();
            return Optional.of(a);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("assessing {} failed, it stays due: {}", LogSafe.text(code), LogSafe.text(e));
            throw e;
        } finally {
            schedule.release(code, owner, covered);
        }
    }

    /** Assessments made by this replica. */
    public long assessed() {
        return assessed.get();
    }

    /** Assessments that failed (the batteries stay due). */
    public long failed() {
        return failed.get();
    }

    public String replica() {
        return replica;
    }

    @Override
    public void close() throws InterruptedException {
        if (timer != null) {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
