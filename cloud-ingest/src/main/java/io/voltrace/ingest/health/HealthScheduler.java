package io.voltrace.ingest.health;

import io.voltrace.common.log.LogSafe;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * other the same way.
 */
public final class HealthScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthScheduler.class);
    /** Longer than any assessment takes: a replica that dies holds its batteries no longer than this. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Batteries read from the schedule per round trip. */
    private static final int PAGE = 1000;
    /** How long a request waits for another replica's assessment of the same battery before it gives up. */
    private static final Duration REQUEST_WAIT = Duration.ofSeconds(20);

    private final Registry registry;
    private final AssessmentSchedule schedule;
    private final Function<BatteryRecord, HealthAssessment> assessor;
    private final Clock clock;
    private final String replica;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong assessed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ScheduledExecutorService timer;

    /** @param assessor assesses and saves one battery (HealthService's reduced path) */
    public HealthScheduler(Registry registry, AssessmentSchedule schedule,
                           Function<BatteryRecord, HealthAssessment> assessor, Clock clock) {
        this(registry, schedule, assessor, clock, "replica-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * @param replica this replica's name, distinct among the replicas on one registry and the same across its
     *                restarts (its leases are prefixed with it, and {@link AssessmentSchedule#releaseAllOf} frees
     *                what a kill left)
     */
    public HealthScheduler(Registry registry, AssessmentSchedule schedule,
                           Function<BatteryRecord, HealthAssessment> assessor, Clock clock, String replica) {
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

    /** One round: every due battery this replica can lease is assessed. Returns how many were assessed. */
    public int round() {
        int done = 0;
        String after = "";
        while (true) {
            List<String> page = schedule.due(clock.millis(), after, PAGE);
            for (String code : page) {
                try {
                    if (assessLeased(code, true).isPresent()) {
                        done++;
                    }
                } catch (RuntimeException e) {
                    // logged by assessLeased; the battery stays due and the round goes on
                }
            }
            if (page.size() < PAGE) {
                return done;
            }
            after = page.get(page.size() - 1);
        }
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
        try {
            Optional<BatteryRecord> battery = registry.battery(code);
            if (battery.isEmpty()) {
                covered = changes.getAsLong(); // removed meanwhile: nothing to assess
                return Optional.empty();
            }
            HealthAssessment a = assessor.apply(battery.get());
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
