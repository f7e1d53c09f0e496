package io.voltrace.ingest.registry;

import io.voltrace.common.wire.HealthEvidence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code edge_evidence} table (migration V6): insulation readings and BMS fault events sent by edge agents.
 * Storing is idempotent: a message that arrives again (a redelivery after a lost acknowledgement, or the edge sending
 * its spool again after a restart) matches the stored row by battery, type, name and time and changes nothing.
 * Blocking JDBC: keep calls off event loops. Thread-safe.
 */
public final class EdgeEvidenceStore {
    /** SQLSTATE of a unique-constraint violation, on PostgreSQL and H2 alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "battery, device, ts_ms, kind, name, active, insulation_kohm, pack_voltage,"
            + " end_ts_ms, extreme, ohms, from_amps, to_amps, seconds, temp_c, cell_volts, bms_soh, bms_capacity_ah";

    /**
     * SQLSTATEs of a transaction that lost a race with another writer and may simply run again: a key stored
     * meanwhile, a serialization failure or deadlock (PostgreSQL), a concurrent update or lock timeout (H2).
     */
    private static final java.util.Set<String> RETRYABLE = java.util.Set.of(UNIQUE_VIOLATION, "40001", "40P01",
            "90131", "HYT00");
    private static final int ATTEMPTS = 5;

    /**
     * Told, inside the transaction that stored them, of the records of one battery that were new: whoever reduces
     * edge evidence as it arrives (the health reduction) folds exactly those, so that a record is reduced once
     * however often it is sent, and never without being stored (or stored without being reduced).
     */
    @FunctionalInterface
    public interface Admission {
        Admission NONE = (connection, battery, added) -> { };

        void admitted(Connection connection, String battery, List<HealthEvidence> added) throws SQLException;
    }

    private final DataSource dataSource;
    private final Admission admission;

    /** A store that only stores (and reads): nothing is told of what is admitted. */
    public EdgeEvidenceStore(DataSource dataSource) {
        this(dataSource, Admission.NONE);
    }

    public EdgeEvidenceStore(DataSource dataSource, Admission admission) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    /**
     * Stores each piece unless it is stored already; returns how many were new. Each battery's pieces commit
     * together with what the {@link Admission} does with the new ones; a transaction that lost a race with another
     * intake instance storing the same pieces runs again (and then finds them stored).
     *
     * @throws RegistryException when the database refuses (the caller keeps the acknowledgement and retries)
     */
    public int addAll(List<HealthEvidence> evidence, Instant receivedAt) {
        java.util.Map<String, List<HealthEvidence>> byBattery = new java.util.LinkedHashMap<>();
        for (HealthEvidence e : evidence) {
            byBattery.computeIfAbsent(e.battery(), b -> new ArrayList<>()).add(e);
        }
        int added = 0;
        for (java.util.Map.Entry<String, List<HealthEvidence>> one : byBattery.entrySet()) {
            added += addBattery(one.getKey(), one.getValue(), receivedAt);
        }
        return added;
    }

