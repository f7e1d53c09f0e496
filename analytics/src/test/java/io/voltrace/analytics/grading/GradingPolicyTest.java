package io.voltrace.analytics.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voltrace.analytics.soh.RestDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradingPolicyTest {

    @Test
    void shippedPolicyHoldsTheDocumentedDefaults() {
        GradingPolicy p = GradingPolicy.defaults();

        assertThat(p.reuseGradeA()).isEqualTo(80);
        assertThat(p.reuseGradeB()).isEqualTo(70);
        assertThat(p.reuseGradeC()).isEqualTo(60);
        assertThat(p.maxCellSpreadVolts()).isEqualTo(0.10);
        assertThat(p.maxTempC()).isEqualTo(60);
        assertThat(p.overVoltageMarginVolts()).isEqualTo(0.05);
        assertThat(p.rest()).isEqualTo(RestDetector.defaults());
        assertThat(p.selfDischarge()).isEqualTo(new SelfDischargeLimits(2.0, 2, 6, 3, 0.003, true));
        assertThat(p.insulation()).isEqualTo(new InsulationLimits(100, false));
        assertThat(p.resistance()).isEqualTo(new ResistanceLimits(50, 100));
        assertThat(p.maxThermalEvents()).isZero();
        assertThat(p.recoveryFaults()).containsExactlyInAnyOrder(Fault.MECHANICAL_DAMAGE, Fault.ELECTROLYTE_LEAKAGE,
                Fault.CELL_SWELLING, Fault.VENTING, Fault.WATER_INGRESS);
        assertThat(p.minTelemetryDays()).isEqualTo(7);
    }

    @Test
    void aFileChangesOnlyTheFieldsItSets(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("recycler.json");
        Files.writeString(file, """
                {
                  "about": "Recycler X: stricter insulation, any leak or swelling to recovery only",
                  "grades": {"reuseA": 85},
                  "insulation": {"minOhmsPerVolt": 500, "holdWhenUnmeasured": true},
                  "faults": {"recovery": ["ELECTROLYTE_LEAKAGE", "CELL_SWELLING"]}
                }
                """);

        GradingPolicy p = GradingPolicy.load(file);

        assertThat(p.reuseGradeA()).isEqualTo(85);
        assertThat(p.reuseGradeB()).isEqualTo(70);
        assertThat(p.insulation()).isEqualTo(new InsulationLimits(500, true));
        assertThat(p.recoveryFaults()).isEqualTo(Set.of(Fault.ELECTROLYTE_LEAKAGE, Fault.CELL_SWELLING));
        assertThat(p.selfDischarge()).isEqualTo(GradingPolicy.defaults().selfDischarge());
    }

    @Test
    void everyProblemIsNamedWithFileLineAndField() {
        String json = """
                {
                  "grades": {"reuseA": 80, "reuseB": 85},
                  "selfDischarge": {
                    "maxPercentPerDay": -1,
                    "minRests": 2.5
                  },
                  "temperature": {"maxC": "hot"},
                  "cellSpraed": {"maxVolts": 0.1},
                  "faults": {"recovery": ["MECHANICAL_DAMAGE", "SMOKE"]}
                }
                """;

        GradingPolicyException e = catchThrowableOfType(GradingPolicyException.class,
                () -> GradingPolicy.parse(json, "bad.json"));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bad.json:7: temperature.maxC: must be a number, was \"hot\"",
                "bad.json:8: cellSpraed: unknown field (known: grades, rest, cellSpread, temperature, overVoltage, "
                        + "selfDischarge, insulation, resistance, thermalEvents, faults, evidence)",
                "bad.json:2: grades.reuseB: reuseA (80) must be above reuseB (85)",
                "bad.json:4: selfDischarge.maxPercentPerDay: must be in (0, 100], was -1",
                "bad.json:5: selfDischarge.minRests: must be a whole number, was 2.5",
                "bad.json:9: faults.recovery.1: unknown fault \"SMOKE\" (known: MECHANICAL_DAMAGE, "
                        + "ELECTROLYTE_LEAKAGE, CELL_SWELLING, VENTING, WATER_INGRESS, INSULATION_FAULT, BMS_FAULT, "
                        + "CONTACTOR_FAULT, COOLANT_LEAK)");
        assertThat(e).hasMessageStartingWith("grading policy bad.json has 6 problems:\n  bad.json:");
    }

    @Test
    void aCrossFieldProblemPointsAtTheFieldTheUserWrote() {
        assertThatThrownBy(() -> GradingPolicy.parse("{\n  \"grades\": {\n    \"reuseC\": 75\n  }\n}", "p.json"))
                .isInstanceOf(GradingPolicyException.class)
                .hasMessageContaining("p.json:3: grades.reuseC: reuseB (70) must be above reuseC (75)");
    }

    @Test
    void malformedJsonNamesItsLine() {
        assertThatThrownBy(() -> GradingPolicy.parse("{\n  \"grades\": {\"reuseA\": 80,,}\n}", "broken.json"))
                .isInstanceOf(GradingPolicyException.class)
                .hasMessageContaining("broken.json:2: malformed JSON: ");
    }

    @Test
    void aDuplicateKeyIsAnError() {
        assertThatThrownBy(() -> GradingPolicy.parse("{\"grades\": {\"reuseA\": 80, \"reuseA\": 90}}", "dup.json"))
                .isInstanceOf(GradingPolicyException.class)
                .hasMessageContaining("dup.json:1: malformed JSON: Duplicate field 'reuseA'");
    }

    @Test
    void notAnObjectOrNotThereIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> GradingPolicy.parse("[1, 2]", "list.json"))
                .hasMessageContaining("list.json:1: the policy must be a JSON object");
        assertThatThrownBy(() -> GradingPolicy.load(dir.resolve("missing.json")))
                .isInstanceOf(GradingPolicyException.class)
                .hasMessageContaining("missing.json: cannot read");
        assertThatThrownBy(() -> GradingPolicy.parse("{\"grades\": 80}", "flat.json"))
                .hasMessageContaining("flat.json:1: grades: must be an object with reuseA, reuseB, reuseC");
    }
}
