package io.voltrace.ingest.registry;

import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.ingest.testing.TestRegistries.Backend;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.code.InvalidBatteryCodeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same behaviour on the embedded default (H2, in memory) and on PostgreSQL at 127.0.0.1:5432, each test in a
 * schema of its own that is dropped after. The PostgreSQL runs are skipped, with the reason, only when it is down.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class RegistryTest {

    private static final Instant T0 = Instant.parse("2026-05-04T08:30:00.123456Z");
    private static final String CODE_A = "ABCPE01T000001N1A0000001";
    private static final String CODE_B = "ABCPB01T000001N1A0000002";

    @Parameter
    Backend backend;

    private TestRegistries db;
    private String url;
    private String user;
    private Registry registry;

    @BeforeEach
    void open() throws SQLException {
        db = TestRegistries.open(backend);
        url = db.url();
        user = db.user();
        registry = db.registry();
    }

    @AfterEach
    void close() throws SQLException {
        if (registry != null && registry != db.registry()) {
            registry.close(); // a test reopened it
        }
        db.close();
    }

    private static BatteryRecord battery(String code, String device, Chemistry chemistry) {
        return new BatteryRecord(code, device, chemistry, 150.0, 96, "VT-" + chemistry, T0);
    }

    private static HealthAssessment assessment(String code, Instant at, Double soh, String grade) {
        return new HealthAssessment(code, at, soh == null ? null : 1.5 * soh, soh, soh == null ? null : 2.5,
                4, "coulomb-counting", grade, List.of("SOH " + soh + " %", "cell spread \"ok\"", "温度正常"));
    }

    @Test
    void registersDevicesAndTheirBatteries() {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        registry.registerDevice("edge-02", "s3cret-2".toCharArray());
        BatteryRecord a = battery(CODE_A, "edge-01", Chemistry.NMC);
        BatteryRecord b = new BatteryRecord(CODE_B, "edge-01", Chemistry.LFP, 280.5, 104, null, T0.plusSeconds(1));
        registry.registerBattery(b);
        registry.registerBattery(a);

        assertThat(registry.battery(CODE_A)).contains(a);
        assertThat(registry.battery(CODE_B)).contains(b);
        assertThat(registry.batteries()).containsExactly(b, a);
        assertThat(registry.batteriesOfDevice("edge-01")).containsExactly(CODE_B, CODE_A);
        assertThat(registry.batteriesOfDevice("edge-02")).isEmpty();
        assertThat(registry.batteriesOfDevice("nobody")).isEmpty();
    }

    @Test
    void authenticatesOnlyTheRightSecretAndStoresNoSecret() throws SQLException {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());

        assertThat(registry.authenticate("edge-01", "s3cret-1".toCharArray())).isTrue();
        assertThat(registry.authenticate("edge-01", "s3cret-2".toCharArray())).isFalse();
        assertThat(registry.authenticate("edge-01", new char[0])).isFalse();
        assertThat(registry.authenticate("edge-99", "s3cret-1".toCharArray())).isFalse();
        assertThat(registry.authenticate(null, "s3cret-1".toCharArray())).isFalse();

        try (Connection c = DriverManager.getConnection(url, user, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT secret_hash FROM device")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("hmac-sha256$").doesNotContain("s3cret");
        }
    }

    @Test
    void anOlderSlowHashStillLogsInAndIsReplacedByAKeyedOne() {
        registry.registerDevice("edge-01", "placeholder".toCharArray());
        String legacy = SecretHasher.legacyHash("s3cret-1".toCharArray(), 1_000);
        registry.replaceSecretHash("edge-01", legacy);

        assertThat(registry.authenticate("edge-01", "wrong".toCharArray())).isFalse();
        assertThat(registry.storedSecretHash("edge-01")).as("a failed login changes nothing").contains(legacy);
        assertThat(registry.authenticate("edge-01", "s3cret-1".toCharArray())).isTrue();
        assertThat(registry.storedSecretHash("edge-01")).get().asString().startsWith("hmac-sha256$");
        assertThat(registry.authenticate("edge-01", "s3cret-1".toCharArray())).isTrue();
        assertThat(registry.authenticate("edge-01", "s3cret-2".toCharArray())).isFalse();
    }

    @Test
    void theSecretKeyIsTheInstallationsOwn() throws SQLException {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        String hash = registry.storedSecretHash("edge-01").orElseThrow();
        // The same secret and salt under another installation's key gives another hash.
        SecretHasher other = new SecretHasher(SecretHasher.newKey());
        assertThat(other.verify("s3cret-1".toCharArray(), hash)).isEqualTo(SecretHasher.Check.NO_MATCH);
        try (Connection c = DriverManager.getConnection(url, user, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM installation_key")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void refusesDuplicatesUnknownDevicesAndBadInput() {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        registry.registerBattery(battery(CODE_A, "edge-01", Chemistry.NMC));

        assertThatThrownBy(() -> registry.registerDevice("edge-01", "other".toCharArray()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("edge-01");
        assertThat(registry.authenticate("edge-01", "s3cret-1".toCharArray())).isTrue();
        assertThatThrownBy(() -> registry.registerBattery(battery(CODE_A, "edge-01", Chemistry.LFP)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(CODE_A);
        assertThatThrownBy(() -> registry.registerBattery(battery(CODE_B, "edge-77", Chemistry.LFP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edge-77");
        assertThatThrownBy(() -> battery("ABCXE01T000001N1A0000001", "edge-01", Chemistry.NMC))
                .isInstanceOf(InvalidBatteryCodeException.class);
        assertThatThrownBy(() -> registry.registerDevice("bad/id", "x".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.registerDevice("edge-03", new char[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.batteries()).hasSize(1);
    }

    @Test
    void unknownOrMalformedBatteryIsEmpty() {
        assertThat(registry.battery(CODE_B)).isEmpty();
        assertThat(registry.battery("not a code")).isEmpty();
        assertThat(registry.battery(null)).isEmpty();
        assertThat(registry.latestAssessment(CODE_B)).isEmpty();
        assertThat(registry.batteries()).isEmpty();
    }

    @Test
    void latestAssessmentWins() {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        registry.registerBattery(battery(CODE_A, "edge-01", Chemistry.NMC));
        registry.registerBattery(battery(CODE_B, "edge-01", Chemistry.LFP));
        HealthAssessment older = assessment(CODE_A, T0, 91.25, "A");
        HealthAssessment newest = assessment(CODE_A, T0.plusSeconds(3600), 88.5, "B");
        HealthAssessment middle = assessment(CODE_A, T0.plusSeconds(60), 90.0, "A");

        registry.saveAssessment(older);
        registry.saveAssessment(newest);
        registry.saveAssessment(middle);
        assertThat(registry.latestAssessment(CODE_A)).contains(newest);

        HealthAssessment unknown = assessment(CODE_A, newest.assessedAt(), null, "unassessed");
        registry.saveAssessment(unknown);
        assertThat(registry.latestAssessment(CODE_A)).contains(unknown);
        assertThat(unknown.capacityAh()).isNull();
        assertThat(registry.latestAssessment(CODE_B)).isEmpty();
    }

    @Test
    void keepsResistanceAndRecoveryFiguresAndFindsTheFirstResistance() {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        registry.registerBattery(battery(CODE_A, "edge-01", Chemistry.NMC));
        RecoveryFigures metals = new RecoveryFigures("NCM622", 52.56, 5.2051, 28.8463, 9.7875, 9.2724, 27.691);
        HealthAssessment none = assessment(CODE_A, T0, 95.0, "A");
        HealthAssessment first = withFigures(assessment(CODE_A, T0.plusSeconds(60), 94.0, "A"), 101.25, 0.0, metals);
        HealthAssessment later = withFigures(assessment(CODE_A, T0.plusSeconds(120), 93.0, "A"), 121.5, 20.0, null);
        registry.saveAssessment(later);
        registry.saveAssessment(none);
        registry.saveAssessment(first);

        assertThat(registry.latestAssessment(CODE_A)).contains(later);
        assertThat(registry.firstResistanceAssessment(CODE_A)).contains(first);
        assertThat(registry.firstResistanceAssessment(CODE_A).orElseThrow().recovery()).isEqualTo(metals);
        assertThat(registry.assessments(CODE_A, Instant.EPOCH, Instant.MAX, 10)).containsExactly(none, first, later);
        assertThat(registry.firstResistanceAssessment(CODE_B)).isEmpty();
        assertThatThrownBy(() -> withFigures(none, null, 5.0, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("growth needs a resistance");
        assertThatThrownBy(() -> new RecoveryFigures("NCM622", 52.56, -1, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lithiumKg");
    }

    private static HealthAssessment withFigures(HealthAssessment a, Double milliohm, Double growth,
                                                RecoveryFigures recovery) {
        return new HealthAssessment(a.battery(), a.assessedAt(), a.capacityAh(), a.sohPercent(),
                a.uncertaintyPercent(), a.segments(), a.method(), a.grade(), a.reasons(), milliohm, growth, recovery);
    }

    @Test
    void refusesAssessmentOfAnUnregisteredBattery() {
        assertThatThrownBy(() -> registry.saveAssessment(assessment(CODE_A, T0, 90.0, "A")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(CODE_A);
    }

    @Test
    void migratesOnlyOnceAcrossReopening() throws SQLException {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        registry.close();
        long history = migrationHistoryRows();

        registry = Registry.open(url, user, null);
        registry.close();
        registry = Registry.open(url, user, null);

        assertThat(registry.authenticate("edge-01", "s3cret-1".toCharArray())).isTrue();
        assertThat(migrationHistoryRows()).isEqualTo(history);
    }

    private long migrationHistoryRows() throws SQLException {
        // Flyway quotes its lower-case names, which H2 would otherwise fold to upper case.
        try (Connection c = DriverManager.getConnection(url, user, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM \"flyway_schema_history\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void organisationsOwnAndHoldBatteries() {
        Organisation fleet = new Organisation("acme-fleet", "Acme Fleet", OrganisationKind.FLEET, T0);
        Organisation recycler = new Organisation("green-rec", "Green Recycling", OrganisationKind.RECYCLER, T0);
        registry.createOrganisation(fleet);
        registry.createOrganisation(recycler);
        assertThat(registry.organisations()).containsExactly(fleet, recycler);
        assertThat(registry.organisation("green-rec")).contains(recycler);
        assertThat(registry.organisation("nobody")).isEmpty();
        assertThatThrownBy(() -> registry.createOrganisation(fleet))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("acme-fleet");

        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        BatteryRecord a = battery(CODE_A, "edge-01", Chemistry.NMC).withOwner("acme-fleet");
        BatteryRecord b = battery(CODE_B, "edge-01", Chemistry.LFP);
        registry.registerBattery(a);
        registry.registerBattery(b);
        assertThat(registry.battery(CODE_A)).contains(a);
        assertThat(registry.batteriesOwnedBy("acme-fleet")).containsExactly(a);
        assertThat(registry.batteriesInCustodyOf("green-rec")).isEmpty();

        registry.setCustodian(CODE_A, "green-rec");
        assertThat(registry.batteriesInCustodyOf("green-rec")).containsExactly(a.withCustodian("green-rec"));
        assertThatThrownBy(() -> registry.setCustodian(CODE_B, "nobody"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody");
        assertThatThrownBy(() -> registry.setCustodian("ABCPE01T000001N1A0000009", "green-rec"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> registry.registerBattery(battery("ABCPE01T000001N1A0000003", "edge-01",
                Chemistry.NMC).withOwner("ghost"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("organisation ghost");
    }

    @Test
    void assessmentHistoryIsATimeOrderedRange() {
        registry.registerDevice("edge-01", "s3cret-1".toCharArray());
        registry.registerBattery(battery(CODE_A, "edge-01", Chemistry.NMC));
        HealthAssessment first = assessment(CODE_A, T0, 95.0, "A");
        HealthAssessment second = assessment(CODE_A, T0.plusSeconds(86_400), 94.0, "A");
        HealthAssessment third = assessment(CODE_A, T0.plusSeconds(2 * 86_400), 93.0, "A");
        registry.saveAssessment(third);
        registry.saveAssessment(first);
        registry.saveAssessment(second);

        assertThat(registry.assessments(CODE_A, Instant.MIN, Instant.MAX, 100)).containsExactly(first, second, third);
        assertThat(registry.assessments(CODE_A, T0.plusSeconds(1), Instant.MAX, 100)).containsExactly(second, third);
        assertThat(registry.assessments(CODE_A, Instant.EPOCH, third.assessedAt(), 100)).containsExactly(first, second);
        assertThat(registry.assessments(CODE_A, Instant.EPOCH, Instant.MAX, 1)).containsExactly(first);
        assertThat(registry.assessments(CODE_B, Instant.EPOCH, Instant.MAX, 10)).isEmpty();
    }

    @Test
    void tokensAreFoundByHashAndRevokedOnce() {
        registry.createOrganisation(new Organisation("acme-fleet", "Acme Fleet", OrganisationKind.FLEET, T0));
        ApiTokenRecord token = new ApiTokenRecord("t1", "ab".repeat(32), "fleet", "acme-fleet", "ops", T0, null, null);
        registry.saveToken(token);
        assertThat(registry.tokenByHash("ab".repeat(32))).contains(token);
        assertThat(registry.tokenByHash("cd".repeat(32))).isEmpty();
        assertThatThrownBy(() -> registry.saveToken(new ApiTokenRecord("t2", "ab".repeat(32), "admin", null, null,
                T0, null, null))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.saveToken(new ApiTokenRecord("t3", "ef".repeat(32), "fleet", "ghost", null,
                T0, null, null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost");

        assertThat(registry.revokeToken("t1", T0.plusSeconds(5))).isTrue();
        assertThat(registry.revokeToken("t1", T0.plusSeconds(9))).isFalse();
        assertThat(registry.revokeToken("nope", T0)).isFalse();
        ApiTokenRecord revoked = registry.tokenByHash("ab".repeat(32)).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(revoked.activeAt(T0.plusSeconds(6))).isFalse();
        assertThat(registry.tokens()).containsExactly(revoked);
    }

    @Test
    void pingsTheDatabase() {
        registry.ping();
        registry.close();
        if (backend == Backend.H2) {
            // The pool is disposed: the registry no longer answers.
            assertThatThrownBy(registry::ping).isInstanceOf(RuntimeException.class);
        }
        registry = Registry.open(url, user, null);
    }

    @Test
    void rejectsUnsupportedUrls() {
        assertThatThrownBy(() -> Registry.open("jdbc:sqlite:x.db", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
