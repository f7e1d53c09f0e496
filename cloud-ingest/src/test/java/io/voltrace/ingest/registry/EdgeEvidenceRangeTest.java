package io.voltrace.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.HealthEvidence.Type;
import io.voltrace.ingest.testing.TestRegistries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The API's reads of the V6 table on both backends: a time range, an optional type, a limit, counts per type. */
class EdgeEvidenceRangeTest {
    static final String CODE = "VTRPE96DEMO001T5C0000041";
    static final String OTHER = "VTRPE96DEMO001T5C0000042";

    @ParameterizedTest
    @EnumSource(TestRegistries.Backend.class)
    void readsARangeOfOneOrEveryTypeOldestFirstAndCountsEachType(TestRegistries.Backend backend) throws Exception {
        try (TestRegistries db = TestRegistries.open(backend)) {
            Registry registry = db.registry();
            registry.registerDevice("dev-r", "s".toCharArray());
            registry.registerBattery(new BatteryRecord(CODE, "dev-r", Chemistry.LFP, 100, 104, "t", Instant.now()));
            registry.registerBattery(new BatteryRecord(OTHER, "dev-r", Chemistry.LFP, 100, 104, "t", Instant.now()));
            EdgeEvidenceStore store = new EdgeEvidenceStore(registry.dataSource());
            HealthEvidence first = HealthEvidence.insulation("dev-r", CODE, 1_000, 2400.0, 330.5);
            HealthEvidence raised = HealthEvidence.fault("dev-r", CODE, 1_500, "contactor_fault", true);
            HealthEvidence second = HealthEvidence.insulation("dev-r", CODE, 2_000, 900.0, null);
            HealthEvidence cleared = HealthEvidence.fault("dev-r", CODE, 3_000, "contactor_fault", false);
            HealthEvidence foreign = HealthEvidence.insulation("dev-r", OTHER, 1_200, 50.0, null);
            store.addAll(List.of(second, cleared, first, raised, foreign), Instant.now());

            Instant from = Instant.ofEpochMilli(1_000);
            Instant to = Instant.ofEpochMilli(3_000);
            assertThat(store.evidence(CODE, null, Instant.EPOCH, Instant.ofEpochMilli(10_000), 100))
                    .containsExactly(first, raised, second, cleared);
            assertThat(store.evidence(CODE, null, from, to, 100)).as("from inclusive, to exclusive")
                    .containsExactly(first, raised, second);
            assertThat(store.evidence(CODE, Type.INSULATION, from, to, 100)).containsExactly(first, second);
            assertThat(store.evidence(CODE, null, from, to, 2)).containsExactly(first, raised);
            assertThat(store.counts(CODE, from, to)).isEqualTo(Map.of(Type.INSULATION, 2L, Type.FAULT, 1L,
                    Type.NEGATIVE_EVENT, 0L, Type.CURRENT_STEP, 0L, Type.BMS_HEALTH, 0L));
            assertThat(store.counts(OTHER, Instant.EPOCH, to).get(Type.INSULATION)).isEqualTo(1L);
            assertThatThrownBy(() -> store.evidence(CODE, null, from, to, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
