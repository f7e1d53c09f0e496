package io.voltrace.ingest.registry;

import io.voltrace.ingest.store.Durability;
import io.voltrace.ingest.testing.TestRegistries;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code store.durability = sync} reaches a PostgreSQL registry's sessions even where the URL turned it off (#16). */
class RegistryDurabilityTest {

    @Test
    void syncModeRunsPostgresSessionsWithSynchronousCommit() throws Exception {
        try (TestRegistries pg = TestRegistries.open(TestRegistries.Backend.POSTGRESQL)) {
            // A tuned server or URL may turn synchronous_commit off; sync mode must win over it.
            String relaxed = pg.url() + "&options=-c%20synchronous_commit%3Doff";
            try (Registry normal = Registry.open(relaxed, pg.user(), null, Durability.DEFAULT)) {
                assertThat(synchronousCommit(normal)).isEqualTo("off");
            }
            try (Registry sync = Registry.open(relaxed, pg.user(), null, Durability.SYNC)) {
                assertThat(synchronousCommit(sync)).isEqualTo("on");
            }
        }
    }

    private static String synchronousCommit(Registry registry) throws SQLException {
        try (Connection c = registry.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }
}
