package io.voltrace.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.testing.TestRegistries;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    final AtomicReference<Instant> now = new AtomicReference<>(T0);
    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    TestRegistries db;
    ApiTokens tokens;

    @BeforeEach
    void open() throws Exception {
        db = TestRegistries.open(TestRegistries.Backend.H2);
        db.registry().createOrganisation(new Organisation("acme", "Acme Fleet", OrganisationKind.FLEET, T0));
        db.registry().createOrganisation(new Organisation("green", "Green Recycling", OrganisationKind.RECYCLER, T0));
        tokens = new ApiTokens(db.registry(), clock);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void aTokenAuthenticatesAsItsRoleAndOrganisationAndIsStoredOnlyHashed() throws Exception {
        IssuedToken fleet = tokens.issue(Role.FLEET, "acme", "ops dashboard", null);
        assertThat(fleet.token()).matches("vt_[A-Za-z0-9_-]{43}");
        assertThat(fleet.toString()).doesNotContain(fleet.token());
        assertThat(tokens.authenticate(fleet.token())).contains(new Principal(fleet.id(), Role.FLEET, "acme"));
        assertThat(tokens.issue(Role.ADMIN, null, null, null).token()).isNotEqualTo(fleet.token());

        try (Connection c = DriverManager.getConnection(db.url(), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT token_hash FROM api_token")) {
            while (rs.next()) {
                assertThat(rs.getString(1)).hasSize(64).doesNotContain(fleet.token().substring(3, 20));
            }
        }
    }

    @Test
    void aTokenThatWouldBeExpiredWhenMadeIsRefused() {
        assertThatThrownBy(() -> tokens.issue(Role.ADMIN, null, null, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the future");
        assertThatThrownBy(() -> tokens.issue(Role.ADMIN, null, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tokens.issue(Role.ADMIN, null, null, T0.plusSeconds(1)).token()).startsWith("vt_");
    }

    @Test
    void wrongMalformedRevokedAndExpiredTokensFail() {
        IssuedToken t = tokens.issue(Role.AUDITOR, null, null, T0.plus(Duration.ofHours(1)));
        String flipped = t.token().substring(0, 10) + (t.token().charAt(10) == 'A' ? 'B' : 'A') + t.token().substring(11);
        assertThat(tokens.authenticate(flipped)).isEmpty();
        assertThat(tokens.authenticate("Bearer " + t.token())).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate(t.token())).isPresent();

        now.set(T0.plus(Duration.ofHours(1)));
        assertThat(tokens.authenticate(t.token())).as("expired").isEmpty();

        IssuedToken r = tokens.issue(Role.RECYCLER, "green", null, null);
        assertThat(tokens.revoke(r.id())).isTrue();
        assertThat(tokens.revoke(r.id())).isFalse();
        assertThat(tokens.authenticate(r.token())).as("revoked").isEmpty();
        assertThat(tokens.list()).extracting(rec -> rec.id()).containsExactly(t.id(), r.id());
    }

    @Test
    void rolesNeedAMatchingOrganisation() {
        assertThatThrownBy(() -> tokens.issue(Role.FLEET, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an organisation");
        assertThatThrownBy(() -> tokens.issue(Role.FLEET, "green", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fleet token needs an organisation of kind fleet; green is a recycler");
        assertThatThrownBy(() -> tokens.issue(Role.RECYCLER, "ghost", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost is not registered");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("admin, fleet, recycler, auditor");
        assertThat(Role.parse(" Fleet ")).isEqualTo(Role.FLEET);
    }
}
