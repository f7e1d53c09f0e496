package io.voltrace.ingest.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code implausible_sample} table (migration V12): which stored samples broke a plausibility rule, and why.
 * Marking is idempotent (a batch delivered again marks nothing new). Blocking JDBC: keep calls off event loops.
 * Thread-safe.
 */
public final class PlausibilityStore {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_REASONS = 1000;

    /** One marked sample. */
    public record Mark(String battery, long tsMillis, String reasons) {
    }

    private final DataSource dataSource;

    public PlausibilityStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Marks samples; returns how many marks were new. */
    public int mark(Iterable<Mark> marks, Instant receivedAt) {
        String sql = "INSERT INTO implausible_sample (battery, ts_ms, reasons, received_at)"
                + " SELECT ?, ?, ?, ? FROM (VALUES (0)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM implausible_sample WHERE battery = ? AND ts_ms = ?)";
        int added = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            for (Mark m : marks) {
                String reasons = m.reasons().length() > MAX_REASONS ? m.reasons().substring(0, MAX_REASONS)
                        : m.reasons();
                s.setString(1, m.battery());
                s.setLong(2, m.tsMillis());
                s.setString(3, reasons);
                s.setObject(4, receivedAt.atOffset(ZoneOffset.UTC));
                s.setString(5, m.battery());
                s.setLong(6, m.tsMillis());
                try {
                    added += s.executeUpdate();
                } catch (SQLException ex) {
                    if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
                        throw ex;
                    }
                }
            }
            return added;
        } catch (SQLException e) {
            throw new RegistryException("cannot mark implausible samples: " + e.getMessage(), e);
        }
    }

    /** The marked samples of a battery between two times (epoch ms, inclusive), oldest first: time to reasons. */
    public Map<Long, String> marked(String battery, long fromMillis, long toMillis) {
        String sql = "SELECT ts_ms, reasons FROM implausible_sample WHERE battery = ? AND ts_ms BETWEEN ? AND ?"
                + " ORDER BY ts_ms";
        Map<Long, String> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, battery);
            s.setLong(2, fromMillis);
            s.setLong(3, toMillis);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getLong(1), r.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new RegistryException("cannot read implausible samples of " + battery + ": " + e.getMessage(), e);
        }
    }

    /** How many samples of the battery are marked. */
    public long count(String battery) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM implausible_sample WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot count implausible samples of " + battery + ": " + e.getMessage(), e);
        }
    }
}
