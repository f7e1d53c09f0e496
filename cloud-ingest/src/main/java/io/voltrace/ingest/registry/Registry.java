package io.voltrace.ingest.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.code.BatteryCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Devices, batteries (with owner and custodian organisations), health assessments, organisations and API token
 * hashes in SQL: PostgreSQL in production, H2 embedded by default. Opening it
 * migrates the schema (Flyway, {@code db/migration}). Calls block on the database: keep them off event loops.
 * Thread-safe.
 */
public final class Registry implements AutoCloseable {

    /** The embedded default: a file database under the working directory. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/registry";

    private static final Logger log = LoggerFactory.getLogger(Registry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    /** Device ids appear in MQTT topics: no '/', '+', '#' or spaces. */
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int PG_TIMEOUT_S = 10;
    /** SQLSTATE class 23: a unique key, or (PostgreSQL 23503, H2 23506) a missing referenced row. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEVICE_SECRET_KEY = "device-secret-hmac";
    private static final Set<String> MISSING_PARENT = Set.of("23503", "23506");

    private static final String BATTERY_COLUMNS =
            "code, device_id, chemistry, nominal_ah, cells_series, model, registered_at, owner_org, custodian_org";
    private static final String ORGANISATION_COLUMNS = "id, name, kind, created_at";
    private static final String TOKEN_COLUMNS =
            "id, token_hash, role, org_id, label, created_at, expires_at, revoked_at";
    private static final String ASSESSMENT_COLUMNS = "battery, assessed_at, capacity_ah, soh_percent,"
            + " uncertainty_percent, segments, method, grade, reasons, resistance_mohm, resistance_growth_percent,"
            + " recovery_cathode, recovery_energy_kwh, recovery_li_kg, recovery_ni_kg, recovery_co_kg, recovery_mn_kg,"
            + " recovery_lce_kg";
    private static final String SAVE_ASSESSMENT_SQL = "INSERT INTO health_assessment (" + ASSESSMENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String LATEST_SQL = "SELECT " + ASSESSMENT_COLUMNS + " FROM health_assessment"
            + " WHERE battery = ? ORDER BY assessed_at DESC, id DESC FETCH FIRST 1 ROWS ONLY";
    private static final String FIRST_RESISTANCE_SQL = "SELECT " + ASSESSMENT_COLUMNS + " FROM health_assessment"
            + " WHERE battery = ? AND resistance_mohm IS NOT NULL ORDER BY assessed_at, id FETCH FIRST 1 ROWS ONLY";
    /** Codes per {@code IN (…)} list. */
    private static final int IN_CHUNK = 500;

    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private final SecretHasher hasher;

    /** Uses, and migrates, a data source the caller owns and closes. */
    public Registry(DataSource dataSource) {
        this(dataSource, null);
    }

