package io.voltrace.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The {@code pack_telemetry} table: one row per battery and sample time. It is a WAL table deduplicated on
 * (ts, battery), so a redelivered batch overwrites its own rows instead of doubling them.
 */
public final class TimeSeriesSchema {

    public static final String TABLE = "pack_telemetry";
    public static final String TS = "ts";
    public static final String BATTERY = "battery";
    public static final String DEVICE = "device";

    /** Field columns, in {@link io.voltrace.common.wire.PackSample} component order. */
    public static final List<String> FIELDS = List.of(
            "pack_voltage", "pack_current", "soc", "ah_charged", "ah_discharged",
            "cell_v_min", "cell_v_max", "cell_v_avg", "temp_min", "temp_max");

    private TimeSeriesSchema() {
    }

    static String createTableSql() {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(TABLE).append(" (")
                .append(TS).append(" TIMESTAMP, ")
                .append(BATTERY).append(" SYMBOL, ")
                .append(DEVICE).append(" SYMBOL");
        for (String field : FIELDS) {
            sql.append(", ").append(field).append(" DOUBLE");
        }
        return sql.append(") TIMESTAMP(").append(TS).append(") PARTITION BY DAY WAL")
                .append(" DEDUP UPSERT KEYS(").append(TS).append(", ").append(BATTERY).append(')')
                .toString();
    }

    /** Creates the table if missing; fails if an existing one would keep duplicates. Idempotent. */
    public static void ensure(PgEndpoint pg) {
        try (Connection connection = pg.connect()) {
            ensure(connection);
        } catch (SQLException e) {
            throw new TelemetryStoreException("cannot create " + TABLE + " at " + pg.jdbcUrl(), e);
        }
    }

    public static void ensure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(createTableSql());
        }
        verify(connection);
    }

    /** A table auto-created by an early line-protocol write has no dedup and another timestamp column. */
    private static void verify(Connection connection) throws SQLException {
        String sql = "SELECT designatedTimestamp, walEnabled, dedup FROM tables() WHERE table_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, TABLE);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(TABLE + " was not created");
                }
                String designated = rs.getString(1);
                if (!TS.equals(designated) || !rs.getBoolean(2) || !rs.getBoolean(3)) {
                    throw new IllegalStateException(TABLE + " exists but is not a WAL table deduplicated on ("
                            + TS + ", " + BATTERY + ") (designated timestamp " + designated + ", wal "
                            + rs.getBoolean(2) + ", dedup " + rs.getBoolean(3)
                            + "); it was probably auto-created by a write: drop it and let voltrace create it");
                }
            }
        }
    }
}
