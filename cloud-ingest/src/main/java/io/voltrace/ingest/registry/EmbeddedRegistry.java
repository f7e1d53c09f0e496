package io.voltrace.ingest.registry;

import io.voltrace.ingest.installation.InstallationSecret;
import io.voltrace.ingest.store.Durability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The registry as an H2 file under the ingest's data folder, opened only with this installation's generated password
 * ({@link #SECRET_FILE}, mode 0600); the folder is made 0700 and the database files 0600, so other local users can
 * neither open it with empty credentials nor copy the file. A registry created before this (empty user and password)
 * is given the password on its first start with this code.
 */
public final class EmbeddedRegistry {

    public static final String USER = "VOLTRACE";
    public static final String SECRET_FILE = "registry.secret";
    private static final String NAME = "registry";
    /** H2's error code for a wrong user name or password. */
    private static final int WRONG_CREDENTIALS = 28000;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistry.class);

    /** How to connect: the JDBC URL with its durability settings, the user and the generated password. */
    public record Access(String url, String user, String password) {
        @Override
        public String toString() {
            return "EmbeddedRegistry.Access[" + url + ", user=" + user + "]";
        }
    }

    private EmbeddedRegistry() {
    }

    public static Registry open(Path dataDir) {
        return open(dataDir, Durability.DEFAULT);
    }

    /** Prepares (see {@link #prepare}) and opens the registry under {@code dataDir}. */
    public static Registry open(Path dataDir, Durability durability) {
        Access access = prepare(dataDir, durability);
        Registry registry = Registry.open(access.url(), access.user(), access.password());
        restrictFiles(dataDir);
        return registry;
    }

    /**
     * Creates the secret if there is none, sets it on an older registry that still has empty credentials, and
     * restricts the folder and files to their owner.
     */
    public static Access prepare(Path dataDir, Durability durability) {
        Path dir = dataDir.toAbsolutePath().normalize();
        InstallationSecret secret = InstallationSecret.readOrCreate(dir.resolve(SECRET_FILE));
        String url = "jdbc:h2:file:" + dir.resolve(NAME) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY="
                + durability.h2WriteDelayMillis();
        Access access = new Access(url, USER, secret.value());
        if (Files.exists(dir.resolve(NAME + ".mv.db"))) {
            setPasswordOnLegacyFile(access);
        }
        restrictFiles(dir);
        return access;
    }

    /** An H2 file made before #16 opens with empty credentials: give it the user and password, drop the old user. */
    private static void setPasswordOnLegacyFile(Access access) {
        try (Connection ok = DriverManager.getConnection(access.url(), access.user(), access.password())) {
            return;
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_CREDENTIALS) {
                throw new RegistryException("cannot open the registry " + access.url() + ": " + e.getMessage()
                        + " (is another process using it?)", e);
            }
        }
        try (Connection legacy = DriverManager.getConnection(access.url(), "", "");
             Statement s = legacy.createStatement()) {
            // A password literal: the generated secret is base64url, so it cannot break out of the quotes.
            s.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD '" + access.password() + "' ADMIN");
        } catch (SQLException e) {
            throw new RegistryException("the registry " + access.url() + " opens neither with this installation's"
                    + " password (" + SECRET_FILE + ") nor with empty credentials: restore the " + SECRET_FILE
                    + " that belongs to it, or set registry.user/registry.password", e);
        }
        try (Connection c = DriverManager.getConnection(access.url(), access.user(), access.password());
             Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS \"\"");
        } catch (SQLException e) {
            throw new RegistryException("cannot remove the registry's empty-password user: " + e.getMessage(), e);
        }
        LOG.warn("the registry {} had empty credentials; it now needs user {} with the password in {} (owner only)",
                access.url(), USER, SECRET_FILE);
    }

    /** Owner-only folder and database files; H2 creates its files with the process umask (often 0644). */
    private static void restrictFiles(Path dir) {
        try {
            InstallationSecret.restrict(dir, InstallationSecret.OWNER_ONLY_DIR);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, NAME + ".*")) {
                for (Path file : files) {
                    if (Files.isRegularFile(file)) {
                        InstallationSecret.restrict(file, InstallationSecret.OWNER_ONLY_FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict " + dir + " to its owner: " + e.getMessage(), e);
        }
    }
}
