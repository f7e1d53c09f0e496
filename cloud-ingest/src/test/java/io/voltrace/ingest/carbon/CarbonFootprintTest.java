package io.voltrace.ingest.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The declared footprint's checks name the field, round-trip through ledger details, and give the avoided figure. */
class CarbonFootprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void roundTripsThroughLedgerDetails() {
        CarbonFootprint cf = new CarbonFootprint(Map.of(LifecycleStage.RAW_MATERIAL, 48.5,
                LifecycleStage.END_OF_LIFE, 1.25), "PEFCR batteries", "CFD-1", "B", "BPNA000000000VTR");
        assertThat(CarbonFootprint.fromDetails(cf.toDetails())).contains(cf);
        assertThat(cf.total()).isEqualTo(49.75);
        assertThat(cf.making()).contains(48.5); // end of life is not part of making a battery
        assertThat(CarbonFootprint.fromDetails(Map.of("grade", "A"))).isEmpty();
    }

    @Test
    void badDetailsAreNamed() {
        assertThatThrownBy(() -> CarbonFootprint.fromDetails(Map.of("cfRawMaterial", "x", "cfRulebook", "R",
                "cfDeclaration", "D"))).hasMessageContaining("cfRawMaterial").hasMessageContaining("'x'");
        assertThatThrownBy(() -> CarbonFootprint.fromDetails(Map.of("cfRawMaterial", "4", "cfDeclaration", "D")))
                .hasMessageContaining("cfRulebook");
        assertThatThrownBy(() -> CarbonFootprint.fromDetails(Map.of("cfRulebook", "R", "cfDeclaration", "D")))
                .hasMessageContaining("at least one stage");
        assertThatThrownBy(() -> CarbonFootprint.fromDetails(Map.of("cfRawMaterials", "4", "cfRulebook", "R",
                "cfDeclaration", "D"))).hasMessageContaining("cfRawMaterials").hasMessageContaining("known");
        assertThatThrownBy(() -> CarbonFootprint.fromDetails(Map.of("cfRawMaterial", "4", "cfRulebook", "R",
                "cfDeclaration", "D", "cfFacility", "plant 7"))).hasMessageContaining("facility");
        assertThatThrownBy(() -> CarbonFootprint.fromDetails(Map.of("cfRawMaterial", "4", "cfRulebook", "R",
                "cfDeclaration", "D", "cfPerformanceClass", "Z"))).hasMessageContaining("performanceClass");
    }

    @Test
    void badApiBodiesAreNamed() throws Exception {
        assertThatThrownBy(() -> CarbonFootprint.fromJson(JSON.readTree("{\"rulebook\":\"R\",\"declaration\":\"D\"}")))
                .hasMessageContaining("'stages'");
        assertThatThrownBy(() -> CarbonFootprint.fromJson(JSON.readTree(
                "{\"stages\":{\"use\":3},\"rulebook\":\"R\",\"declaration\":\"D\"}")))
                .hasMessageContaining("stages.use").hasMessageContaining("raw_material");
        assertThatThrownBy(() -> CarbonFootprint.fromJson(JSON.readTree(
                "{\"stages\":{\"raw_material\":\"3\"},\"rulebook\":\"R\",\"declaration\":\"D\"}")))
                .hasMessageContaining("stages.raw_material").hasMessageContaining("number");
        assertThatThrownBy(() -> CarbonFootprint.fromJson(JSON.readTree(
                "{\"stages\":{\"raw_material\":3},\"rulebook\":\"R\"}"))).hasMessageContaining("declaration");
        assertThatThrownBy(() -> CarbonFootprint.fromJson(JSON.readTree(
                "{\"stages\":{\"raw_material\":3},\"rulebook\":7,\"declaration\":\"D\"}")))
                .hasMessageContaining("'rulebook'");
    }

    @Test
    void theAvoidedFootprintUsesTheDeclaredMakingOrThePublishedDefault() {
        CarbonFootprint cf = new CarbonFootprint(Map.of(LifecycleStage.RAW_MATERIAL, 50.0,
                LifecycleStage.MAIN_PRODUCTION, 20.0, LifecycleStage.END_OF_LIFE, 5.0), "R", "CFD-9", null, null);
        AvoidedFootprint declared = AvoidedFootprint.of(60, 80.0, Optional.of(cf)).orElseThrow();
        assertThat(declared.energyKwh()).isEqualTo(48);
        assertThat(declared.factorKgPerKwh()).isEqualTo(70);
        assertThat(declared.avoidedKg()).isEqualTo(3360);
        assertThat(declared.factorSource()).contains("CFD-9");

        AvoidedFootprint published = AvoidedFootprint.of(60, 80.0, Optional.empty()).orElseThrow();
        assertThat(published.factorKgPerKwh()).isEqualTo(AvoidedFootprint.DEFAULT_FACTOR);
        assertThat(published.factorSource()).contains("IVL");
        assertThat(published.avoidedKg()).isEqualTo(48 * 61.0);
        assertThat(AvoidedFootprint.fromDetails(published.toDetails())).contains(published);

        assertThat(AvoidedFootprint.of(60, null, Optional.of(cf))).as("no SOH, no figure").isEmpty();
        assertThat(AvoidedFootprint.of(60, 104.0, Optional.empty()).orElseThrow().energyKwh())
                .as("a new battery of the same energy: never more than the nameplate").isEqualTo(60);
    }
}
