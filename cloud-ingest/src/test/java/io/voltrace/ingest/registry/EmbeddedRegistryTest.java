package io.voltrace.ingest.registry;

import io.voltrace.ingest.store.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #16: the embedded H2 registry (which also holds the ledger and device secrets' hashes) had empty credentials
 * and a world-readable file.
 */
class EmbeddedRegistryTest {

    @TempDir
    Path dir;

    @Test
    void aNewRegistryNeedsTheGeneratedPasswordAndIsOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        try (Registry registry = EmbeddedRegistry.open(data)) {
            registry.registerDevice("dev-1", "s1".toCharArray());
        }
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.resolve(EmbeddedRegistry.SECRET_FILE))).isEqualTo("rw-------");
        assertThat(mode(data.resolve("registry.mv.db"))).isEqualTo("rw-------");
        assertRefused(url(data), "", "");
        assertRefused(url(data), "sa", "");
        assertRefused(url(data), EmbeddedRegistry.USER, "");

        try (Registry again = EmbeddedRegistry.open(data)) {
            assertThat(again.authenticate("dev-1", "s1".toCharArray())).isTrue();
        }
    }

    @Test
    void anOlderRegistryWithEmptyCredentialsOpensAndGetsThePassword() throws Exception {
        Path data = dir.resolve("old");
        Files.createDirectories(data);
        // As every version before #16 made it: empty user and password, umask permissions.
        try (Registry old = Registry.open(url(data), null, null)) {
            old.registerDevice("dev-old", "s-old".toCharArray());
        }
        try (Connection stillOpen = DriverManager.getConnection(url(data), "", "")) {
            assertThat(stillOpen.isValid(1)).isTrue();
        }

        try (Registry migrated = EmbeddedRegistry.open(data)) {
            assertThat(migrated.authenticate("dev-old", "s-old".toCharArray())).isTrue();
        }
        assertRefused(url(data), "", "");
        assertThat(mode(data.resolve("registry.mv.db"))).isEqualTo("rw-------");
        try (Registry reopened = EmbeddedRegistry.open(data)) {
            assertThat(reopened.authenticate("dev-old", "s-old".toCharArray())).isTrue();
        }
    }

    @Test
    void aRegistryWhosePasswordFileWasLostSaysWhatToDo() throws Exception {
        Path data = dir.resolve("lost");
        EmbeddedRegistry.open(data).close();
        Files.delete(data.resolve(EmbeddedRegistry.SECRET_FILE));
        assertThatThrownBy(() -> EmbeddedRegistry.open(data))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("restore the " + EmbeddedRegistry.SECRET_FILE);
    }

    @Test
    void durabilityReachesH2() throws Exception {
        Path data = dir.resolve("d");
        try (Registry sync = EmbeddedRegistry.open(data, Durability.SYNC)) {
            assertThat(writeDelay(sync)).isEqualTo("0");
        }
        // H2 keeps WRITE_DELAY in the file: the default mode must set it back.
        try (Registry normal = EmbeddedRegistry.open(data, Durability.DEFAULT)) {
            assertThat(writeDelay(normal)).isEqualTo("500");
        }
        try (Registry byUrl = Registry.open(url(dir.resolve("e")), null, null, Durability.SYNC)) {
            assertThat(writeDelay(byUrl)).isEqualTo("0");
        }
    }

    static String writeDelay(Registry registry) throws SQLException {
        try (Connection c = registry.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }

    private static void assertRefused(String url, String user, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, user, password).close())
                .as("%s with user '%s' and password '%s'", url, user, password)
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Wrong user name or password");
    }

    private static String url(Path data) {
        return "jdbc:h2:file:" + data.resolve("registry").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
