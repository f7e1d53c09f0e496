package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.registry.RegistryException;
import io.voltrace.ingest.testing.TestRegistries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Edge evidence reduced as it is stored (issue #12): sent again, replayed, late, cut off mid-transaction, stored by
 * two intake instances at once, or stored before the reduction existed, every stored record is reduced exactly once,
 * and the reduction equals the one of the same records in time order. On H2 and PostgreSQL.
 */
class EdgeReductionsTest {
    static final String CODE = "VTRPE96DEMO001T5C0000042";
    static final BatteryRecord BATTERY = new BatteryRecord(CODE, "dev", Chemistry.NMC, 60, 96, "t", Instant.now());

    /** A month of what an edge sends, in time order: hourly insulation, a flapping fault, steps, negative events. */
    static List<HealthEvidence> month() {
        Random random = new Random(5);
        List<HealthEvidence> out = new ArrayList<>();
        long t0 = 1_760_000_000_000L;
        for (int h = 0; h < 30 * 24; h++) {
            long ts = t0 + h * 3_600_000L;
            out.add(HealthEvidence.insulation("dev", CODE, ts, 2000 - h + random.nextInt(50), 355.0 + h % 7));
            if (h % 2 == 0) {
                out.add(HealthEvidence.currentStep("dev", CODE, ts + 60_000, 0.0011 + random.nextDouble() * 2e-4,
                        0, -60 - random.nextInt(40), 0.1, 20.0 + random.nextInt(10), 3.75 + random.nextDouble() * 0.3));
            }
            if (h % 40 == 0) {
                out.add(HealthEvidence.fault("dev", CODE, ts + 5_000, "isolation_fault", h % 80 == 0));
            }
            if (h % 97 == 0) {
                out.add(HealthEvidence.negativeEvent("dev", CODE, "EXTREME_TEMPERATURE", ts + 7_000, ts + 67_000,
                        -20 - random.nextInt(10)));
            }
        }
        out.sort(java.util.Comparator.comparingLong(HealthEvidence::ts)); // the order an edge sends them in
        return out;
    }

    static EdgeReductions reductions(TestRegistries db) {
        return new EdgeReductions(db.registry().dataSource(), new AssessmentSchedule(db.registry().dataSource()),
                db.registry()::battery, Clock.systemUTC());
    }

    static TestRegistries open(TestRegistries.Backend backend) throws SQLException {
        TestRegistries db = TestRegistries.open(backend);
        db.registry().registerDevice("dev", "s".toCharArray());
        db.registry().registerBattery(BATTERY);
        return db;
    }

    /** The reduction of these records in time order, in one go (what an uninterrupted, in-order stream gives). */
    static EdgeReduction inOrder(List<HealthEvidence> records) {
        List<HealthEvidence> sorted = new ArrayList<>(records);
        sorted.sort(java.util.Comparator.comparingLong(HealthEvidence::ts));
        return EdgeReduction.empty().plus(sorted, EdgeReductions.usableStep(BATTERY));
    }

    /** Equal but for the late count, which says how they arrived. */
    static void assertSameEvidence(EdgeReduction actual, EdgeReduction expected) {
        assertThat(new EdgeReduction(actual.records(), 0, actual.lastTs(), actual.insulation(), actual.faults(),
                actual.steps(), actual.usable(), actual.events())).isEqualTo(
                new EdgeReduction(expected.records(), 0, expected.lastTs(), expected.insulation(), expected.faults(),
                        expected.steps(), expected.usable(), expected.events()));
    }

    static long rows(TestRegistries db) throws SQLException {
        try (Connection c = db.registry().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM edge_evidence WHERE battery = ?")) {
            s.setString(1, CODE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestRegistries.Backend.class)
    void sentAgainReplayedAndLateRecordsAreReducedExactlyOnce(TestRegistries.Backend backend) throws Exception {
        List<HealthEvidence> month = month();
        try (TestRegistries db = open(backend)) {
            EdgeReductions reductions = reductions(db);
            EdgeEvidenceStore store = reductions.evidenceStore();
            // Messages of 20 records, shuffled (late ones among them), each sent twice, and the first 200 replayed
            // once more at the end as a restarted edge's spool would.
            List<List<HealthEvidence>> messages = new ArrayList<>();
            for (int i = 0; i < month.size(); i += 20) {
                messages.add(month.subList(i, Math.min(month.size(), i + 20)));
            }
            Collections.shuffle(messages, new Random(11));
            int added = 0;
            for (List<HealthEvidence> m : messages) {
                added += store.addAll(m, Instant.now());
                assertThat(store.addAll(m, Instant.now())).isZero();
            }
            assertThat(store.addAll(month.subList(0, 200), Instant.now())).isZero();
            EdgeReduction reduced = reductions.of(CODE);
            assertThat(added).isEqualTo(month.size());
            assertThat(reduced.records()).isEqualTo(month.size()).isEqualTo(rows(db));
            assertThat(reduced.lateRecords()).isPositive(); // shuffled: counted, and reduced all the same
            assertSameEvidence(reduced, inOrder(month));
            // 360 steps sent, the newest 256 kept; 18 fault events counted, the newest 16 kept.
            assertThat(reduced.steps()).isEqualTo(360);
            assertThat(reduced.usable()).hasSize(EdgeReduction.MAX_STEPS);
            assertThat(reduced.faults()).singleElement().satisfies(f -> {
                assertThat(f.raised()).isEqualTo(9);
                assertThat(f.cleared()).isEqualTo(9);
                assertThat(f.recent()).hasSize(EdgeReduction.MAX_FAULT_EVENTS);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestRegistries.Backend.class)
    void aTransactionCutOffMidwayStoresAndReducesNothingAndTheResendCountsOnce(TestRegistries.Backend backend)
            throws Exception {
        List<HealthEvidence> month = month();
        try (TestRegistries db = open(backend)) {
            EdgeReductions reductions = reductions(db);
            reductions.evidenceStore().addAll(month.subList(0, 300), Instant.now());
            // The reduction fails after the rows of the next message were inserted (as if the process died there):
            // the rows go with it, the message is not acknowledged, and the device sends it again.
            AtomicBoolean cut = new AtomicBoolean(true);
            EdgeEvidenceStore failing = new EdgeEvidenceStore(db.registry().dataSource(), (c, battery, added) -> {
                if (cut.getAndSet(false)) {
                    throw new SQLException("cut off", "08006");
                }
                reductions.admitted(c, battery, added);
            });
            assertThatThrownBy(() -> failing.addAll(month.subList(250, 600), Instant.now()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining(CODE);
            assertThat(rows(db)).isEqualTo(300);
            assertThat(reductions.of(CODE).records()).isEqualTo(300);
            // A restart: a new instance over the same registry, and the device's resend.
            EdgeReductions restarted = reductions(db);
            assertThat(restarted.evidenceStore().addAll(month.subList(250, 600), Instant.now())).isEqualTo(300);
            restarted.evidenceStore().addAll(month.subList(600, month.size()), Instant.now());
            assertThat(restarted.of(CODE).records()).isEqualTo(month.size()).isEqualTo(rows(db));
            assertThat(restarted.of(CODE).lateRecords()).isZero();
            assertSameEvidence(restarted.of(CODE), inOrder(month));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestRegistries.Backend.class)
    void twoIntakeInstancesStoringTheSameRecordsAtOnceReduceEachOnce(TestRegistries.Backend backend)
            throws Exception {
        List<HealthEvidence> month = month();
        try (TestRegistries db = open(backend)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    EdgeEvidenceStore store = reductions(db).evidenceStore();
                    List<HealthEvidence> mine = new ArrayList<>(month);
                    Collections.shuffle(mine, new Random(t));
                    runs.add(pool.submit(() -> {
                        int n = 0;
                        for (int i = 0; i < mine.size(); i += 10) {
                            n += store.addAll(mine.subList(i, Math.min(mine.size(), i + 10)), Instant.now());
                        }
                        return n;
                    }));
                }
                int added = runs.get(0).get() + runs.get(1).get();
                assertThat(added).isEqualTo(month.size());
            } finally {
                pool.shutdownNow();
            }
            EdgeReduction reduced = reductions(db).of(CODE);
            assertThat(reduced.records()).isEqualTo(month.size()).isEqualTo(rows(db));
            assertSameEvidence(reduced, inOrder(month));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestRegistries.Backend.class)
    void evidenceStoredBeforeTheReductionExistedIsReducedOnceAtStart(TestRegistries.Backend backend)
            throws Exception {
        List<HealthEvidence> month = month();
        try (TestRegistries db = open(backend)) {
            new EdgeEvidenceStore(db.registry().dataSource()).addAll(month.subList(0, 400), Instant.now());
            EdgeReductions reductions = reductions(db);
            assertThat(reductions.of(CODE).records()).isZero();
            assertThat(reductions.reduceUnreduced()).isEqualTo(1);
            assertThat(reductions.reduceUnreduced()).isZero();
            reductions.evidenceStore().addAll(month.subList(300, month.size()), Instant.now());
            assertThat(reductions.of(CODE).records()).isEqualTo(month.size()).isEqualTo(rows(db));
            assertSameEvidence(reductions.of(CODE), inOrder(month));
            // The scheduler learns of it: the battery's evidence changed.
            assertThat(new AssessmentSchedule(db.registry().dataSource()).due(System.currentTimeMillis(), "", 10))
                    .contains(CODE);
        }
    }
}