    private int addBattery(String battery, List<HealthEvidence> evidence, Instant receivedAt) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    List<HealthEvidence> added = insertNew(c, evidence, receivedAt);
                    if (!added.isEmpty()) {
                        admission.admitted(c, battery, added);
                    }
                    c.commit();
                    return added.size();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && RETRYABLE.contains(e.getSQLState())) {
                    continue; // another writer stored some of them meanwhile: they are found stored this time
                }
                throw new RegistryException("cannot store " + evidence.size() + " edge evidence records of "
                        + battery + ": " + e.getMessage(), e);
            }
        }
    }

    /** Inserts the pieces not stored yet, in the caller's transaction; returns those it inserted, in order. */
    private static List<HealthEvidence> insertNew(Connection c, List<HealthEvidence> evidence, Instant receivedAt)
            throws SQLException {
        String sql = "INSERT INTO edge_evidence (" + COLUMNS + ", received_at)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (VALUES (0)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM"
                + " edge_evidence WHERE battery = ? AND kind = ? AND name = ? AND ts_ms = ?)";
        List<HealthEvidence> added = new ArrayList<>();
        // The same piece twice in one message list: stored (and reduced) once.
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (HealthEvidence e : evidence) {
                String name = e.name() == null ? "" : e.name();
                if (!seen.add(List.of(e.type(), name, e.ts()))) {
                    continue;
                }
                s.setString(1, e.battery());
                s.setString(2, e.device());
                s.setLong(3, e.ts());
                s.setString(4, e.type().name());
                s.setString(5, name);
                s.setObject(6, e.active());
                s.setObject(7, e.insulationKohm());
                s.setObject(8, e.packVoltage());
                s.setObject(9, e.endTs());
                s.setObject(10, e.extreme());
                s.setObject(11, e.ohms());
                s.setObject(12, e.fromAmps());
                s.setObject(13, e.toAmps());
                s.setObject(14, e.seconds());
                s.setObject(15, e.tempC());
                s.setObject(16, e.cellVolts());
                s.setObject(17, e.soh());
                s.setObject(18, e.capacityAh());
                s.setObject(19, receivedAt.atOffset(ZoneOffset.UTC));
                s.setString(20, e.battery());
                s.setString(21, e.type().name());
                s.setString(22, name);
                s.setLong(23, e.ts());
                if (s.executeUpdate() == 1) {
                    added.add(e);
                }
            }
        }
        return added;
    }

    /** A battery's evidence of one type, oldest first. */
    public List<HealthEvidence> evidence(String battery, HealthEvidence.Type type) {
        return evidence(battery, Objects.requireNonNull(type, "type"), Instant.EPOCH,
                Instant.ofEpochMilli(Long.MAX_VALUE), Integer.MAX_VALUE);
    }

    /**
     * A battery's evidence with {@code from <= ts < to}, of one type or (null) of every type, oldest first, at most
     * {@code limit} records.
     */
    public List<HealthEvidence> evidence(String battery, HealthEvidence.Type type, Instant from, Instant to,
                                         int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be ≥ 1, was " + limit);
        }
        try (Connection c = dataSource.getConnection()) {
            return evidence(c, battery, type, from, to, limit);
        } catch (SQLException e) {
            throw new RegistryException("cannot read edge evidence of " + battery + ": " + e.getMessage(), e);
        }
    }

    /** A battery's whole stored evidence, oldest first, as the caller's transaction sees it. */
    public static List<HealthEvidence> evidence(Connection c, String battery) throws SQLException {
        return evidence(c, battery, null, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE), Integer.MAX_VALUE);
    }

    private static List<HealthEvidence> evidence(Connection c, String battery, HealthEvidence.Type type, Instant from,
                                                 Instant to, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM edge_evidence WHERE battery = ? AND ts_ms >= ? AND ts_ms < ?"
                + (type == null ? "" : " AND kind = ?") + " ORDER BY ts_ms, id FETCH FIRST " + limit + " ROWS ONLY"; // an int: safe inline
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, battery);
            s.setLong(i++, from.toEpochMilli());
            s.setLong(i++, to.toEpochMilli());
            if (type != null) {
                s.setString(i, type.name());
            }
            List<HealthEvidence> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        }
    }

    /** A battery's latest evidence of one type (by its time), if any. */
    public java.util.Optional<HealthEvidence> latest(String battery, HealthEvidence.Type type) {
        String sql = "SELECT " + COLUMNS + " FROM edge_evidence WHERE battery = ? AND kind = ?"
                + " ORDER BY ts_ms DESC, id DESC FETCH FIRST 1 ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, battery);
            s.setString(2, Objects.requireNonNull(type, "type").name());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? java.util.Optional.of(row(r)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot read the latest " + type + " of " + battery + ": " + e.getMessage(),
                    e);
        }
    }

    /** How many records of each type a battery has with {@code from <= ts < to}; every type is present (maybe 0). */
    public Map<HealthEvidence.Type, Long> counts(String battery, Instant from, Instant to) {
        String sql = "SELECT kind, COUNT(*) FROM edge_evidence WHERE battery = ? AND ts_ms >= ? AND ts_ms < ?"
                + " GROUP BY kind";
        Map<HealthEvidence.Type, Long> out = new EnumMap<>(HealthEvidence.Type.class);
        for (HealthEvidence.Type t : HealthEvidence.Type.values()) {
            out.put(t, 0L);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, battery);
            s.setLong(2, from.toEpochMilli());
            s.setLong(3, to.toEpochMilli());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(HealthEvidence.Type.valueOf(r.getString(1)), r.getLong(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new RegistryException("cannot count edge evidence of " + battery + ": " + e.getMessage(), e);
        }
    }

    /** One row of {@link #COLUMNS}, as the edge sent it. */
    private static HealthEvidence row(ResultSet r) throws SQLException {
        String name = r.getString(5);
        return new HealthEvidence(HealthEvidence.SCHEMA_VERSION, r.getString(2), r.getString(1), r.getLong(3),
                HealthEvidence.Type.valueOf(r.getString(4)), name.isEmpty() ? null : name,
                r.getObject(6) == null ? null : r.getBoolean(6), nullableDouble(r, 7), nullableDouble(r, 8),
                nullableLong(r, 9), nullableDouble(r, 10), nullableDouble(r, 11), nullableDouble(r, 12),
                nullableDouble(r, 13), nullableDouble(r, 14), nullableDouble(r, 15), nullableDouble(r, 16),
                nullableDouble(r, 17), nullableDouble(r, 18));
    }

    private static Long nullableLong(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }
}
