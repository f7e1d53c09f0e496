package io.voltrace.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.ingest.testing.TestRegistries;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The V6 table on both backends: stored once however often a piece comes, read back as sent. */
class EdgeEvidenceStoreTest {
    static final String CODE = "VTRPE96DEMO001T5C0000031";

    @ParameterizedTest
    @EnumSource(TestRegistries.Backend.class)
    void storesEachPieceOnceAndReadsItBackInTimeOrder(TestRegistries.Backend backend) throws Exception {
        try (TestRegistries db = TestRegistries.open(backend)) {
            Registry registry = db.registry();
            registry.registerDevice("dev-e", "s".toCharArray());
            registry.registerBattery(new BatteryRecord(CODE, "dev-e", Chemistry.LFP, 100, 104, "t", Instant.now()));
            EdgeEvidenceStore store = new EdgeEvidenceStore(registry.dataSource());
            HealthEvidence late = HealthEvidence.insulation("dev-e", CODE, 2_000, 900.0, null);
            HealthEvidence early = HealthEvidence.insulation("dev-e", CODE, 1_000, 2400.0, 330.5);
            HealthEvidence raised = HealthEvidence.fault("dev-e", CODE, 1_500, "contactor_fault", true);
            HealthEvidence cleared = HealthEvidence.fault("dev-e", CODE, 1_600, "contactor_fault", false);

            assertThat(store.addAll(List.of(late, early, raised), Instant.now())).isEqualTo(3);
            assertThat(store.addAll(List.of(early, raised, cleared, cleared), Instant.now()))
                    .as("only the clearing is new").isEqualTo(1);

            assertThat(store.evidence(CODE, HealthEvidence.Type.INSULATION)).containsExactly(early, late);
            assertThat(store.evidence(CODE, HealthEvidence.Type.FAULT)).containsExactly(raised, cleared);
            assertThat(store.evidence("VTRPE96DEMO001T5C0000032", HealthEvidence.Type.FAULT)).isEmpty();

            HealthEvidence event = HealthEvidence.negativeEvent("dev-e", CODE, "OVER_VOLTAGE", 1_700, 1_900, 3.75);
            HealthEvidence step = HealthEvidence.currentStep("dev-e", CODE, 1_800, 0.0011, 0.5, -80.0, 0.1, null, 3.3);
            assertThat(store.addAll(List.of(event, step, event, step), Instant.now())).isEqualTo(2);
            assertThat(store.evidence(CODE, HealthEvidence.Type.NEGATIVE_EVENT)).containsExactly(event);
            assertThat(store.evidence(CODE, HealthEvidence.Type.CURRENT_STEP)).containsExactly(step);
        }
    }

    /** The V15 columns: the BMS's own SOH and capacity, stored once, the latest by its time. */
    @ParameterizedTest
    @EnumSource(TestRegistries.Backend.class)
    void keepsTheBmsOwnHealthStatementsAndFindsTheLatest(TestRegistries.Backend backend) throws Exception {
        try (TestRegistries db = TestRegistries.open(backend)) {
            Registry registry = db.registry();
            registry.registerDevice("dev-e", "s".toCharArray());
            registry.registerBattery(new BatteryRecord(CODE, "dev-e", Chemistry.NMC, 180, 98, "t", Instant.now()));
            EdgeEvidenceStore store = new EdgeEvidenceStore(registry.dataSource());
            assertThat(store.latest(CODE, HealthEvidence.Type.BMS_HEALTH)).isEmpty();
            HealthEvidence older = HealthEvidence.bmsHealth("dev-e", CODE, 1_000, 92.0, 166.4);
            HealthEvidence newer = HealthEvidence.bmsHealth("dev-e", CODE, 5_000, 110.5, null);
            HealthEvidence insulation = HealthEvidence.insulation("dev-e", CODE, 9_000, 900.0, null);
            assertThat(store.addAll(List.of(newer, older, insulation, newer), Instant.now())).isEqualTo(3);
            assertThat(store.evidence(CODE, HealthEvidence.Type.BMS_HEALTH)).containsExactly(older, newer);
            assertThat(store.latest(CODE, HealthEvidence.Type.BMS_HEALTH)).contains(newer);
            assertThat(store.evidence(CODE, HealthEvidence.Type.INSULATION)).singleElement()
                    .satisfies(e -> assertThat(e.soh()).isNull());
        }
    }
}
