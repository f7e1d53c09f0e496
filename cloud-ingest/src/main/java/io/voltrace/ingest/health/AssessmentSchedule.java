package io.voltrace.ingest.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Which batteries' evidence changed since they were last assessed, and which replica assesses each now
 * ({@code health_schedule}). A replica takes a battery by one conditional UPDATE of its lease row (free, expired, or
 * already its own): on H2 and PostgreSQL alike that UPDATE is atomic per row, so two replicas on one registry never
 * both hold it. A replica that dies keeps its leases only until they expire.
 */
public final class AssessmentSchedule {
    private final DataSource db;

    public AssessmentSchedule(DataSource db) {
        this.db = db;
    }

    /** Marks batteries' evidence changed (their row is made if missing). Safe to call from several replicas. */
    public void markChanged(Collection<String> batteries) {
        if (batteries.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection()) {
            markChanged(c, batteries);
        } catch (SQLException e) {
            throw new IllegalStateException("registry: marking evidence changed failed: " + e.getMessage(), e);
        }
    }

    /** As {@link #markChanged(Collection)}, inside the caller's transaction. */
    void markChanged(Connection c, Collection<String> batteries) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE health_schedule SET changes = changes + 1 WHERE battery = ?")) {
            for (String b : batteries) {
                up.setString(1, b);
                if (up.executeUpdate() == 0) {
                    insert(c, b);
                }
            }
        }
    }

    private static void insert(Connection c, String battery) throws SQLException {
        // Two replicas may race to make the row: the loser's insert fails on the key and it bumps instead.
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO health_schedule (battery, changes, assessed_changes) SELECT ?, 1, 0"
                        + " WHERE NOT EXISTS (SELECT 1 FROM health_schedule WHERE battery = ?)")) {
            ins.setString(1, battery);
            ins.setString(2, battery);
            if (ins.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE health_schedule SET changes = changes + 1 WHERE battery = ?")) {
            up.setString(1, battery);
            up.executeUpdate();
        }
    }

    /**
     * Batteries after {@code afterCode} (code order) whose evidence changed since their last assessment and that
     * nobody holds now.
     */
    public List<String> due(long nowMs, String afterCode, int limit) {
        List<String> due = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT battery FROM health_schedule WHERE battery > ? AND changes > assessed_changes"
                        + " AND (lease_owner IS NULL OR lease_until_ms < ?) ORDER BY battery")) {
            s.setString(1, afterCode);
            s.setLong(2, nowMs);
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: reading due assessments failed: " + e.getMessage(), e);
        }
        return due;
    }

    /**
     * Takes the battery's lease until {@code untilMs} when it is free, expired or already {@code owner}'s; returns
     * the change count the assessment will cover, or empty when another replica holds it. A battery never marked gets
     * its row here, so a requested assessment is leased like a scheduled one.
     */
    public OptionalLong tryLease(String battery, String owner, long nowMs, long untilMs) {
        return tryLease(battery, owner, nowMs, untilMs, false);
    }

    /**
     * As {@link #tryLease(String, String, long, long)}; with {@code onlyIfDue} the lease is taken only while the
     * battery's evidence changed since its last assessment (a round does not assess again what another replica just
     * did).
     */
    public OptionalLong tryLease(String battery, String owner, long nowMs, long untilMs, boolean onlyIfDue) {
        try (Connection c = db.getConnection()) {
            insertIfMissing(c, battery);
            try (PreparedStatement s = c.prepareStatement("UPDATE health_schedule SET lease_owner = ?,"
                    + " lease_until_ms = ? WHERE battery = ? AND (lease_owner IS NULL OR lease_until_ms < ?"
                    + " OR lease_owner = ?)" + (onlyIfDue ? " AND changes > assessed_changes" : ""))) {
                s.setString(1, owner);
                s.setLong(2, untilMs);
                s.setString(3, battery);
                s.setLong(4, nowMs);
                s.setString(5, owner);
                if (s.executeUpdate() != 1) {
                    return OptionalLong.empty();
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT changes FROM health_schedule WHERE battery = ?")) {
                s.setString(1, battery);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return OptionalLong.of(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: leasing " + battery + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Leases, in one conditional UPDATE, every battery in code order after {@code afterCode} up to and including
     * {@code throughCode} that is due (its evidence changed since its last assessment) and free, expired or already
     * {@code owner}'s: the block a round assesses next. The condition is {@link #tryLease}'s, evaluated per row by the
     * database, so of two replicas leasing overlapping blocks each battery goes to one. {@code owner} must be this
     * attempt's own token: the rows that carry it afterwards are exactly the ones leased. Returns each leased
     * battery's change count (what its assessment will cover), in code order.
     */
    public LinkedHashMap<String, Long> leaseBlock(String afterCode, String throughCode, String owner, long nowMs,
                                                  long untilMs) {
        LinkedHashMap<String, Long> leased = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE health_schedule SET lease_owner = ?,"
                    + " lease_until_ms = ? WHERE battery > ? AND battery <= ? AND changes > assessed_changes"
                    + " AND (lease_owner IS NULL OR lease_until_ms < ? OR lease_owner = ?)")) {
                s.setString(1, owner);
                s.setLong(2, untilMs);
                s.setString(3, afterCode);
                s.setString(4, throughCode);
                s.setLong(5, nowMs);
                s.setString(6, owner);
                if (s.executeUpdate() == 0) {
                    return leased;
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT battery, changes FROM health_schedule"
                    + " WHERE battery > ? AND battery <= ? AND lease_owner = ? ORDER BY battery")) {
                s.setString(1, afterCode);
                s.setString(2, throughCode);
                s.setString(3, owner);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        leased.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return leased;
        } catch (SQLException e) {
            throw new IllegalStateException("registry: leasing the batteries after " + afterCode + " through "
                    + throughCode + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Gives back a block's leases in one batch and one transaction, recording for each battery the changes its
     * assessment covered (a null value: it failed or was not reached, nothing is recorded and it stays due). Only the
     * holder can release, as {@link #release}.
     */
    public void releaseBlock(String owner, Map<String, Long> changesCovered) {
        if (changesCovered.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement assessed = c.prepareStatement("UPDATE health_schedule SET lease_owner = NULL,"
                    + " lease_until_ms = NULL, assessed_changes = CASE WHEN assessed_changes > ? THEN"
                    + " assessed_changes ELSE ? END WHERE battery = ? AND lease_owner = ?");
                 PreparedStatement free = c.prepareStatement("UPDATE health_schedule SET lease_owner = NULL,"
                         + " lease_until_ms = NULL WHERE battery = ? AND lease_owner = ?")) {
                boolean anyAssessed = false;
                boolean anyFree = false;
                for (Map.Entry<String, Long> e : changesCovered.entrySet()) {
                    if (e.getValue() == null) {
                        free.setString(1, e.getKey());
                        free.setString(2, owner);
                        free.addBatch();
                        anyFree = true;
                    } else {
                        assessed.setLong(1, e.getValue());
                        assessed.setLong(2, e.getValue());
                        assessed.setString(3, e.getKey());
                        assessed.setString(4, owner);
                        assessed.addBatch();
                        anyAssessed = true;
                    }
                }
                if (anyAssessed) {
                    assessed.executeBatch();
                }
                if (anyFree) {
                    free.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: releasing " + changesCovered.size() + " batteries of "
                    + owner + " failed: " + e.getMessage(), e);
        }
    }

    private static void insertIfMissing(Connection c, String battery) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO health_schedule (battery, changes, assessed_changes) SELECT ?, 0, 0"
                        + " WHERE NOT EXISTS (SELECT 1 FROM health_schedule WHERE battery = ?)")) {
            ins.setString(1, battery);
            ins.setString(2, battery);
            ins.executeUpdate();
        } catch (SQLException e) {
            // Another replica made it at the same moment: the row is there, which is all we need.
            if (!exists(c, battery)) {
                throw e;
            }
        }
    }

    private static boolean exists(Connection c, String battery) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM health_schedule WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Frees every lease a replica of this name held: called when it starts, for what a kill left behind (each lease
     * owner is the replica's name, a slash, and the attempt's number). Returns how many were freed.
     */
    public int releaseAllOf(String replica) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE health_schedule SET lease_owner = NULL, lease_until_ms = NULL WHERE lease_owner LIKE ?")) {
            s.setString(1, replica.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%");
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("registry: freeing the leases of " + replica + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Gives the lease back and records that the evidence up to {@code changesCovered} is assessed (null: the
     * assessment failed, nothing is recorded and the battery stays due). Only the holder can release.
     */
    public void release(String battery, String owner, Long changesCovered) {
        String sql = changesCovered == null
                ? "UPDATE health_schedule SET lease_owner = NULL, lease_until_ms = NULL WHERE battery = ?"
                + " AND lease_owner = ?"
                : "UPDATE health_schedule SET lease_owner = NULL, lease_until_ms = NULL,"
                + " assessed_changes = CASE WHEN assessed_changes > ? THEN assessed_changes ELSE ? END"
                + " WHERE battery = ? AND lease_owner = ?";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (changesCovered != null) {
                s.setLong(i++, changesCovered);
                s.setLong(i++, changesCovered);
            }
            s.setString(i++, battery);
            s.setString(i, owner);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("registry: releasing " + battery + " failed: " + e.getMessage(), e);
        }
    }
}
