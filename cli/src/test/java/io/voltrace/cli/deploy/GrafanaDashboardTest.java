package io.voltrace.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltrace.ingest.store.EmbeddedQuestDb;
import io.voltrace.ingest.store.TimeSeriesSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the provisioned "Battery health" dashboard's SQL on a real QuestDB (embedded, same version as the compose
 * image) with Grafana's macros expanded the way its PostgreSQL data source expands them, so a query QuestDB rejects
 * fails here and not on an operator's screen.
 */
class GrafanaDashboardTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void everyPanelQueryRunsOnQuestDbAndAnswersPerBattery(@TempDir Path dir) throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(repo.resolve("docker-compose.yml"))) {
            repo = repo.getParent();
        }
        JsonObject dashboard = new JsonObject(Files.readString(
                repo.resolve("deploy/grafana/dashboards/battery-health.json")));

        try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir.resolve("questdb"));
             Connection c = questDb.pgEndpoint().connect()) {
            TimeSeriesSchema.ensure(c);
            insert(c, "BATTERY-A", 120);
            insert(c, "BATTERY-B", 120);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(c) == 240);

            String variable = dashboard.getJsonObject("templating").getJsonArray("list").getJsonObject(0)
                    .getString("query");
            assertThat(column(c, variable)).containsExactly("BATTERY-A", "BATTERY-B");

            JsonArray panels = dashboard.getJsonArray("panels");
            assertThat(panels).hasSize(6);
            for (int i = 0; i < panels.size(); i++) {
                JsonObject panel = panels.getJsonObject(i);
                String sql = expand(panel.getJsonArray("targets").getJsonObject(0).getString("rawSql"),
                        panel.getString("interval", "10s"));
                List<List<Object>> rows = rows(c, sql, panel.getString("title"));
                if (panel.getString("type").equals("timeseries")) {
                    // 2 batteries x 120 s in 10 s buckets; Grafana's time_series format needs time, metric, value.
                    assertThat(rows).as(panel.getString("title")).hasSize(24);
                    assertThat(rows.get(0)).as(panel.getString("title")).hasSize(3);
                    assertThat(rows.get(0).get(0)).isInstanceOf(Timestamp.class);
                } else {
                    assertThat(rows).as(panel.getString("title")).hasSize(2);
                }
            }
        }
    }

    /** Grafana's PostgreSQL macros and a multi-value variable, as the data source sends them. */
    private static String expand(String sql, String interval) {
        return sql.replace("$__timeFilter(ts)", "ts BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-01T01:00:00Z'")
                .replace("$__interval", interval)
                .replace("$battery", "'BATTERY-A','BATTERY-B'");
    }

    private static void insert(Connection c, String battery, int seconds) throws SQLException {
        String sql = "INSERT INTO pack_telemetry (ts, battery, device, pack_voltage, pack_current, soc, ah_charged, "
                + "ah_discharged, cell_v_min, cell_v_max, cell_v_avg, temp_min, temp_max) "
                + "VALUES (?, ?, 'dev', ?, ?, ?, 0, 0, ?, ?, ?, 20, 25)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int s = 0; s < seconds; s++) {
                ps.setTimestamp(1, Timestamp.from(T0.plusSeconds(s)));
                ps.setString(2, battery);
                ps.setDouble(3, 350 + s * 0.01);
                ps.setDouble(4, -20);
                ps.setDouble(5, 80 - s * 0.01);
                ps.setDouble(6, 3.60);
                ps.setDouble(7, 3.65);
                ps.setDouble(8, 3.62);
                ps.executeUpdate();
            }
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count() FROM pack_telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<List<Object>> rows(Connection c, String sql, String panel) {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        } catch (SQLException e) {
            throw new AssertionError("panel '" + panel + "': QuestDB rejects " + sql + ": " + e.getMessage(), e);
        }
        return out;
    }
}
