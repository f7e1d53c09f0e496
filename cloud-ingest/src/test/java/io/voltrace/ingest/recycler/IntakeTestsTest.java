package io.voltrace.ingest.recycler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.analytics.grading.IntakeEvidence;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.ImpossibleHistoryException;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.testing.TestRegistries;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The intake_test events and their reports (V14) on H2 and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestRegistries.Backend.class)
class IntakeTestsTest {
    static final String PACK = "VTRPE96DEMO001T5C0000001";
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestRegistries.Backend backend;
    private TestRegistries db;
    private Ledger ledger;
    private IntakeTests tests;
    private BatteryRecord battery;

    @BeforeEach
    void open() throws SQLException {
        db = TestRegistries.open(backend);
        var registry = db.registry();
        for (String[] org : new String[][] {{"maker", "MANUFACTURER"}, {"acme", "FLEET"}, {"green", "RECYCLER"},
                {"blue", "RECYCLER"}}) {
            registry.createOrganisation(new Organisation(org[0], org[0], OrganisationKind.valueOf(org[1]), T0));
        }
        battery = new BatteryRecord(PACK, "veh-1", Chemistry.NMC, 60, 96, "VT 60", T0, "acme", null);
        ledger = new Ledger(registry, Clock.systemUTC());
        ledger.append(new NewEvent(PACK, EventType.PRODUCTION, T0, "maker", Map.of()));
        ledger.append(new NewEvent(PACK, EventType.TRANSFER_INITIATED, T0.plusSeconds(1), "maker",
                Map.of("to", "green")));
        tests = new IntakeTests(ledger, registry.dataSource());
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private IntakeSubmission triage(double soh) throws Exception {
        return IntakeSubmission.ofTriage(battery, JSON.readTree("{\"soh\": " + soh + ", \"uncertainty\": 1.2}"));
    }

    private IntakeSubmission test(double ah) throws Exception {
        return IntakeSubmission.ofTestReport(battery, JSON.readTree("{\"code\": \"" + PACK + "\", \"source\": "
                + "\"b.csv\", \"procedure\": {\"nominalAh\": 60}, \"residualAh\": " + ah + "}"));
    }

    @Test
    void theBenchTestDecidesOverAnyTriageAndEveryOneIsListedWithItsReport() throws Exception {
        assertThat(tests.latestEvidence(PACK)).isNull();
        tests.record(PACK, "green", T0.plusSeconds(10), triage(71.5));
        assertThat(tests.latestEvidence(PACK).kind()).isEqualTo(IntakeEvidence.Kind.TRIAGED);
        IntakeTestRecord bench = tests.record(PACK, "green", T0.plusSeconds(20), test(48.6));
        tests.record(PACK, "green", T0.plusSeconds(30), triage(73.0));
        // the same report twice: stored once, both events point at it
        tests.record(PACK, "green", T0.plusSeconds(40), triage(73.0));
        IntakeEvidence used = tests.latestEvidence(PACK);
        assertThat(used.kind()).isEqualTo(IntakeEvidence.Kind.TESTED);
        assertThat(used.capacityAh()).isEqualTo(48.6);
        assertThat(used.sohPercent()).isEqualTo(81.0);
        assertThat(tests.list(PACK)).hasSize(4).allSatisfy(r -> assertThat(r.report()).isNotNull());
        assertThat(tests.list(PACK).get(1).seq()).isEqualTo(bench.seq());
        assertThat(ledger.verify(PACK).intact()).isTrue();
        try (Connection c = db.registry().dataSource().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT COUNT(*) FROM intake_test_report");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
            s.executeUpdate("UPDATE intake_test_report SET report = '{\"residualAh\": 59}' WHERE kind = 'test'");
        }
        assertThat(tests.list(PACK).get(1).report()).as("altered: not the report the ledger vouches for").isNull();
        assertThat(tests.latestEvidence(PACK).capacityAh()).isEqualTo(48.6); // the ledger's figure
    }

    @Test
    void onlyTheRecyclerOfferedOrHoldingItRecords() throws Exception {
        assertThatThrownBy(() -> tests.record(PACK, "blue", T0.plusSeconds(10), triage(70)))
                .isInstanceOf(ImpossibleHistoryException.class).hasMessageContaining("not the battery's custodian");
        assertThatThrownBy(() -> tests.record(PACK, "maker", T0.plusSeconds(10), triage(70)))
                .isInstanceOf(ImpossibleHistoryException.class).hasMessageContaining("may not record intake_test");
        tests.record(PACK, "green", T0.plusSeconds(10), triage(70));
        ledger.append(new NewEvent(PACK, EventType.TRANSFER_ACCEPTED, T0.plusSeconds(20), "green", Map.of()));
        tests.record(PACK, "green", T0.plusSeconds(30), test(45.0)); // now as custodian
        assertThat(tests.list(PACK)).extracting(IntakeTestRecord::recordedBy).containsExactly("green", "green");
    }
}
