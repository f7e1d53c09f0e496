package io.voltrace.ingest.ledger;

import static io.voltrace.ingest.ledger.LedgerFixture.CELL;
import static io.voltrace.ingest.ledger.LedgerFixture.MODULE;
import static io.voltrace.ingest.ledger.LedgerFixture.NEW_CODE;
import static io.voltrace.ingest.ledger.LedgerFixture.PACK;
import static io.voltrace.ingest.ledger.LedgerFixture.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.ingest.testing.TestRegistries;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The ledger on H2 and on PostgreSQL (skipped, with the reason, when it is down). */
@ParameterizedClass(name = "{0}")
@EnumSource(TestRegistries.Backend.class)
class LedgerTest {
    @Parameter
    TestRegistries.Backend backend;

    private TestRegistries db;
    private LedgerFixture f;
    private Ledger ledger;

    @BeforeEach
    void open() throws SQLException {
        db = TestRegistries.open(backend);
        f = new LedgerFixture(db.registry());
        ledger = f.ledger;
    }

    @AfterEach
    void close() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = db.registry().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    @Test
    void aWholeLifeIsChainedAndVerifies() {
        f.fullLife(PACK);
        List<LedgerEvent> events = ledger.events(PACK);
        assertThat(events).hasSize(16);
        assertThat(events.get(0).prevHash()).isEqualTo(LedgerEvent.GENESIS);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i + 1);
            assertThat(events.get(i).prevHash()).isEqualTo(events.get(i - 1).hash());
            assertThat(Canonical.recompute(events.get(i))).isEqualTo(events.get(i).hash());
        }
        assertThat(ledger.state(PACK).status()).isEqualTo(Status.FINAL_PROCESSED);
        assertThat(ledger.state(PACK).custodian()).isEqualTo("recycler");
        VerifyReport report = ledger.verify(PACK);
        assertThat(report.intact()).isTrue();
        assertThat(report.events()).isEqualTo(16);
        assertThat(ledger.verifyAll().intact()).isTrue();
    }

    @Test
    void anAlteredDetailIsFoundAtItsSequenceNumber() throws SQLException {
        f.fullLife(PACK);
        sql("UPDATE ledger_event SET details = '{\"grade\":\"B\"}' WHERE battery = '" + PACK + "' AND seq = 10");
        VerifyReport report = ledger.verifyAll();
        assertThat(report.findings()).extracting(VerifyFinding::battery, VerifyFinding::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PACK, 10L));
        assertThat(report.findings().get(0).problem()).contains("altered");
    }

    @Test
    void aDetailChangedToJsonNullIsNamedNotAFailure() throws SQLException {
        f.fullLife(PACK);
        sql("UPDATE ledger_event SET details = '{\"grade\":null}' WHERE battery = '" + PACK + "' AND seq = 10");
        VerifyReport report = ledger.verifyAll();
        assertThat(report.findings()).extracting(VerifyFinding::battery, VerifyFinding::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PACK, 10L));
        assertThat(report.findings().get(0).problem()).contains("altered");
    }

    @Test
    void anAlteredTimeActorOrCustodianIsFound() throws SQLException {
        f.fullLife(PACK);
        sql("UPDATE ledger_event SET occurred_at = occurred_at - INTERVAL '1' DAY WHERE battery = '" + PACK
                + "' AND seq = 4");
        sql("UPDATE ledger_event SET custodian_org = 'fleet-2' WHERE battery = '" + PACK + "' AND seq = 7");
        sql("UPDATE ledger_event SET event_type = 'REPAIR' WHERE battery = '" + PACK + "' AND seq = 12");
        assertThat(ledger.verify(PACK).findings()).extracting(VerifyFinding::seq).containsExactly(4L, 7L, 12L);
    }

    @Test
    void aRecordRewrittenWithAFreshHashBreaksTheNextLink() throws SQLException {
        f.fullLife(PACK);
        LedgerEvent e = ledger.events(PACK).get(4);
        String forged = Canonical.hash(e.battery(), e.seq(), e.type(), e.occurredAt(), e.recordedAt(),
                e.actorOrg(), e.custodianOrg(), Map.of("vehicle", "veh-999"), e.prevHash());
        sql("UPDATE ledger_event SET details = '{\"vehicle\":\"veh-999\"}', hash = '" + forged
                + "' WHERE battery = '" + PACK + "' AND seq = 5");
        List<VerifyFinding> findings = ledger.verify(PACK).findings();
        assertThat(findings).extracting(VerifyFinding::seq).containsExactly(6L);
        assertThat(findings.get(0).problem()).contains("event 5");
    }

    @Test
    void deletedRecordsAreFoundInTheMiddleAndAtTheEnd() throws SQLException {
        f.fullLife(PACK);
        sql("DELETE FROM ledger_event WHERE battery = '" + PACK + "' AND seq = 8");
        sql("DELETE FROM ledger_event WHERE battery = '" + PACK + "' AND seq = 16");
        List<VerifyFinding> findings = ledger.verify(PACK).findings();
        assertThat(findings).extracting(VerifyFinding::seq).containsExactly(8L, 16L);
        assertThat(findings).allSatisfy(x -> assertThat(x.problem()).contains("missing"));
        assertThat(findings).allSatisfy(x -> assertThat(x.battery()).isEqualTo(PACK));
    }

    @Test
    void aDamagedChainTakesNoMoreEvents() throws SQLException {
        f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
        f.record(PACK, EventType.GRADING, 1, "manufacturer", "grade", "A");
        sql("DELETE FROM ledger_event WHERE battery = '" + PACK + "' AND seq = 2");
        assertThatThrownBy(() -> f.record(PACK, EventType.GRADING, 2, "manufacturer", "grade", "B"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fails verification");
    }

    @Test
    void recyclingAnInstalledBatteryIsRejectedWithTheReason() {
        f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
        f.transfer(PACK, 1, "manufacturer", "vehicle-maker");
        f.record(PACK, EventType.INSTALLATION, 2, "vehicle-maker", "vehicle", "veh-1");
        f.transfer(PACK, 3, "vehicle-maker", "recycler");
        assertThatThrownBy(() -> f.record(PACK, EventType.RECYCLER_INTAKE, 4, "recycler"))
                .isInstanceOf(ImpossibleHistoryException.class)
                .hasMessageContaining("recycler_intake of battery " + PACK)
                .hasMessageContaining("still installed in vehicle veh-1");
        assertThatThrownBy(() -> f.record(PACK, EventType.FINAL_PROCESSING, 4, "recycler"))
                .hasMessageContaining("needs a recycler intake first");
    }

    @Test
    void aBatteryFromAScrappedVehicleIsNotInstalledAgain() {
        f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
        f.transfer(PACK, 1, "manufacturer", "vehicle-maker");
        f.record(PACK, EventType.INSTALLATION, 2, "vehicle-maker", "vehicle", "veh-1");
        f.transfer(PACK, 3, "vehicle-maker", "dismantler");
        f.record(PACK, EventType.VEHICLE_SCRAPPING, 4, "dismantler");
        f.record(PACK, EventType.REMOVAL, 5, "dismantler");
        f.transfer(PACK, 6, "dismantler", "fleet");
        assertThatThrownBy(() -> f.record(PACK, EventType.INSTALLATION, 7, "fleet", "vehicle", "veh-2"))
                .isInstanceOf(ImpossibleHistoryException.class)
                .hasMessageContaining("scrapped vehicle").hasMessageContaining("re-coding");
    }

    @Test
    void otherImpossibleHistoriesAreRejected() {
        assertThatThrownBy(() -> f.record(PACK, EventType.INSTALLATION, 0, "vehicle-maker", "vehicle", "v"))
                .hasMessageContaining("no recorded history");
        assertThatThrownBy(() -> f.record(PACK, EventType.PRODUCTION, 0, "fleet"))
                .hasMessageContaining("a fleet may not record production");
        f.record(PACK, EventType.PRODUCTION, 5, "manufacturer");
        assertThatThrownBy(() -> f.record(PACK, EventType.PRODUCTION, 6, "manufacturer"))
                .hasMessageContaining("already produced");
        assertThatThrownBy(() -> f.record(PACK, EventType.GRADING, 4, "manufacturer"))
                .hasMessageContaining("before the last recorded event 1");
        assertThatThrownBy(() -> f.record(PACK, EventType.REMOVAL, 6, "vehicle-maker"))
                .hasMessageContaining("not the battery's custodian (manufacturer)");
        assertThatThrownBy(() -> f.record(PACK, EventType.GRADING, 6, "auditor"))
                .hasMessageContaining("an auditor may not record").isInstanceOf(ImpossibleHistoryException.class);
    }

    @Test
    void custodyMovesOnlyWhenTheReceiverAccepts() {
        f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
        f.record(PACK, EventType.TRANSFER_INITIATED, 1, "manufacturer", "to", "fleet");
        assertThat(ledger.state(PACK).custodian()).isEqualTo("manufacturer");
        assertThat(ledger.state(PACK).pendingTo()).isEqualTo("fleet");
        assertThat(ledger.involves(PACK, "fleet")).isTrue();
        assertThat(ledger.involves(PACK, "fleet-2")).isFalse();
        assertThat(ledger.pendingTransfers("fleet")).extracting(PendingTransfer::from, PendingTransfer::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("manufacturer", 2L));
        assertThat(ledger.pendingTransfers("manufacturer")).hasSize(1);
        assertThat(ledger.pendingTransfers("fleet-2")).isEmpty();
        assertThat(ledger.pendingTransfers(null)).hasSize(1);
        assertThatThrownBy(() -> f.record(PACK, EventType.TRANSFER_ACCEPTED, 1, "fleet-2"))
                .hasMessageContaining("only the receiver fleet");
        assertThatThrownBy(() -> f.record(PACK, EventType.TRANSFER_INITIATED, 1, "manufacturer", "to", "fleet-2"))
                .hasMessageContaining("already pending");
        assertThatThrownBy(() -> f.record(PACK, EventType.TRANSFER_INITIATED, 1, "fleet", "to", "fleet-2"))
                .hasMessageContaining("not the battery's custodian");
        f.record(PACK, EventType.TRANSFER_CANCELLED, 2, "fleet");
        assertThatThrownBy(() -> f.record(PACK, EventType.TRANSFER_ACCEPTED, 2, "fleet"))
                .hasMessageContaining("no transfer is pending");
        assertThatThrownBy(() -> f.record(PACK, EventType.TRANSFER_INITIATED, 2, "manufacturer", "to", "nobody"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a registered organisation");
        f.transfer(PACK, 3, "manufacturer", "fleet-2");
        assertThat(ledger.state(PACK).custodian()).isEqualTo("fleet-2");
        assertThat(ledger.events(PACK).get(ledger.events(PACK).size() - 1).custodianOrg()).isEqualTo("fleet-2");
    }

    @Test
    void reCodingKeepsTheOriginalLinkedAndEndsItsHistory() {
        f.record(PACK, EventType.PRODUCTION, 0, "manufacturer");
        f.transfer(PACK, 1, "manufacturer", "reuse-maker");
        List<LedgerEvent> both = ledger.recode(PACK, NEW_CODE, "reuse-maker", day(2), Map.of("use", "storage"));
        assertThat(both).extracting(LedgerEvent::battery).containsExactly(PACK, NEW_CODE);
        assertThat(ledger.originalCode(NEW_CODE)).contains(PACK);
        assertThat(ledger.state(PACK).status()).isEqualTo(Status.RECODED);
        assertThat(ledger.state(NEW_CODE).status()).isEqualTo(Status.IN_STOCK);
        assertThat(ledger.state(NEW_CODE).custodian()).isEqualTo("reuse-maker");
        assertThat(ledger.events(NEW_CODE).get(0).detail("originalCode")).isEqualTo(PACK);
        assertThatThrownBy(() -> f.record(PACK, EventType.GRADING, 3, "reuse-maker"))
                .hasMessageContaining("nothing may follow");
        assertThat(ledger.verifyAll().intact()).isTrue();
    }

    @Test
    void componentsNestPackModuleCell() {
        ledger.linkComponent(PACK, MODULE);
        ledger.linkComponent(MODULE, CELL);
        assertThat(ledger.components(PACK)).containsExactly(MODULE);
        assertThat(ledger.parentOf(CELL)).contains(MODULE);
        assertThatThrownBy(() -> ledger.linkComponent(PACK, CELL)).hasMessageContaining("a pack cannot contain a cell");
        assertThatThrownBy(() -> ledger.linkComponent("VTRPE96DEMO001T5C0000009", MODULE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already linked");
    }
}
