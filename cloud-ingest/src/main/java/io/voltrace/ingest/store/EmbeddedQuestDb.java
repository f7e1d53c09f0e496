package io.voltrace.ingest.store;

import io.questdb.ServerMain;
import io.questdb.log.LogFactory;
import io.voltrace.ingest.installation.InstallationSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * QuestDB running inside this JVM, bound to loopback only. Serves InfluxDB line protocol over HTTP
 * ({@code /api/v2/write}, the ingest's writes; {@code /exec} comes with it) and SQL over the PostgreSQL wire protocol
 * (the ingest's reads), both only to a user with this installation's password ({@link #SECRET_FILE} under the root,
 * generated on first start, mode 0600): QuestDB's default {@code admin/quest} and unauthenticated HTTP would let any
 * local user past the API's roles. Line protocol over TCP and the health port are not used, so not opened.
 *
 * <p>QuestDB's own log goes to {@code <root>/log/questdb.log} (errors and startup advisories only), not to stdout.
 * QuestDB keeps one log configuration per JVM, so the first instance started decides where it goes.
 */
public final class EmbeddedQuestDb implements AutoCloseable {

    /** The user of both the HTTP and the PostgreSQL side; the password is the installation's own. */
    public static final String USER = "voltrace";
    /** Under the root: the generated password, owner-only. Deleting it without the data gives a new password. */
    public static final String SECRET_FILE = "voltrace-store.secret";
    public static final String HOST = "127.0.0.1";
    /** Where the application keeps its data unless told otherwise. */
    public static final Path DEFAULT_ROOT = Path.of("data", "questdb");

    private static final Logger log = LoggerFactory.getLogger(EmbeddedQuestDb.class);

    private static final String QUIET_LOG_CONF = """
            # Written by voltrace: QuestDB logs every query at INFO; keep errors only, in a file.
            writers=file
            w.file.class=io.questdb.log.LogFileWriter
            w.file.location=${log.dir}/questdb.log
            w.file.level=ERROR,CRITICAL
            """;

    private final Path root;
    private final ServerMain server;
    private final String password;

    /**
     * Ports to bind on 127.0.0.1; 0 lets the operating system pick a free one (race-free, for tests).
     *
     * @param http REST and line protocol over HTTP (QuestDB default 9000)
     * @param pg   PostgreSQL wire protocol (default 8812)
     */
    public record Ports(int http, int pg) {
        public Ports {
            for (int port : new int[]{http, pg}) {
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("port out of range: " + port);
                }
            }
        }

        public static Ports ephemeral() {
            return new Ports(0, 0);
        }

        public static Ports standard() {
            return new Ports(9000, 8812);
        }
    }

    private EmbeddedQuestDb(Path root, ServerMain server, String password) {
        this.root = root;
        this.server = server;
        this.password = password;
    }

    /** Starts on free loopback ports. */
    public static EmbeddedQuestDb start(Path root) {
        return start(root, Ports.ephemeral(), Map.of());
    }

    public static EmbeddedQuestDb start(Path root, Ports ports) {
        return start(root, ports, Map.of());
    }

    /**
     * @param settings extra QuestDB settings as environment-style keys, e.g. {@code QDB_CAIRO_COMMIT_MODE=sync};
     *                 they win over the process environment and over the defaults set here
     */
    public static EmbeddedQuestDb start(Path root, Ports ports, Map<String, String> settings) {
        Objects.requireNonNull(ports, "ports");
        Path absRoot = root.toAbsolutePath().normalize();
        prepareQuietLog(absRoot);
        String password = InstallationSecret.readOrCreate(absRoot.resolve(SECRET_FILE)).value();

        Map<String, String> env = new HashMap<>();
        env.put("QDB_HTTP_NET_BIND_TO", HOST + ":" + ports.http());
        env.put("QDB_HTTP_USER", USER);
        env.put("QDB_HTTP_PASSWORD", password);
        env.put("QDB_PG_NET_BIND_TO", HOST + ":" + ports.pg());
        env.put("QDB_PG_USER", USER);
        env.put("QDB_PG_PASSWORD", password);
        env.put("QDB_PG_READONLY_USER_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        // A write before TimeSeriesSchema ran must fail, not auto-create a table that keeps duplicates.
        env.put("QDB_LINE_AUTO_CREATE_NEW_TABLES", "false");
        env.putAll(settings);

        long started = System.nanoTime();
        ServerMain server;
        try {
            server = QuietConsole.run(() -> {
                ServerMain created = ServerMain.create(absRoot.toString(), env);
                try {
                    created.start();
                } catch (RuntimeException e) {
                    created.close();
                    throw e;
                }
                return created;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("QuestDB did not start at " + absRoot + ": " + e, e);
        }
        EmbeddedQuestDb db = new EmbeddedQuestDb(absRoot, server, password);
        log.info("QuestDB started in {} ms at {} (http {}, pg {})", (System.nanoTime() - started) / 1_000_000,
                absRoot, db.httpPort(), db.pgPort());
        return db;
    }

    /** Must run before QuestDB's first log call in this JVM: its log factory reads the config once. */
    private static void prepareQuietLog(Path root) {
        try {
            Files.createDirectories(root.resolve("log"));
            Path conf = root.resolve("conf").resolve("log.conf");
            if (Files.notExists(conf)) {
                Files.createDirectories(conf.getParent());
                Files.writeString(conf, QUIET_LOG_CONF);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare QuestDB root " + root, e);
        }
        LogFactory.configureRootDir(root.toString());
    }

    /** Base URL for line protocol writes ({@code /api/v2/write}) and SQL over HTTP ({@code /exec}). */
    public String httpUrl() {
        return "http://" + HOST + ":" + httpPort();
    }

    public String pgJdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + pgPort() + "/qdb";
    }

    public PgEndpoint pgEndpoint() {
        return new PgEndpoint(pgJdbcUrl(), USER, password);
    }

    /** Where the ingest writes: {@link #httpUrl()} with this installation's credentials. */
    public TelemetryWriter.Target writeTarget() {
        return TelemetryWriter.Target.of(httpUrl()).withBasicAuth(USER, password);
    }

    public int httpPort() {
        return server.getHttpServerPort();
    }

    public int pgPort() {
        return server.getPgWireServerPort();
    }

    public Path root() {
        return root;
    }

    /** Stops the servers and closes the tables; idempotent. */
    @Override
    public void close() {
        if (!server.hasBeenClosed()) {
            QuietConsole.run(server::close);
            log.info("QuestDB at {} stopped", root);
        }
    }
}