    private Registry(DataSource dataSource, AutoCloseable ownedPool) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.ownedPool = ownedPool;
        migrate();
        this.hasher = new SecretHasher(installationKey(DEVICE_SECRET_KEY));
    }

    /** The installation's key of this name, generated and stored by whichever process opens the registry first. */
    private byte[] installationKey(String name) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<String> stored = queryOne("installation key " + name,
                    "SELECT key_value FROM installation_key WHERE name = ?",
                    statement -> statement.setString(1, name), rs -> rs.getString(1));
            if (stored.isPresent()) {
                return java.util.Base64.getDecoder().decode(stored.get());
            }
            byte[] key = SecretHasher.newKey();
            try {
                update("store installation key " + name,
                        "INSERT INTO installation_key (name, key_value, created_at) VALUES (?, ?, ?)",
                        statement -> {
                            statement.setString(1, name);
                            statement.setString(2, java.util.Base64.getEncoder().encodeToString(key));
                            statement.setObject(3, utc(Instant.now()));
                        }, "installation key " + name + " already stored", null);
                log.info("generated this installation's {} key", name);
                return key;
            } catch (IllegalStateException anotherProcessWasFirst) {
                // read theirs on the next turn
            }
        }
        throw new RegistryException("cannot read or store the installation key " + name, null);
    }

    /**
     * Opens the registry at a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL, with a pool this registry owns.
     * For PostgreSQL, a {@code currentSchema} URL parameter selects the schema.
     */
    public static Registry open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, io.voltrace.ingest.store.Durability.DEFAULT);
    }

    /**
     * The same, with a durability: {@code SYNC} has H2 write each commit to its file at once ({@code WRITE_DELAY=0},
     * unless the URL sets it) and PostgreSQL run this pool's sessions with {@code synchronous_commit=on}.
     */
    public static Registry open(String jdbcUrl, String user, String password,
                                io.voltrace.ingest.store.Durability durability) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        boolean sync = durability == io.voltrace.ingest.store.Durability.SYNC;
        if (sync && jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT)
                .contains("WRITE_DELAY=")) {
            jdbcUrl = jdbcUrl + ";WRITE_DELAY=0";
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(jdbcUrl, nullToEmpty(user), nullToEmpty(password));
            return openClosingOnFailure(pool, pool::dispose);
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // Opens a connection per call: registry traffic is light (device connects, registrations, reports).
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(jdbcUrl);
            if (user != null) {
                pg.setUser(user);
            }
            if (password != null) {
                pg.setPassword(password);
            }
            if (sync) {
                // The server's default may be off (a tuned cluster): this pool's commits wait for the WAL flush.
                pg.setOptions("-c synchronous_commit=on");
            }
            pg.setConnectTimeout(PG_TIMEOUT_S);
            pg.setSocketTimeout(PG_TIMEOUT_S * 3);
            return new Registry(pg);
        }
        throw new IllegalArgumentException("unsupported registry database (jdbc:h2: or jdbc:postgresql:): "
                + jdbcUrl);
    }

    private static Registry openClosingOnFailure(DataSource pool, Runnable dispose) {
        try {
            return new Registry(pool, dispose::run);
        } catch (RuntimeException e) {
            dispose.run();
            throw e;
        }
    }

    private void migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("registry schema migrated to version {} ({} migrations)", result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }

    /**
     * Registers a device with its secret, of which only a salted hash is kept. The caller may wipe the array after.
     *
     * @throws IllegalArgumentException when the id is not usable in MQTT topics or the secret is empty
     * @throws IllegalStateException    when the device is already registered
     */
    public void registerDevice(String deviceId, char[] secret) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("device id must be 1-64 of A-Z, a-z, 0-9, '.', '_', '-', starting"
                    + " with a letter or digit: " + deviceId);
        }
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("device secret must not be empty");
        }
        String hash = hasher.hash(secret);
        update("register device " + deviceId,
                "INSERT INTO device (id, secret_hash, created_at) VALUES (?, ?, ?)",
                statement -> {
                    statement.setString(1, deviceId);
                    statement.setString(2, hash);
                    statement.setObject(3, utc(Instant.now()));
                },
                "device " + deviceId + " is already registered", null);
    }

    /**
     * True when the device is registered with this secret. Takes as long for unknown devices as for known ones with
     * a current hash. A hash of the older, slow kind is replaced by a current one on the first successful login.
     */
    public boolean authenticate(String deviceId, char[] secret) {
        if (deviceId == null || secret == null) {
            return false;
        }
        Optional<String> stored = storedSecretHash(deviceId);
        if (stored.isEmpty()) {
            return hasher.verifyDecoy(secret).matches();
        }
        SecretHasher.Check check = hasher.verify(secret, stored.get());
        if (check == SecretHasher.Check.MATCH_OUTDATED) {
            String current = hasher.hash(secret);
            // Only if nobody changed it meanwhile; a lost race leaves a hash that still verifies.
            updateCount("rehash the secret of device " + deviceId,
                    "UPDATE device SET secret_hash = ? WHERE id = ? AND secret_hash = ?",
                    statement -> {
                        statement.setString(1, current);
                        statement.setString(2, deviceId);
                        statement.setString(3, stored.get());
                    });
        }
        return check.matches();
    }

    /** The stored hash of a device's secret (for tests of the hash migration and for audits), if registered. */
    Optional<String> storedSecretHash(String deviceId) {
        return queryOne("device " + deviceId,
                "SELECT secret_hash FROM device WHERE id = ?",
                statement -> statement.setString(1, deviceId),
                rs -> rs.getString(1));
    }

    /** Stores a hash as it is, e.g. one written by an older version; for tests of the hash migration. */
    void replaceSecretHash(String deviceId, String hash) {
        updateCount("replace the secret hash of device " + deviceId,
                "UPDATE device SET secret_hash = ? WHERE id = ?",
                statement -> {
                    statement.setString(1, hash);
                    statement.setString(2, deviceId);
                });
    }

    /**
     * @throws IllegalArgumentException when its device, owner or custodian is not registered
     * @throws IllegalStateException    when a battery with this code is already registered
     */
    public void registerBattery(BatteryRecord battery) {
        requireOrganisation(battery.ownerOrg());
        requireOrganisation(battery.custodianOrg());
        update("register battery " + battery.code(),
                "INSERT INTO battery (" + BATTERY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, battery.code());
                    statement.setString(2, battery.deviceId());
                    statement.setString(3, battery.chemistry().name());
                    statement.setDouble(4, battery.nominalAh());
                    statement.setInt(5, battery.cellsSeries());
                    statement.setString(6, battery.model());
                    statement.setObject(7, utc(battery.registeredAt()));
                    statement.setString(8, battery.ownerOrg());
                    statement.setString(9, battery.custodianOrg());
                },
                "battery " + battery.code() + " is already registered",
                "device " + battery.deviceId() + " is not registered");
    }

    /** Empty for an unknown code, including one that is not a valid GB/T 34014 code. */
    public Optional<BatteryRecord> battery(String code) {
        if (!BatteryCode.isValid(code)) {
            return Optional.empty();
        }
        return queryOne("battery " + code,
                "SELECT " + BATTERY_COLUMNS + " FROM battery WHERE code = ?",
                statement -> statement.setString(1, code),
                Registry::batteryRecord);
    }

    /**
     * The registered batteries among {@code codes} (unknown and invalid codes are left out), by code: one query per
     * 500 codes, for the health scheduler's blocks.
     */
    public java.util.Map<String, BatteryRecord> batteries(java.util.Collection<String> codes) {
        java.util.Map<String, BatteryRecord> found = new java.util.HashMap<>();
        List<String> valid = codes.stream().filter(BatteryCode::isValid).distinct().toList();
        for (int from = 0; from < valid.size(); from += IN_CHUNK) {
            List<String> chunk = valid.subList(from, Math.min(valid.size(), from + IN_CHUNK));
            for (BatteryRecord b : query("batteries " + chunk.get(0) + "…",
                    "SELECT " + BATTERY_COLUMNS + " FROM battery WHERE code IN (" + placeholders(chunk.size()) + ")",
                    statement -> {
                        for (int i = 0; i < chunk.size(); i++) {
                            statement.setString(i + 1, chunk.get(i));
                        }
                    }, Registry::batteryRecord)) {
                found.put(b.code(), b);
            }
        }
        return found;
    }

    /** {@code n} comma-separated JDBC placeholders. */
    public static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /**
     * One connection and its prepared statements for a run of assessments (the health scheduler's block): the
     * baseline and latest lookups and the save that {@link #firstResistanceAssessment}, {@link #latestAssessment} and
     * {@link #saveAssessment} make, prepared once instead of once per battery. Not thread-safe; close it.
     */
    public AssessmentSession assessmentSession() {
        try {
            return new AssessmentSession(dataSource.getConnection());
        } catch (SQLException e) {
            throw new RegistryException("cannot open a connection for assessments: " + e.getMessage(), e);
        }
    }

    /** See {@link #assessmentSession()}. Each save commits on its own, as {@link #saveAssessment} does. */
    public final class AssessmentSession implements AutoCloseable {
        private final Connection connection;
        private PreparedStatement first;
        private PreparedStatement latest;
        private PreparedStatement save;

        private AssessmentSession(Connection connection) {
            this.connection = connection;
        }

        /** As {@link Registry#firstResistanceAssessment}. */
        public Optional<HealthAssessment> firstResistanceAssessment(String code) {
            if (!BatteryCode.isValid(code)) {
                return Optional.empty();
            }
            try {
                if (first == null) {
                    first = connection.prepareStatement(FIRST_RESISTANCE_SQL);
                }
                return one(first, code);
            } catch (SQLException e) {
                throw new RegistryException("cannot read first resistance figure of " + code + ": "
                        + e.getMessage(), e);
            }
        }

        /** As {@link Registry#latestAssessment}. */
        public Optional<HealthAssessment> latestAssessment(String code) {
            if (!BatteryCode.isValid(code)) {
                return Optional.empty();
            }
            try {
                if (latest == null) {
                    latest = connection.prepareStatement(LATEST_SQL);
                }
                return one(latest, code);
            } catch (SQLException e) {
                throw new RegistryException("cannot read latest assessment of " + code + ": " + e.getMessage(), e);
            }
        }

        /** As {@link Registry#saveAssessment}. */
        public void saveAssessment(HealthAssessment assessment) {
            try {
                if (save == null) {
                    save = connection.prepareStatement(SAVE_ASSESSMENT_SQL);
                }
                bindAssessment(save, assessment);
                save.executeUpdate();
            } catch (SQLException e) {
                throw saveFailed(assessment, e);
            }
        }

        private Optional<HealthAssessment> one(PreparedStatement s, String code) throws SQLException {
            s.setString(1, code);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(assessment(rs)) : Optional.empty();
            }
        }

        @Override
        public void close() {
            for (AutoCloseable c : new AutoCloseable[]{first, latest, save, connection}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        log.debug("closing an assessment session: {}", e.toString());
                    }
                }
            }
        }
    }

    /** All batteries, ordered by code. */
    public List<BatteryRecord> batteries() {
        return query("batteries", "SELECT " + BATTERY_COLUMNS + " FROM battery ORDER BY code",
                statement -> {
                }, Registry::batteryRecord);
    }

    /** Codes of the batteries a device reports for, sorted; empty for an unknown device. */
    public Set<String> batteriesOfDevice(String deviceId) {
        List<String> codes = query("batteries of " + deviceId,
                "SELECT code FROM battery WHERE device_id = ? ORDER BY code",
                statement -> statement.setString(1, deviceId),
                rs -> rs.getString(1));
        return Collections.unmodifiableSet(new TreeSet<>(codes));
    }

    /** @throws IllegalArgumentException when the battery is not registered */
    public void saveAssessment(HealthAssessment assessment) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SAVE_ASSESSMENT_SQL)) {
            bindAssessment(statement, assessment);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw saveFailed(assessment, e);
        }
    }

    private static RuntimeException saveFailed(HealthAssessment assessment, SQLException e) {
        if (MISSING_PARENT.contains(e.getSQLState())) {
            return new IllegalArgumentException("battery " + assessment.battery() + " is not registered", e);
        }
        return new RegistryException("cannot save assessment of " + assessment.battery() + ": " + e.getMessage(), e);
    }

    private static void bindAssessment(PreparedStatement statement, HealthAssessment assessment)
            throws SQLException {
        statement.setString(1, assessment.battery());
        statement.setObject(2, utc(assessment.assessedAt()));
        setNullableDouble(statement, 3, assessment.capacityAh());
        setNullableDouble(statement, 4, assessment.sohPercent());
        setNullableDouble(statement, 5, assessment.uncertaintyPercent());
        statement.setInt(6, assessment.segments());
        statement.setString(7, assessment.method());
        statement.setString(8, assessment.grade());
        statement.setString(9, toJson(assessment.reasons()));
        setNullableDouble(statement, 10, assessment.resistanceMilliohm());
        setNullableDouble(statement, 11, assessment.resistanceGrowthPercent());
        RecoveryFigures r = assessment.recovery();
        statement.setString(12, r == null ? null : r.cathode());
        setNullableDouble(statement, 13, r == null ? null : r.energyKwh());
        setNullableDouble(statement, 14, r == null ? null : r.lithiumKg());
        setNullableDouble(statement, 15, r == null ? null : r.nickelKg());
        setNullableDouble(statement, 16, r == null ? null : r.cobaltKg());
        setNullableDouble(statement, 17, r == null ? null : r.manganeseKg());
        setNullableDouble(statement, 18, r == null ? null : r.lceKg());
    }

    /** The assessment with the latest {@code assessedAt} (the last saved on a tie), if any. */
    public Optional<HealthAssessment> latestAssessment(String code) {
        if (!BatteryCode.isValid(code)) {
            return Optional.empty();
        }
        return queryOne("latest assessment of " + code,
                LATEST_SQL,
                statement -> statement.setString(1, code),
                Registry::assessment);
    }

    /**
     * The earliest assessment that recorded a resistance figure (the first saved on a tie), if any: the baseline
     * later resistance growth is measured from.
     */
    public Optional<HealthAssessment> firstResistanceAssessment(String code) {
        if (!BatteryCode.isValid(code)) {
            return Optional.empty();
        }
        return queryOne("first resistance figure of " + code,
                FIRST_RESISTANCE_SQL,
                statement -> statement.setString(1, code),
                Registry::assessment);
    }

    /** Batteries owned by an organisation (its fleet), ordered by code. */
    public List<BatteryRecord> batteriesOwnedBy(String orgId) {
        return query("batteries of " + orgId, "SELECT " + BATTERY_COLUMNS + " FROM battery WHERE owner_org = ?"
                + " ORDER BY code", statement -> statement.setString(1, orgId), Registry::batteryRecord);
    }

    /** Batteries an organisation holds (e.g. a recycler after intake), ordered by code. */
    public List<BatteryRecord> batteriesInCustodyOf(String orgId) {
        return query("batteries held by " + orgId, "SELECT " + BATTERY_COLUMNS + " FROM battery"
                + " WHERE custodian_org = ? ORDER BY code", statement -> statement.setString(1, orgId),
                Registry::batteryRecord);
    }

    /**
     * Records who holds a battery now ({@code null}: nobody recorded). Issue #7 replaces this with transfers that
     * both sides confirm; until then only an administrator moves custody.
     *
     * @throws IllegalArgumentException when the battery or the organisation is not registered
     */
    public void setCustodian(String code, String orgId) {
        requireOrganisation(orgId);
        int rows = updateCount("set custodian of " + code, "UPDATE battery SET custodian_org = ? WHERE code = ?",
                statement -> {
                    statement.setString(1, orgId);
                    statement.setString(2, code);
                });
        if (rows == 0) {
            throw new IllegalArgumentException("battery " + code + " is not registered");
        }
    }

    /**
     * Assessments of a battery with {@code from <= assessedAt < to}, oldest first, at most {@code limit}: its
     * health trend.
     */
    public List<HealthAssessment> assessments(String code, Instant from, Instant to, int limit) {
        if (!BatteryCode.isValid(code) || limit <= 0) {
            return List.of();
        }
        return query("assessments of " + code,
                "SELECT " + ASSESSMENT_COLUMNS + " FROM health_assessment WHERE battery = ? AND assessed_at >= ?"
                        + " AND assessed_at < ? ORDER BY assessed_at, id FETCH FIRST " + limit + " ROWS ONLY",
                statement -> {
                    statement.setString(1, code);
                    statement.setObject(2, utc(clampForSql(from)));
                    statement.setObject(3, utc(clampForSql(to)));
                },
                Registry::assessment);
    }

    // --- organisations ---

    /** @throws IllegalStateException when an organisation with this id exists */
    public void createOrganisation(Organisation org) {
        update("create organisation " + org.id(),
                "INSERT INTO organisation (" + ORGANISATION_COLUMNS + ") VALUES (?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, org.id());
                    statement.setString(2, org.name());
                    statement.setString(3, org.kind().name());
                    statement.setObject(4, utc(org.createdAt()));
                },
                "organisation " + org.id() + " already exists", null);
    }

    public Optional<Organisation> organisation(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return queryOne("organisation " + id, "SELECT " + ORGANISATION_COLUMNS + " FROM organisation WHERE id = ?",
                statement -> statement.setString(1, id), Registry::organisation);
    }

    /** All organisations, ordered by id. */
    public List<Organisation> organisations() {
        return query("organisations", "SELECT " + ORGANISATION_COLUMNS + " FROM organisation ORDER BY id",
                statement -> {
                }, Registry::organisation);
    }

    private void requireOrganisation(String id) {
        if (id != null && organisation(id).isEmpty()) {
            throw new IllegalArgumentException("organisation " + id + " is not registered");
        }
    }

    // --- API tokens (hashes only; see the auth package) ---

    /**
     * @throws IllegalArgumentException when its organisation is not registered
     * @throws IllegalStateException    when the id or hash is taken
     */
    public void saveToken(ApiTokenRecord token) {
        requireOrganisation(token.orgId());
        update("save token " + token.id(),
                "INSERT INTO api_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, token.id());
                    statement.setString(2, token.tokenHash());
                    statement.setString(3, token.role());
                    statement.setString(4, token.orgId());
                    statement.setString(5, token.label());
                    statement.setObject(6, utc(token.createdAt()));
                    statement.setObject(7, token.expiresAt() == null ? null : utc(token.expiresAt()));
                    statement.setObject(8, token.revokedAt() == null ? null : utc(token.revokedAt()));
                },
                "token " + token.id() + " already exists", null);
    }

    public Optional<ApiTokenRecord> tokenByHash(String tokenHash) {
        return queryOne("token", "SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE token_hash = ?",
                statement -> statement.setString(1, tokenHash), Registry::token);
    }

    /** All tokens (hashes included; callers must not show them), oldest first. */
    public List<ApiTokenRecord> tokens() {
        return query("tokens", "SELECT " + TOKEN_COLUMNS + " FROM api_token ORDER BY created_at, id",
                statement -> {
                }, Registry::token);
    }

    /** Revokes a token; false when there is no such token or it was revoked already. */
    public boolean revokeToken(String id, Instant at) {
        return updateCount("revoke token " + id,
                "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                statement -> {
                    statement.setObject(1, utc(at));
                    statement.setString(2, id);
                }) > 0;
    }

    // --- operations ---

    /** Answers a trivial query: the database is reachable. @throws RegistryException when it is not */
    public void ping() {
        query("ping", "SELECT 1", statement -> statement.setQueryTimeout(PG_TIMEOUT_S), rs -> rs.getInt(1));
    }

    /** The registry's database, for the parts that keep their own tables in it (dead letters). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** SQL timestamps hold years 1..9999 on both databases; API range ends beyond that are clamped. */
    private static Instant clampForSql(Instant t) {
        Instant min = Instant.parse("0001-01-01T00:00:00Z");
        Instant max = Instant.parse("9999-12-31T23:59:59Z");
        return t.isBefore(min) ? min : t.isAfter(max) ? max : t;
    }

    private static BatteryRecord batteryRecord(ResultSet rs) throws SQLException {
        return new BatteryRecord(rs.getString(1), rs.getString(2), Chemistry.valueOf(rs.getString(3)),
                rs.getDouble(4), rs.getInt(5), rs.getString(6), instant(rs, 7), rs.getString(8), rs.getString(9));
    }

    private static Organisation organisation(ResultSet rs) throws SQLException {
        return new Organisation(rs.getString(1), rs.getString(2), OrganisationKind.valueOf(rs.getString(3)),
                instant(rs, 4));
    }

    private static ApiTokenRecord token(ResultSet rs) throws SQLException {
        return new ApiTokenRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), instant(rs, 6), nullableInstant(rs, 7), nullableInstant(rs, 8));
    }

    private static HealthAssessment assessment(ResultSet rs) throws SQLException {
        String cathode = rs.getString(12);
        RecoveryFigures recovery = cathode == null ? null : new RecoveryFigures(cathode, rs.getDouble(13),
                rs.getDouble(14), rs.getDouble(15), rs.getDouble(16), rs.getDouble(17), rs.getDouble(18));
        return new HealthAssessment(rs.getString(1), instant(rs, 2), nullableDouble(rs, 3), nullableDouble(rs, 4),
                nullableDouble(rs, 5), rs.getInt(6), rs.getString(7), rs.getString(8), fromJson(rs.getString(9)),
                nullableDouble(rs, 10), nullableDouble(rs, 11), recovery);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Instant nullableInstant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static void setNullableDouble(PreparedStatement statement, int index, Double value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static String toJson(List<String> reasons) {
        try {
            return JSON.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reasons cannot be written as JSON", e);
        }
    }

    private static List<String> fromJson(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are not a JSON array of strings: " + json, e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // --- plain JDBC plumbing ---

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private void update(String what, String sql, Binder binder, String onDuplicate, String onMissingParent) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        } catch (SQLException e) {
            if (onDuplicate != null && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new IllegalStateException(onDuplicate, e);
            }
            if (onMissingParent != null && MISSING_PARENT.contains(e.getSQLState())) {
                throw new IllegalArgumentException(onMissingParent, e);
            }
            throw new RegistryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private int updateCount(String what, String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new RegistryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> queryOne(String what, String sql, Binder binder, RowMapper<T> mapper) {
        return query(what, sql, binder, mapper).stream().findFirst();
    }

    /** Releases the pool if this registry opened it; a caller's data source stays open. */
    @Override
    public void close() {
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                log.warn("closing the registry pool failed", e);
            }
        }
    }
}
