package io.voltrace.ingest.store;

import io.voltrace.common.wire.PackSample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SQL reads of {@code pack_telemetry} over the PostgreSQL wire protocol. One connection, opened lazily, shared by
 * all calls (they are serialized) and reopened after a failure. Calls block: keep them off event loops.
 */
public final class TelemetryReader implements StoredSamples, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(10);

    private static final String SAMPLES_SQL = "SELECT cast(" + TimeSeriesSchema.TS + " AS long), "
            + String.join(", ", TimeSeriesSchema.FIELDS)
            + " FROM " + TimeSeriesSchema.TABLE
            + " WHERE " + TimeSeriesSchema.BATTERY + " = ? AND " + TimeSeriesSchema.TS + " >= ? AND "
            + TimeSeriesSchema.TS + " < ? ORDER BY " + TimeSeriesSchema.TS + " LIMIT ?";
    private static final String COUNT_SQL = "SELECT count() FROM " + TimeSeriesSchema.TABLE
            + " WHERE " + TimeSeriesSchema.BATTERY + " = ?";
    private static final String LATEST_SQL = "SELECT cast(" + TimeSeriesSchema.TS + " AS long) FROM "
            + TimeSeriesSchema.TABLE + " WHERE " + TimeSeriesSchema.BATTERY + " = ? LATEST ON " + TimeSeriesSchema.TS
            + " PARTITION BY " + TimeSeriesSchema.BATTERY;
    private static final String COUNT_ALL_SQL = "SELECT count() FROM " + TimeSeriesSchema.TABLE;
    private static final String DUPLICATES_SQL = "SELECT coalesce(sum(n - 1), 0) FROM (SELECT "
            + TimeSeriesSchema.BATTERY + ", " + TimeSeriesSchema.TS + ", count() n FROM " + TimeSeriesSchema.TABLE
            + " GROUP BY " + TimeSeriesSchema.BATTERY + ", " + TimeSeriesSchema.TS + ") WHERE n > 1";
    private static final String WAL_SQL = "SELECT writerTxn, sequencerTxn, suspended, errorMessage"
            + " FROM wal_tables() WHERE name = ?";

    private final PgEndpoint pg;
    private Connection connection;

    public TelemetryReader(PgEndpoint pg) {
        this.pg = Objects.requireNonNull(pg, "pg");
    }

    /**
     * A battery's samples with {@code from <= ts < to}, oldest first, at most {@code limit}. Fields the store
     * holds no value for come back as NaN.
     */
    public List<PackSample> samples(String battery, Instant from, Instant to, int limit) {
        Objects.requireNonNull(battery, "battery");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (limit == 0 || !from.isBefore(to)) {
            return List.of();
        }
        return query("samples of " + battery, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SAMPLES_SQL)) {
                statement.setString(1, battery);
                // A long compared with a TIMESTAMP is epoch microseconds in QuestDB: no time-zone conversions.
                statement.setLong(2, micros(from));
                statement.setLong(3, micros(to));
                statement.setLong(4, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    List<PackSample> samples = new ArrayList<>();
                    while (rs.next()) {
                        samples.add(sample(rs));
                    }
                    return samples;
                }
            }
        });
    }

    /**
     * One downsampling bucket: {@code count} samples from {@code start} on. Pack voltage, current, SOC and mean cell
     * voltage are averages; the cell-voltage and temperature extremes are the bucket's min of minima and max of
     * maxima (averaging extremes would hide them); the cumulative Ah counters are their last value. NaN where the
     * bucket holds no value.
     */
    public record Bucket(long startMillis, long count, double packVoltage, double packCurrent, double soc,
                         double ahCharged, double ahDischarged, double cellVoltageMin, double cellVoltageMax,
                         double cellVoltageAvg, double tempMin, double tempMax) {
    }

    /** Step of a downsampling query: 1-999 minutes, hours or days, as QuestDB's SAMPLE BY writes it. */
    public static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile("[1-9][0-9]{0,2}[mhd]");

    /**
     * A battery's samples with {@code from <= ts < to} in buckets of {@code step} (e.g. {@code 1m}, {@code 1h},
     * {@code 1d}) aligned to the UTC calendar, oldest first, at most {@code limit}; empty buckets are left out.
     *
     * @throws IllegalArgumentException when the step is not of the {@link #STEP} form
     */
    public List<Bucket> buckets(String battery, Instant from, Instant to, String step, int limit) {
        Objects.requireNonNull(battery, "battery");
        if (step == null || !STEP.matcher(step).matches()) {
            throw new IllegalArgumentException("step must be 1-999 followed by m, h or d (e.g. 1m, 1h, 1d), was '"
                    + step + "'");
        }
        if (limit <= 0 || !from.isBefore(to)) {
            return List.of();
        }
        // The step is spliced in (SAMPLE BY takes no bind variable); STEP above allows only digits and a unit.
        String sql = "SELECT cast(ts AS long), n, v, i, soc, ahc, ahd, cmin, cmax, cavg, tmin, tmax FROM (SELECT "
                + TimeSeriesSchema.TS + ", count() n, avg(pack_voltage) v, avg(pack_current) i, avg(soc) soc,"
                + " last(ah_charged) ahc, last(ah_discharged) ahd, min(cell_v_min) cmin, max(cell_v_max) cmax,"
                + " avg(cell_v_avg) cavg, min(temp_min) tmin, max(temp_max) tmax FROM " + TimeSeriesSchema.TABLE
                + " WHERE " + TimeSeriesSchema.BATTERY + " = ? AND " + TimeSeriesSchema.TS + " >= ? AND "
                + TimeSeriesSchema.TS + " < ? SAMPLE BY " + step + " ALIGN TO CALENDAR) ORDER BY 1 LIMIT ?";
        return query("buckets of " + battery, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, battery);
                statement.setLong(2, micros(from));
                statement.setLong(3, micros(to));
                statement.setLong(4, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    List<Bucket> buckets = new ArrayList<>();
                    while (rs.next()) {
                        buckets.add(new Bucket(rs.getLong(1) / 1000, rs.getLong(2), value(rs, 3), value(rs, 4),
                                value(rs, 5), value(rs, 6), value(rs, 7), value(rs, 8), value(rs, 9),
                                value(rs, 10), value(rs, 11), value(rs, 12)));
                    }
                    return buckets;
                }
            }
        });
    }

    /** Answers a trivial query: the store is reachable. @throws TelemetryStoreException when it is not */
    public void ping() {
        query("ping", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
                return single(statement);
            }
        });
    }

    /**
     * The time of a battery's latest stored sample (epoch ms), or empty when it has none. {@code LATEST ON} reads
     * backwards from the newest partition, so an active battery answers without a scan of its history.
     */
    public java.util.OptionalLong latestMillis(String battery) {
        Objects.requireNonNull(battery, "battery");
        return query("latest sample of " + battery, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(LATEST_SQL)) {
                statement.setString(1, battery);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? java.util.OptionalLong.of(rs.getLong(1) / 1000)
                            : java.util.OptionalLong.empty();
                }
            }
        });
    }

    public long count(String battery) {
        Objects.requireNonNull(battery, "battery");
        return query("count of " + battery, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_SQL)) {
                statement.setString(1, battery);
                return single(statement);
            }
        });
    }

    /** Samples of a battery stored with a time at or before {@code throughMillis} (epoch ms). */
    public long countThrough(String battery, long throughMillis) {
        Objects.requireNonNull(battery, "battery");
        return query("count of " + battery, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_SQL + " AND "
                    + TimeSeriesSchema.TS + " <= ?")) {
                statement.setString(1, battery);
                statement.setLong(2, throughMillis * 1000); // epoch microseconds, as samples() compares
                return single(statement);
            }
        });
    }

    public long countAll() {
        return query("count", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_ALL_SQL)) {
                return single(statement);
            }
        });
    }

    /** Rows beyond the first that share a (battery, ts): 0 while dedup works. Scans the whole table. */
    public long duplicateCount() {
        return query("duplicate count", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(DUPLICATES_SQL)) {
                return single(statement);
            }
        });
    }

    /**
     * Waits until every committed write to {@code pack_telemetry} is applied to the table and so visible to
     * queries: WAL tables apply commits asynchronously.
     *
     * @throws TelemetryStoreException on timeout, or when the store suspended the table after an error
     */
    public void awaitApplied(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            WalState state = walState();
            if (state == null || state.applied()) {
                return;
            }
            if (state.suspended()) {
                throw new TelemetryStoreException(TimeSeriesSchema.TABLE + " is suspended: " + state.error());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TelemetryStoreException(TimeSeriesSchema.TABLE + " not applied within " + timeout
                        + ": writer at txn " + state.writerTxn() + ", sequencer at " + state.sequencerTxn());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TelemetryStoreException("interrupted while waiting for " + TimeSeriesSchema.TABLE, e);
            }
        }
    }

    /**
     * Waits until every write committed before this call is visible to queries (later ones may still be applying):
     * unlike {@link #awaitApplied}, it ends under continuous load. Returns false on timeout.
     */
    public boolean awaitCommittedSoFar(Duration timeout) {
        WalState start = walState();
        if (start == null || start.applied()) {
            return true;
        }
        long target = start.sequencerTxn();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            WalState state = walState();
            if (state == null || state.writerTxn() >= target) {
                return true;
            }
            if (state.suspended()) {
                throw new TelemetryStoreException(TimeSeriesSchema.TABLE + " is suspended: " + state.error());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private record WalState(long writerTxn, long sequencerTxn, boolean suspended, String error) {
        boolean applied() {
            return writerTxn >= sequencerTxn;
        }
    }

    /** Null when the table does not exist (nothing to wait for). */
    private WalState walState() {
        return query("WAL state", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(WAL_SQL)) {
                statement.setString(1, TimeSeriesSchema.TABLE);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next()
                            ? new WalState(rs.getLong(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4))
                            : null;
                }
            }
        });
    }

    private static PackSample sample(ResultSet rs) throws SQLException {
        return new PackSample(rs.getLong(1) / 1000,
                value(rs, 2), value(rs, 3), value(rs, 4), value(rs, 5), value(rs, 6),
                value(rs, 7), value(rs, 8), value(rs, 9), value(rs, 10), value(rs, 11));
    }

    private static double value(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Epoch microseconds, clamped to what a QuestDB timestamp can hold (Long.MIN_VALUE means null there). */
    static long micros(Instant instant) {
        try {
            return Math.max(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1000), Long.MIN_VALUE + 1);
        } catch (ArithmeticException overflow) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection connection) throws SQLException;
    }

    private synchronized <T> T query(String what, Query<T> query) {
        try {
            if (connection == null) {
                connection = pg.connect();
            }
            return query.run(connection);
        } catch (SQLException e) {
            // The connection may be broken (store restarted): start afresh on the next call.
            closeConnection();
            throw new TelemetryStoreException("cannot read " + what + " from " + pg.jdbcUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; nothing more to release.
            } finally {
                connection = null;
            }
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
