package io.voltrace.ingest.store;

import io.voltrace.testing.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #16: the embedded QuestDB took SQL over HTTP without credentials and QuestDB's default admin/quest over the
 * PostgreSQL port, so any local user could read and change the time series past the API's roles.
 */
class EmbeddedQuestDbAccessTest {

    @TempDir
    static Path root;
    static EmbeddedQuestDb db;
    static int lineTcpPort;
    static int healthPort;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        lineTcpPort = Ports.free();
        healthPort = Ports.free();
        // Give the unused servers a known port, so the test can show nothing listens there.
        db = EmbeddedQuestDb.start(root, EmbeddedQuestDb.Ports.ephemeral(), Map.of(
                "QDB_LINE_TCP_NET_BIND_TO", "127.0.0.1:" + lineTcpPort,
                "QDB_HTTP_MIN_NET_BIND_TO", "127.0.0.1:" + healthPort));
        TimeSeriesSchema.ensure(db.pgEndpoint());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void postgresPortRefusesDefaultAndEmptyCredentials() throws SQLException {
        for (PgEndpoint wrong : List.of(new PgEndpoint(db.pgJdbcUrl(), "admin", "quest"),
                new PgEndpoint(db.pgJdbcUrl(), EmbeddedQuestDb.USER, ""),
                new PgEndpoint(db.pgJdbcUrl(), "user", "quest"))) {
            assertThatThrownBy(wrong::connect).as(wrong.toString()).isInstanceOf(SQLException.class);
        }
        try (Connection ok = db.pgEndpoint().connect()) {
            assertThat(ok.isValid(5)).isTrue();
        }
    }

    @Test
    void httpSqlNeedsTheInstallationsPassword() throws Exception {
        assertThat(exec(null)).isEqualTo(401);
        assertThat(exec("admin:quest")).isEqualTo(401);
        assertThat(exec(EmbeddedQuestDb.USER + ":" + db.writeTarget().basic().password())).isEqualTo(200);
    }

    @Test
    void lineProtocolWritesNeedThePasswordToo() {
        String battery = TestTelemetry.battery(7);
        try (TelemetryWriter anonymous = TelemetryWriter.to(db.httpUrl())) {
            assertThatThrownBy(() -> anonymous.write(List.of(TestTelemetry.batch(battery, 1, 1_772_000_000_000L, 5,
                    1000)))).isInstanceOf(TelemetryStoreException.class).hasMessageContaining("401");
        }
        try (TelemetryWriter own = new TelemetryWriter(db.writeTarget())) {
            own.write(List.of(TestTelemetry.batch(battery, 1, 1_772_000_000_000L, 5, 1000)));
        }
    }

    @Test
    void unusedServersAreNotListening() {
        for (int port : new int[]{lineTcpPort, healthPort}) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                }
            }).as("port %d", port).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void secretIsOwnerOnlyAndKeptAcrossRestarts() throws IOException {
        Path secret = root.resolve(EmbeddedQuestDb.SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        assertThat(Files.readString(secret).trim()).hasSizeGreaterThanOrEqualTo(32)
                .isEqualTo(db.writeTarget().basic().password());
    }

    private static int exec(String userColonPassword) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(db.httpUrl() + "/exec?query="
                + URLEncoder.encode("SELECT count() FROM " + TimeSeriesSchema.TABLE + "", StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10));
        if (userColonPassword != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
