package io.voltrace.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.grading.Fault;
import io.voltrace.analytics.grading.InsulationTest;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.testing.TestRegistries;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stored edge evidence, reduced as it was stored, as grading conditions. */
class EdgeConditionsTest {
    static final String CODE = "VTRPE96DEMO001T5C0000041";
    TestRegistries db;
    EdgeReductions reductions;
    EdgeEvidenceStore store;
    BatteryRecord battery;

    @BeforeEach
    void open() throws Exception {
        db = TestRegistries.open(TestRegistries.Backend.H2);
        db.registry().registerDevice("dev", "s".toCharArray());
        battery = new BatteryRecord(CODE, "dev", Chemistry.NMC, 60, 96, "t", Instant.now());
        db.registry().registerBattery(battery);
        reductions = new EdgeReductions(db.registry().dataSource(),
                new AssessmentSchedule(db.registry().dataSource()), db.registry()::battery, java.time.Clock.systemUTC());
        store = reductions.evidenceStore();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @Test
    void nothingReportedLeavesTheConditionsAsTheyWere() {
        EdgeConditions.Applied applied = EdgeConditions.apply(reductions.of(CODE), battery, PackConditions.none());
        assertThat(applied.conditions()).isEqualTo(PackConditions.none());
        assertThat(applied.reasons()).isEmpty();
    }

    @Test
    void theLatestInsulationReadingIsTheTestAtTheMaximumWorkingVoltage() {
        store.addAll(List.of(HealthEvidence.insulation("dev", CODE, 1_000, 2500.0, 360.0),
                HealthEvidence.insulation("dev", CODE, 3_000, 30.0, 350.0),
                HealthEvidence.insulation("dev", CODE, 2_000, 20.0, 355.0)), Instant.now());
        EdgeConditions.Applied applied = EdgeConditions.apply(reductions.of(CODE), battery, PackConditions.none());
        // 96 NMC cells at full charge (402 V): above the voltage read with the reading.
        assertThat(applied.conditions().insulation().resistanceOhms()).isEqualTo(30_000);
        assertThat(applied.conditions().insulation().workingVoltageVolts())
                .isCloseTo(96 * Chemistry.NMC.ocv().maxVolts(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(applied.reasons()).singleElement().asString()
                .contains("latest 30 kΩ", "lowest 20 kΩ", "3 readings", "402 V");
    }

    @Test
    void aGivenInsulationTestTakesPrecedence() {
        store.addAll(List.of(HealthEvidence.insulation("dev", CODE, 1_000, 30.0, 360.0)), Instant.now());
        InsulationTest bench = new InsulationTest(5_000_000, 400);
        EdgeConditions.Applied applied = EdgeConditions.apply(reductions.of(CODE), battery,
                PackConditions.none().withInsulation(bench));
        assertThat(applied.conditions().insulation()).isEqualTo(bench);
        assertThat(applied.reasons()).singleElement().asString().contains("takes precedence");
    }

    @Test
    void everyRaisedFaultIsReportedClearedOrNot() {
        store.addAll(List.of(HealthEvidence.fault("dev", CODE, 1_000, "isolation_fault", true),
                HealthEvidence.fault("dev", CODE, 2_000, "isolation_fault", false),
                HealthEvidence.fault("dev", CODE, 3_000, "over_temperature", true)), Instant.now());
        EdgeConditions.Applied applied = EdgeConditions.apply(reductions.of(CODE), battery,
                PackConditions.none().withFaults(Set.of(Fault.CELL_SWELLING)));
        assertThat(applied.conditions().faults())
                .containsExactlyInAnyOrder(Fault.INSULATION_FAULT, Fault.BMS_FAULT, Fault.CELL_SWELLING);
        assertThat(applied.reasons()).singleElement().asString()
                .contains("isolation_fault (INSULATION_FAULT: raised 1970-01-01T00:00:01Z, cleared")
                .contains("over_temperature (BMS_FAULT");
    }

    @Test
    void aLongFaultHistoryIsCountedWithItsNewestEvents() {
        List<HealthEvidence> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(HealthEvidence.fault("dev", CODE, 1_000 + i * 1_000L, "contactor_welded", i % 2 == 0));
        }
        store.addAll(sent, Instant.now());
        EdgeConditions.Applied applied = EdgeConditions.apply(reductions.of(CODE), battery, PackConditions.none());
        assertThat(applied.conditions().faults()).containsExactly(Fault.CONTACTOR_FAULT);
        assertThat(applied.reasons()).singleElement().asString()
                .contains("contactor_welded (CONTACTOR_FAULT: raised 20 times, cleared 20 times since"
                        + " 1970-01-01T00:00:01Z; newest raised 1970-01-01T00:00:25Z")
                .endsWith("cleared 1970-01-01T00:00:40Z)");
    }

    @Test
    void fullRateStepsAndNegativeEventsAreReportedBesideTheTelemetryFigures() {
        List<HealthEvidence> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // 1.2 mΩ per cell at 25 °C, mid-SOC, 80 A steps.
            sent.add(HealthEvidence.currentStep("dev", CODE, 10_000 + i * 300_000L, 0.0012, 0, -80, 0.1, 25.0, 3.7));
        }
        sent.add(HealthEvidence.negativeEvent("dev", CODE, "OVER_VOLTAGE", 5_000, 5_400, 4.26));
        sent.add(HealthEvidence.negativeEvent("dev", CODE, "OVER_VOLTAGE", 9_000, 9_200, 4.31));
        sent.add(HealthEvidence.negativeEvent("dev", CODE, "EXTREME_TEMPERATURE", 7_000, 67_000, -24));
        store.addAll(sent, Instant.now());
        EdgeConditions.Applied applied = EdgeConditions.apply(reductions.of(CODE), battery, PackConditions.none());
        assertThat(applied.conditions()).isEqualTo(PackConditions.none());
        assertThat(applied.reasons()).containsExactly(
                "ohmic resistance at full CAN rate (edge): 115.2 mΩ (±0.0) at 25 °C from 12 current steps",
                "negative events at full CAN rate (edge): 2 over voltage (0.6 s in all, worst 4.31 V), "
                        + "1 extreme temperature (60.0 s in all, worst -24.00 °C)");
    }

    @Test
    void flagNamesMapToTheGradingsFaults() {
        assertThat(EdgeConditions.faultOf("isolation_sensor_fault")).isEqualTo(Fault.INSULATION_FAULT);
        assertThat(EdgeConditions.faultOf("BMS_a035_SW_Isolation")).isEqualTo(Fault.INSULATION_FAULT);
        assertThat(EdgeConditions.faultOf("contactor_welded")).isEqualTo(Fault.CONTACTOR_FAULT);
        assertThat(EdgeConditions.faultOf("coolant_leak")).isEqualTo(Fault.COOLANT_LEAK);
        assertThat(EdgeConditions.faultOf("hvil_fault")).isEqualTo(Fault.BMS_FAULT);
    }
}
