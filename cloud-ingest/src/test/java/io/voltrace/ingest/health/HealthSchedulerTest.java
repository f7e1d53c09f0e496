package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.ingest.testing.TestRegistries.Backend;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two ingest replicas' schedulers on one registry: every battery whose evidence changed is assessed, and never by
 * both at once; a request waits for the other replica's assessment of the same battery.
 */
class HealthSchedulerTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static List<String> register(Registry registry, int n) {
        registry.registerDevice("veh-1", "s1".toCharArray());
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String code = String.format("VTRPE96SCHED01T5C%07d", i);
            registry.registerBattery(new BatteryRecord(code, "veh-1", Chemistry.NMC, 50, 96, "VT", T0));
            codes.add(code);
        }
        return codes;
    }

    /** An assessor that notes overlapping assessments of one battery, and takes a little while. */
    private static Function<BatteryRecord, HealthAssessment> watched(Map<String, AtomicInteger> inside,
                                                                      List<String> overlaps, List<String> done) {
        return battery -> {
            AtomicInteger n = inside.computeIfAbsent(battery.code(), k -> new AtomicInteger());
            if (n.incrementAndGet() > 1) {
                overlaps.add(battery.code());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.add(battery.code());
            n.decrementAndGet();
            return new HealthAssessment(battery.code(), Instant.now(), null, null, null, 0, "none", "NEEDS_TEST",
                    List.of("test"));
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void twoReplicasNeverAssessOneBatteryAtOnceAndTogetherAssessAllThatChanged(Backend backend) throws Exception {
        try (TestRegistries db = TestRegistries.open(backend)) {
            Registry registry = db.registry();
            List<String> codes = register(registry, 60);
            AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
            Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
            List<String> overlaps = new CopyOnWriteArrayList<>();
            List<String> done = new CopyOnWriteArrayList<>();
            HealthScheduler a = new HealthScheduler(registry, schedule, watched(inside, overlaps, done),
                    Clock.systemUTC(), "replica-a");
            HealthScheduler b = new HealthScheduler(registry, new AssessmentSchedule(registry.dataSource()),
                    watched(inside, overlaps, done), Clock.systemUTC(), "replica-b");
            schedule.markChanged(codes);

            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                // Both rounds at once, and requests for the same batteries in between.
                Future<Integer> ra = pool.submit(a::round);
                Future<Integer> rb = pool.submit(b::round);
                Future<?> requests = pool.submit(() -> {
                    for (int i = 0; i < codes.size(); i += 7) {
                        b.assessNow(codes.get(i));
                    }
                });
                int assessedByRounds = ra.get() + rb.get();
                requests.get();
                assertThat(overlaps).as("one replica at a time per battery").isEmpty();
                int requested = (codes.size() + 6) / 7;
                assertThat(done).as("every changed battery assessed").containsAll(codes);
                // A round skips what a request (or the other round) assessed since it listed it: no battery twice
                // by the rounds, and a requested one at most once more.
                assertThat(assessedByRounds).isBetween(codes.size() - requested, codes.size());
                assertThat(done).hasSize(assessedByRounds + requested);
                assertThat(a.assessed() + b.assessed()).isEqualTo(assessedByRounds + requested);
            } finally {
                pool.shutdownNow();
            }
            assertThat(schedule.due(Long.MAX_VALUE - 1, "", 1000)).as("nothing left due").isEmpty();

            // New evidence for two: only they are due again.
            schedule.markChanged(List.of(codes.get(3), codes.get(40)));
            assertThat(a.round()).isEqualTo(2);
            assertThat(b.round()).isZero();
        }
    }

    @Test
    void aKilledReplicasLeasesAreFreedWhenItRestartsAndOthersWaitForExpiry() throws Exception {
        try (TestRegistries db = TestRegistries.open(Backend.H2)) {
            Registry registry = db.registry();
            String code = register(registry, 1).get(0);
            AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
            schedule.markChanged(List.of(code));
            long now = System.currentTimeMillis();
            // replica-a took the battery and died holding it.
            assertThat(schedule.tryLease(code, "replica-a-assess/1", now, now + 600_000)).isPresent();
            assertThat(schedule.tryLease(code, "replica-b-assess/1", now, now + 600_000)).isEmpty();
            assertThat(schedule.due(now, "", 10)).as("held: not due for others").isEmpty();
            assertThat(schedule.tryLease(code, "replica-b-assess/2", now + 600_001, now + 700_000))
                    .as("expired").isPresent();
            schedule.release(code, "replica-b-assess/2", null);

            assertThat(schedule.tryLease(code, "replica-a-assess/1", now, now + 600_000)).isPresent();
            assertThat(schedule.releaseAllOf("replica-a-assess")).isEqualTo(1);
            assertThat(schedule.releaseAllOf("replica-b-assess")).isZero();
            assertThat(schedule.due(now, "", 10)).containsExactly(code);
        }
    }

    @Test
    void aBlockWhoseLeaseRanHalfItsTimeLeavesTheRestDueForTheNextRound() throws Exception {
        try (TestRegistries db = TestRegistries.open(Backend.H2)) {
            Registry registry = db.registry();
            List<String> codes = register(registry, 3);
            AssessmentSchedule schedule = new AssessmentSchedule(registry.dataSource());
            schedule.markChanged(codes);
            // Each assessment takes (on this clock) just over half the lease.
            long[] now = {System.currentTimeMillis()};
            Clock clock = new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.ofEpochMilli(now[0]);
                }
            };
            List<String> done = new ArrayList<>();
            HealthScheduler s = new HealthScheduler(registry, schedule, battery -> {
                done.add(battery.code());
                now[0] += HealthScheduler.LEASE.toMillis() / 2 + 1;
                return new HealthAssessment(battery.code(), Instant.now(), null, null, null, 0, "none", "NEEDS_TEST",
                        List.of("test"));
            }, clock, "replica-a");
            assertThat(s.round()).isEqualTo(1);
            assertThat(done).containsExactly(codes.get(0));
            assertThat(schedule.due(now[0], "", 10)).as("the rest released, still due")
                    .containsExactly(codes.get(1), codes.get(2));
            assertThat(s.round()).isEqualTo(1);
            assertThat(s.round()).isEqualTo(1);
            assertThat(done).containsExactlyElementsOf(codes);
            assertThat(schedule.due(now[0], "", 10)).isEmpty();
        }
    }

    @Test
    void aRequestForAnUnregisteredBatteryIsRefusedWithTheReason() throws Exception {
        try (TestRegistries db = TestRegistries.open(Backend.H2)) {
            HealthScheduler s = new HealthScheduler(db.registry(), new AssessmentSchedule(db.registry().dataSource()),
                    b -> { throw new AssertionError("not called"); }, Clock.systemUTC(), "r");
            assertThatThrownBy(() -> s.assessNow("VTRPE96NOSUCH01T5C0000001"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not registered");
        }
    }
}
