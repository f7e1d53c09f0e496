package io.voltrace.ingest.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.voltrace.ingest.registry.Registry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh, migrated registry for one test: H2 in memory, or PostgreSQL at 127.0.0.1:5432 in a schema of its own
 * that is dropped on close. PostgreSQL is skipped, with the reason, only when it is down.
 */
public final class TestRegistries implements AutoCloseable {
    public enum Backend { H2, POSTGRESQL }

    private static final Logger LOG = LoggerFactory.getLogger(TestRegistries.class);
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String PG_USER = "postgres";
    private static String pgUnreachable;

    private final Backend backend;
    private final String url;
    private final String schema;
    private final Registry registry;

    private TestRegistries(Backend backend) throws SQLException {
        this.backend = backend;
        if (backend == Backend.H2) {
            url = "jdbc:h2:mem:registry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            schema = null;
            registry = Registry.open(url, "sa", null);
        } else {
            String reason = pgUnreachable();
            assumeTrue(reason == null, () -> "SKIPPED: PostgreSQL at " + PG_URL + " unreachable: " + reason);
            schema = "vt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = pgAdmin(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            url = PG_URL + "?currentSchema=" + schema;
            registry = Registry.open(url, PG_USER, null);
        }
    }

    public static TestRegistries open(Backend backend) throws SQLException {
        return new TestRegistries(backend);
    }

    public Registry registry() {
        return registry;
    }

    /** The database user the registry was opened with. */
    public String user() {
        return backend == Backend.H2 ? "sa" : PG_USER;
    }

    public String url() {
        return url;
    }

    @Override
    public void close() throws SQLException {
        registry.close();
        if (backend == Backend.H2) {
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        } else {
            try (Connection c = pgAdmin(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static synchronized String pgUnreachable() {
        if (pgUnreachable == null) {
            try (Connection c = pgAdmin()) {
                pgUnreachable = c.isValid(3) ? "" : "connection not valid";
            } catch (SQLException e) {
                pgUnreachable = e.getMessage();
                LOG.warn("PostgreSQL tests SKIPPED: {} unreachable: {}", PG_URL, e.getMessage());
            }
        }
        return pgUnreachable.isEmpty() ? null : pgUnreachable;
    }

    private static Connection pgAdmin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", PG_USER);
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(PG_URL, props);
    }
}
