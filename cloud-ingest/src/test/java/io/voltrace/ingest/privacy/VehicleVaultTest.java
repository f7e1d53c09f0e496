package io.voltrace.ingest.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.ingest.testing.TestRegistries;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** On H2 and PostgreSQL: identities round-trip, rotate, and no table holds them in clear. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestRegistries.Backend.class)
class VehicleVaultTest {
    static final String VIN = "LFV2A21K6G4012345";
    static final String PLATE = "京B-9X777";

    @Parameter
    TestRegistries.Backend backend;
    private TestRegistries db;

    @BeforeEach
    void open() throws SQLException {
        db = TestRegistries.open(backend);
    }

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    static KeyRing ring(String active, String... ids) {
        Map<String, byte[]> keys = new java.util.LinkedHashMap<>();
        for (String id : ids) {
            byte[] k = new byte[32];
            java.util.Arrays.fill(k, (byte) id.hashCode());
            keys.put(id, k);
        }
        return new KeyRing(keys, active);
    }

    @Test
    void storesRotatesAndNeverHoldsPlaintext() throws Exception {
        VehicleVault v1 = new VehicleVault(db.registry(), ring("k1", "k1"));
        String ref = v1.store(new VehicleIdentity(VIN, PLATE));
        String noPlate = v1.store(new VehicleIdentity("LFV2A21K6G4099999", null));
        assertThat(v1.reveal(ref)).contains(new VehicleIdentity(VIN, PLATE));
        assertThat(v1.reveal("veh_0000000000000000")).isEmpty();

        String dump = dumpAllTables();
        assertThat(dump).contains(ref).doesNotContain(VIN).doesNotContain(PLATE).doesNotContain("LFV2A21K6G4099999");

        VehicleVault v2 = new VehicleVault(db.registry(), ring("k2", "k1", "k2"));
        assertThat(v2.keyUsage()).containsEntry("k1", 3);
        assertThat(v2.reencrypt()).isEqualTo(2);
        assertThat(v2.keyUsage()).containsOnlyKeys("k2").containsEntry("k2", 3);
        assertThat(v2.reencrypt()).isZero();
        VehicleVault onlyNew = new VehicleVault(db.registry(), ring("k2", "k2"));
        assertThat(onlyNew.reveal(ref)).contains(new VehicleIdentity(VIN, PLATE));
        assertThat(onlyNew.reveal(noPlate).orElseThrow().plate()).isNull();
        assertThat(dumpAllTables()).doesNotContain(VIN).doesNotContain(PLATE);
        // The old key alone no longer opens anything.
        assertThatThrownBy(() -> v1.reveal(ref)).hasMessageContaining("key k2 is not configured");
    }

    /** Every row of every table of the registry schema, as text. */
    private String dumpAllTables() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.registry().dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[]{"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).extracting(t -> t.toLowerCase(java.util.Locale.ROOT)).contains("vehicle_identity",
                    "ledger_event");
            for (String table : tables) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}
