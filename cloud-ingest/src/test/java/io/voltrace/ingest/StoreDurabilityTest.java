package io.voltrace.ingest;

import io.voltrace.ingest.store.Durability;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code store.durability} reaches both embedded stores, read back from the stores themselves (#16). */
class StoreDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void syncModeReachesQuestDbAndTheRegistryAndDefaultModeSetsThemBack() throws Exception {
        Path data = dir.resolve("data");
        try (IngestService ingest = IngestService.start(IngestConfig.embedded(data, 0, 0)
                .withDurability(Durability.SYNC))) {
            assertThat(questDbSetting(ingest.embeddedStore().orElseThrow(), "cairo.commit.mode")).isEqualTo("sync");
            assertThat(registryWriteDelay(ingest)).isEqualTo("0");
        }
        try (IngestService ingest = IngestService.start(IngestConfig.embedded(data, 0, 0))) {
            assertThat(questDbSetting(ingest.embeddedStore().orElseThrow(), "cairo.commit.mode")).isEqualTo("nosync");
            assertThat(registryWriteDelay(ingest)).isEqualTo("500");
        }
    }

    static String questDbSetting(EmbeddedQuestDb db, String property) throws SQLException {
        try (Connection c = db.pgEndpoint().connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW PARAMETERS")) {
            while (r.next()) {
                if (property.equals(r.getString("property_path"))) {
                    return r.getString("value");
                }
            }
        }
        throw new AssertionError(property + " not in SHOW PARAMETERS");
    }

    static String registryWriteDelay(IngestService ingest) throws SQLException {
        try (Connection c = ingest.registry().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(r.next()).isTrue();
            return r.getString(1);
        }
    }
}
