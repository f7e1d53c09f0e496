package io.voltrace.ingest.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where to reach a time-series store over the PostgreSQL wire protocol (QuestDB's SQL side).
 *
 * @param jdbcUrl  e.g. {@code jdbc:postgresql://127.0.0.1:8812/qdb}
 * @param user     e.g. {@code admin}
 * @param password e.g. {@code quest}
 */
public record PgEndpoint(String jdbcUrl, String user, String password) {

    /** Bounds connecting and every statement, so a stalled store fails a call instead of hanging it. */
    private static final String CONNECT_TIMEOUT_S = "5";
    private static final String SOCKET_TIMEOUT_S = "120";

    public PgEndpoint {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", CONNECT_TIMEOUT_S);
        props.setProperty("socketTimeout", SOCKET_TIMEOUT_S);
        // QuestDB OSS has no TLS on PG wire: skip the SSL probe round trip.
        props.setProperty("sslmode", "disable");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    @Override
    public String toString() {
        return "PgEndpoint[" + jdbcUrl + ", user=" + user + "]";
    }
}
