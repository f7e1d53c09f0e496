package io.voltrace.ingest.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.testing.TestRegistries;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Declarations (migration V11) on H2 and on PostgreSQL (skipped, with the reason, when it is down). */
@ParameterizedClass(name = "{0}")
@EnumSource(TestRegistries.Backend.class)
class PassportDeclarationsTest {
    static final String PACK = "VTRPE96DEMO001T5C0000001";
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestRegistries.Backend backend;
    private TestRegistries db;
    private PassportDeclarations declarations;

    @BeforeEach
    void open() throws SQLException {
        db = TestRegistries.open(backend);
        db.registry().createOrganisation(new Organisation("maker", "maker", OrganisationKind.MANUFACTURER, T0));
        declarations = new PassportDeclarations(db.registry().dataSource());
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void theNewestVersionIsInForceAndEveryOneIsKept() throws Exception {
        assertThat(declarations.current(PACK)).isEmpty();
        PassportDeclaration first = declarations.declare(PACK, ExampleDeclaration.load(), "maker", T0);
        PassportDeclaration second = declarations.declare(PACK, JSON.readTree("{\"metadata\":{\"version\":\"2\"}}"),
                "maker", T0.plusSeconds(5));
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        PassportDeclaration current = declarations.current(PACK).orElseThrow();
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.document().at("/metadata/version").asText()).isEqualTo("2");
        assertThat(current.sha256()).isEqualTo(second.sha256()).isNotEqualTo(first.sha256()).hasSize(64);
        assertThat(current.declaredAt()).isEqualTo(T0.plusSeconds(5));
        current.document().put("tampered", true);
        assertThat(declarations.current(PACK).orElseThrow().document().has("tampered")).isFalse();
    }

    @Test
    void aDeclarationIsBatteryPassSectionsWithoutTheLedgersFootprint() throws Exception {
        assertThatThrownBy(() -> declarations.declare(PACK, JSON.readTree("[1]"), "maker", T0))
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> declarations.declare(PACK, JSON.readTree("{\"materials\":{},\"vin\":{}}"), "maker",
                T0)).hasMessageContaining("'vin'").hasMessageContaining("materials");
        assertThatThrownBy(() -> declarations.declare(PACK, JSON.readTree("{\"safety\":3}"), "maker", T0))
                .hasMessageContaining("'safety' must be an object");
        assertThatThrownBy(() -> declarations.declare(PACK, JSON.readTree(
                "{\"sustainability\":{\"carbonFootprint\":[]}}"), "maker", T0))
                .hasMessageContaining("ledger");
        assertThatThrownBy(() -> declarations.declare(PACK, JSON.readTree(
                "{\"safety\":{\"dismantling\":[{\"content\":\"first fitted to LSVAU2180N2183294\"}]}}"), "maker", T0))
                .hasMessageContaining("safety.dismantling[0].content").hasMessageContaining("vehicle identity");
        assertThat(declarations.current(PACK)).isEmpty();
    }
}
