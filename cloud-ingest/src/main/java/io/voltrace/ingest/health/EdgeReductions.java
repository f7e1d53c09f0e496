package io.voltrace.ingest.health;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.registry.Registry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each battery's edge evidence reduced as it is admitted ({@code edge_reduction}, migration V13), the edge's half of
 * "evidence reduced at arrival": {@link #admitted} runs inside the transaction that stores new {@code edge_evidence}
 * rows and folds exactly those rows into the battery's {@link EdgeReduction}, and marks the battery's evidence changed
 * for the scheduler. So a record is reduced once however often it arrives (it is inserted once), a kill between
 * storing and reducing cannot happen (one commit), and an assessment reads one row instead of the history.
 *
 * <p>A battery without a reduction row yet (stored before this existed, or its first record) gets one folded from
 * all its stored rows, in the same transaction: the same rule for the first record, for an upgrade
 * ({@link #reduceUnreduced} at start) and for two writers racing to make the row (the loser runs again).
 */
public final class EdgeReductions implements EdgeEvidenceStore.Admission {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeReductions.class);

    private final DataSource db;
    private final AssessmentSchedule schedule;
    private final Function<String, Optional<BatteryRecord>> batteries;
    private final Clock clock;

    /** @param batteries the registry's battery lookup: which current steps are usable depends on the chemistry */
    public EdgeReductions(DataSource db, AssessmentSchedule schedule,
                          Function<String, Optional<BatteryRecord>> batteries, Clock clock) {
        this.db = db;
        this.schedule = schedule;
        this.batteries = batteries;
        this.clock = clock;
    }

    /** An edge evidence store that reduces what it admits here. */
    public EdgeEvidenceStore evidenceStore() {
        return new EdgeEvidenceStore(db, this);
    }

    /** Which full-rate current steps the assessment's resistance estimate can use (the others are only counted). */
    public static Predicate<EdgeReduction.Step> usableStep(BatteryRecord battery) {
        double low = HealthReducer.minStepVolts(battery);
        return s -> s.seconds() >= 0 && s.seconds() <= EdgeConditions.STEP_MAX_SECONDS && s.cellVolts() >= low
                && s.cellVolts() <= EdgeConditions.STEP_MAX_VOLTS;
    }

    @Override
    public void admitted(Connection c, String battery, List<HealthEvidence> added) throws SQLException {
        Optional<BatteryRecord> record = batteries.apply(battery);
        Predicate<EdgeReduction.Step> usable = record.map(EdgeReductions::usableStep).orElse(s -> false);
        Optional<byte[]> row = lock(c, battery);
        if (row.isPresent()) {
            EdgeReduction next = decode(row.get()).plus(added, usable);
            try (PreparedStatement s = c.prepareStatement("UPDATE edge_reduction SET version = version + 1,"
                    + " records = ?, late_records = ?, reduction = ?, resistance = ?, updated_at = ?"
                    + " WHERE battery = ?")) {
                s.setLong(1, next.records());
                s.setLong(2, next.lateRecords());
                s.setBytes(3, encode(next));
                s.setBytes(4, encodedEstimate(next, record));
                s.setTimestamp(5, Timestamp.from(clock.instant()));
                s.setString(6, battery);
                s.executeUpdate();
            }
        } else {
            // Everything stored of the battery, the rows just inserted included: see the class comment.
            insert(c, battery, EdgeReduction.empty().plus(EdgeEvidenceStore.evidence(c, battery), usable), record);
        }
        schedule.markChanged(c, List.of(battery));
    }

    /**
     * Reduces the stored evidence of every battery that has some but no reduction yet: once at start after an
     * upgrade from a version that did not reduce edge evidence. Returns the batteries reduced.
     */
    public int reduceUnreduced() {
        List<String> codes = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT e.battery FROM edge_evidence e WHERE NOT EXISTS"
                        + " (SELECT 1 FROM edge_reduction r WHERE r.battery = e.battery)");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: finding unreduced edge evidence failed: " + e.getMessage(), e);
        }
        int done = 0;
        for (String code : codes) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (lock(c, code).isEmpty()) {
                        Optional<BatteryRecord> record = batteries.apply(code);
                        Predicate<EdgeReduction.Step> usable = record.map(EdgeReductions::usableStep)
                                .orElse(s -> false);
                        insert(c, code, EdgeReduction.empty().plus(EdgeEvidenceStore.evidence(c, code), usable),
                                record);
                        schedule.markChanged(c, List.of(code));
                        done++;
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    // Made meanwhile by an admission (which folds the whole history too): nothing left to do.
                    LOG.debug("edge evidence of {} reduced by another writer: {}", code, e.toString());
                }
            } catch (SQLException e) {
                throw new IllegalStateException("registry: reducing the edge evidence of " + code + " failed: "
                        + e.getMessage(), e);
            }
        }
        if (done > 0) {
            LOG.info("reduced the stored edge evidence of {} batteries (stored before reduction at arrival)", done);
        }
        return done;
    }

    /** The battery's reduction, or the empty one when the edge reported nothing. */
    public EdgeReduction of(String battery) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT reduction FROM edge_reduction WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? decode(rs.getBytes(1)) : EdgeReduction.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: reading the edge reduction of " + battery + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** A battery's reduction and its full-rate resistance estimate (null: saved before V18), both encoded. */
    public record Stored(byte[] reduction, byte[] resistance) {
        EdgeReduction decoded() {
            return decode(reduction);
        }

        /** The stored estimate, or null when there is none. */
        io.voltrace.analytics.soh.ResistanceEstimate estimate(String battery) {
            return resistance == null ? null : ResistanceCodec.decode(battery, resistance);
        }
    }

    /**
     * The encoded reduction of each of {@code codes} the edge reported for, in one query per 500 codes (the health
     * scheduler's block); decoded when it is assessed.
     */
    public Map<String, Stored> encoded(List<String> codes) {
        Map<String, Stored> found = new HashMap<>();
        try (Connection c = db.getConnection()) {
            for (int from = 0; from < codes.size(); from += ReductionStore.IN_CHUNK) {
                List<String> chunk = codes.subList(from, Math.min(codes.size(), from + ReductionStore.IN_CHUNK));
                try (PreparedStatement s = c.prepareStatement("SELECT battery, reduction, resistance"
                        + " FROM edge_reduction WHERE battery IN (" + Registry.placeholders(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getString(1), new Stored(rs.getBytes(2), rs.getBytes(3)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: reading the edge reductions of " + codes.size()
                    + " batteries failed: " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * Saves a reduction made elsewhere (a tool that generates a battery's history straight into the registry,
     * {@code voltrace bench health}), as the first one of the battery.
     */
    public void saveNew(String battery, EdgeReduction reduction) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                insert(c, battery, reduction, batteries.apply(battery));
                schedule.markChanged(c, List.of(battery));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: saving the edge reduction of " + battery + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The battery's encoded reduction, its row locked until the transaction ends; empty when there is none. */
    private static Optional<byte[]> lock(Connection c, String battery) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT reduction FROM edge_reduction WHERE battery = ? FOR UPDATE")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    private void insert(Connection c, String battery, EdgeReduction r, Optional<BatteryRecord> record)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO edge_reduction (battery, version, records,"
                + " late_records, reduction, resistance, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?)")) {
            s.setString(1, battery);
            s.setLong(2, r.records());
            s.setLong(3, r.lateRecords());
            s.setBytes(4, encode(r));
            s.setBytes(5, encodedEstimate(r, record));
            s.setTimestamp(6, Timestamp.from(clock.instant()));
            s.executeUpdate();
        }
    }

    /**
     * The full-rate resistance estimate of a reduction, stored beside it (V18) so that assessments do not estimate it
     * again; null for a battery not registered (its steps are not usable, and an assessment needs a registration).
     */
    private static byte[] encodedEstimate(EdgeReduction r, Optional<BatteryRecord> battery) {
        return battery.map(b -> ResistanceCodec.encode(EdgeConditions.estimate(r, b))).orElse(null);
    }

    static byte[] encode(EdgeReduction r) {
        return EdgeReductionCodec.encode(r);
    }

    static EdgeReduction decode(byte[] bytes) {
        return EdgeReductionCodec.decode(bytes);
    }
}
