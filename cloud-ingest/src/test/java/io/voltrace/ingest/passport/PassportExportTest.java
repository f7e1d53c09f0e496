package io.voltrace.ingest.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.ingest.carbon.AvoidedFootprint;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.RecoveryFigures;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.testing.CatenaXSchemas;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passports built from the registry and the ledger validate against the Catena-X Battery Pass 6.1.0 schema (read in
 * place from the shared data folder; skipped with a notice without it), carry voltrace's evidence with its time, take
 * the rest from the declaration and name each source; what nobody stated is refused, not invented.
 */
class PassportExportTest {
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final String PACK = "VTRPE96DEMO001T5C0000001";
    static final String MODULE = "VTRME96DEMO001T5C0000002";
    static final String CELL = "VTRCE96DEMO001T5C0000003";
    static final String NEW_CODE = "RUSPE96REUSE01U1A0000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestRegistries db;
    private Registry registry;
    private Ledger ledger;
    private PassportService passports;

    @BeforeEach
    void open() throws SQLException {
        db = TestRegistries.open(TestRegistries.Backend.H2);
        registry = db.registry();
        for (OrganisationKind kind : OrganisationKind.values()) {
            registry.createOrganisation(new Organisation(kind.wireName().replace('_', '-'), kind.wireName(), kind,
                    T0));
        }
        Clock clock = Clock.fixed(T0.plusSeconds(86_400L * 400), ZoneOffset.UTC);
        ledger = new Ledger(registry, clock);
        passports = new PassportService(registry, ledger, false, clock);
        registry.registerDevice("dev-1", "secret-secret".toCharArray());
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private void register(String code) {
        registry.registerBattery(new BatteryRecord(code, "dev-1", Chemistry.NMC, 60, 96, "VT-Family 60", T0));
    }

    private LedgerEvent record(String code, EventType type, int day, String actor, String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ledger.append(new NewEvent(code, type, T0.plusSeconds(86_400L * day), actor, m));
    }

    private void produceWithFootprint(String code) {
        record(code, EventType.PRODUCTION, 0, "manufacturer", "cfRawMaterial", "48.5", "cfMainProduction", "21.2",
                "cfDistribution", "1.3", "cfRulebook", "Commission Delegated Regulation on battery carbon footprint",
                "cfDeclaration", "CFD-2026-0001", "cfPerformanceClass", "B");
    }

    private void declare(String code, String org) {
        passports.declarations().declare(code, ExampleDeclaration.forPack(60, 21.3, T0), org, T0.plusSeconds(60));
    }

    private void assess(String code, double soh, Double mohm, Double growth, int day) {
        registry.saveAssessment(new HealthAssessment(code, T0.plusSeconds(86_400L * day), 60 * soh / 100, soh, 0.8,
                12, "rest-pair OCV", soh >= 80 ? "REUSE_A" : "RECOVERY", List.of("SOH " + soh), mohm, growth,
                new RecoveryFigures("NMC622", 21.3, 2.3, 11.9, 4.0, 3.8, 12.4)));
    }

    static List<String> batteryPassErrors(JsonNode pass) throws Exception {
        Schema schema = CatenaXSchemas.schema(CatenaXSchemas.BATTERY_PASS);
        return CatenaXSchemas.errors(schema, JSON.writeValueAsString(pass));
    }

    @Test
    void theValidatorAcceptsTheModelsOwnExampleAndReportsABrokenOne() throws Exception {
        Schema schema = CatenaXSchemas.schema(CatenaXSchemas.BATTERY_PASS);
        ObjectNode example = (ObjectNode) JSON.readTree(CatenaXSchemas.file(CatenaXSchemas.BATTERY_PASS_EXAMPLE)
                .toFile());
        assertThat(CatenaXSchemas.errors(schema, example.toString())).isEmpty();

        ObjectNode broken = example.deepCopy();
        broken.remove("materials");
        ((ObjectNode) broken.get("identification")).put("category", "spaceship");
        ((ObjectNode) broken.at("/performance/dynamic/stateOfCharge")).put("time", "yesterday");
        List<String> errors = CatenaXSchemas.errors(schema, broken.toString());
        assertThat(String.join("\n", errors)).contains("materials").contains("category").contains("time");
    }

    @Test
    void anAssessedBatteryCarriesItsEvidenceWithTimesAndValidates() throws Exception {
        register(PACK);
        produceWithFootprint(PACK);
        record(PACK, EventType.TRANSFER_INITIATED, 1, "manufacturer", "to", "fleet");
        record(PACK, EventType.TRANSFER_ACCEPTED, 1, "fleet");
        record(PACK, EventType.INSTALLATION, 2, "fleet", "vehicle", "veh_0123456789abcdef");
        declare(PACK, "manufacturer");
        assess(PACK, 93.0, 116.4, 0.0, 120);
        assess(PACK, 87.5, 131.0, 12.5, 300);

        ObjectNode pass = passports.export(PACK).batteryPass();

        assertThat(batteryPassErrors(pass)).isEmpty();
        String assessedAt = T0.plusSeconds(86_400L * 300).toString();
        assertThat(pass.at("/performance/dynamic/capacity/capacity/value").asDouble()).isEqualTo(52.5);
        assertThat(pass.at("/performance/dynamic/capacity/capacity/time").asText()).isEqualTo(assessedAt);
        assertThat(pass.at("/performance/dynamic/capacity/fade/value").asDouble()).isEqualTo(12.5);
        assertThat(pass.at("/performance/dynamic/resistance/increase/pack/value").asDouble()).isEqualTo(12.5);
        assertThat(pass.at("/performance/dynamic/resistance/remaining/pack/value").asDouble()).isEqualTo(0.131);
        // No telemetry was read: the declared beginning-of-life figures stand, with their (production) time.
        assertThat(pass.at("/performance/dynamic/stateOfCharge/time").asText()).isEqualTo(T0.toString());
        assertThat(pass.at("/performance/rated/capacity/value").asDouble()).isEqualTo(60);
        assertThat(pass.at("/identification/chemistry").asText()).contains("NMC");
        assertThat(pass.at("/identification/identification/codes").findValuesAsText("value")).contains(PACK);
        assertThat(pass.at("/operation/manufacturer/manufacturingDate").asText()).isEqualTo("2026-03-02");
        assertThat(pass.at("/operation/intoServiceDate").asText()).isEqualTo("2026-03-04");
        assertThat(pass.at("/sustainability/status").asText()).isEqualTo("original");

        JsonNode cf = pass.at("/sustainability/carbonFootprint");
        assertThat(cf).hasSize(3);
        assertThat(cf.findValuesAsText("lifecycle")).containsExactly("raw material acquisition and pre-processing",
                "main product production", "distribution");
        assertThat(cf.get(0).get("value").asDouble()).isEqualTo(48.5);
        assertThat(cf.get(0).get("performanceClass").asText()).isEqualTo("B");
        assertThat(cf.get(0).at("/declaration/0/content").asText()).isEqualTo("CFD-2026-0001");
        assertThat(cf.get(0).at("/manufacturingPlant/0/facility").asText()).isEqualTo("BPNA000000000VTR");

        // The figures are the stored latest assessment's, to the digit, with its time; the history's first entry
        // says since when the battery has been assessed.
        HealthAssessment latest = registry.latestAssessment(PACK).orElseThrow();
        assertThat(pass.at("/performance/dynamic/capacity/capacity/value").asDouble()).isEqualTo(latest.capacityAh());
        assertThat(pass.at("/performance/dynamic/resistance/remaining/pack/value").asDouble())
                .isEqualTo(latest.resistanceMilliohm() / 1000);
        assertThat(pass.at("/performance/dynamic/resistance/increase/pack/value").asDouble())
                .isEqualTo(latest.resistanceGrowthPercent());
        String sources = pass.get("sources").toString();
        assertThat(sources).contains("voltrace health assessment of " + PACK + ", " + latest.assessedAt())
                .contains("the latest assessment, assessed since " + T0.plusSeconds(86_400L * 120))
                .contains("/performance/dynamic/capacity/capacity (remaining capacity")
                .contains("/performance/dynamic/stateOfCharge (declared, as of " + T0)
                .contains("/sustainability/carbonFootprint").contains("Declaration v1 by manufacturer");
    }

    @Test
    void aBatteryWithoutAssessmentTakesTheDeclaredBeginningOfLifeAndSaysSo() throws Exception {
        register(PACK);
        produceWithFootprint(PACK);
        declare(PACK, "manufacturer");

        ObjectNode pass = passports.export(PACK).batteryPass();

        assertThat(batteryPassErrors(pass)).isEmpty();
        assertThat(pass.at("/performance/dynamic/capacity/capacity/value").asDouble()).isEqualTo(60);
        assertThat(pass.at("/performance/dynamic/capacity/capacity/time").asText()).isEqualTo(T0.toString());
        assertThat(pass.get("sources").toString()).contains("/performance/dynamic/capacity/capacity (declared, as of")
                .contains("no voltrace figure: the battery has not been assessed yet")
                .doesNotContain("voltrace health assessment");
    }

    @Test
    void withoutAssessmentOrDeclaredFiguresTheExportSaysTheBatteryWasNotAssessed() {
        register(PACK);
        produceWithFootprint(PACK);
        assertThatThrownBy(() -> passports.export(PACK).batteryPass())
                .isInstanceOf(IncompletePassportException.class)
                .hasMessageContaining("/performance/dynamic/capacity/capacity")
                .hasMessageContaining("The battery has not been assessed yet");
    }

    @Test
    void theEdgesNegativeEventsComeFromItsReductionByKind() throws Exception {
        register(PACK);
        produceWithFootprint(PACK);
        declare(PACK, "manufacturer");
        io.voltrace.ingest.health.EdgeReductions reductions = new io.voltrace.ingest.health.EdgeReductions(
                registry.dataSource(), new io.voltrace.ingest.health.AssessmentSchedule(registry.dataSource()),
                registry::battery, Clock.systemUTC());
        long t = T0.plusSeconds(86_400L * 10).toEpochMilli();
        reductions.evidenceStore().addAll(List.of(
                io.voltrace.common.wire.HealthEvidence.negativeEvent("dev-1", PACK, "DEEP_DISCHARGE", t, t + 30_000,
                        2.61),
                io.voltrace.common.wire.HealthEvidence.negativeEvent("dev-1", PACK, "DEEP_DISCHARGE", t + 86_400_000,
                        t + 86_400_000 + 90_000, 2.41)), T0.plusSeconds(86_400L * 11));
        var kind = reductions.of(PACK).events().get(0);

        ObjectNode pass = passports.export(PACK).batteryPass();

        assertThat(batteryPassErrors(pass)).isEmpty();
        JsonNode events = pass.at("/performance/dynamic/negativeEvents");
        assertThat(events).hasSize(1); // one entry per kind, as reduced; the raw records were one per event
        assertThat(events.toString()).contains(String.format(java.util.Locale.ROOT,
                "deep discharge: %d events since %s, 120 s in all, worst %s (edge, full CAN rate)", kind.count(),
                java.time.Instant.ofEpochMilli(kind.firstTs()), "2.41"));
        assertThat(kind.count()).isEqualTo(2);
        assertThat(kind.worst()).as("a deep discharge's worst is its lowest voltage").isEqualTo(2.41);
    }

    @Test
    void withoutDeclarationOrFootprintTheExportNamesWhatIsMissingInsteadOfInventingIt() {
        register(PACK);
        record(PACK, EventType.PRODUCTION, 0, "manufacturer");
        assess(PACK, 90, null, null, 10);

        assertThatThrownBy(() -> passports.export(PACK)).isInstanceOf(IncompletePassportException.class)
                .hasMessageContaining("/sustainability/carbonFootprint")
                .hasMessageContaining("/performance/dynamic/stateOfCharge")
                .hasMessageContaining("/performance/dynamic/resistance/remaining/pack")
                .hasMessageContaining("/materials")
                .hasMessageContaining("PUT /api/v1/batteries/" + PACK + "/passport/declaration")
                .satisfies(e -> assertThat(((IncompletePassportException) e).missing())
                        .doesNotContain("/performance/dynamic/capacity/capacity"));
    }

    @Test
    void aLaterCarbonFootprintEventReplacesTheProductionOne() throws Exception {
        register(PACK);
        produceWithFootprint(PACK);
        record(PACK, EventType.CARBON_FOOTPRINT, 5, "manufacturer", "cfRawMaterial", "40", "cfMainProduction",
                "20", "cfEndOfLife", "0.8", "cfRulebook", "PEFCR batteries", "cfDeclaration",
                "https://example.org/cfd/2", "cfFacility", "BPNA0000000000P2");
        declare(PACK, "manufacturer");

        ObjectNode pass = passports.export(PACK).batteryPass();

        assertThat(batteryPassErrors(pass)).isEmpty();
        JsonNode cf = pass.at("/sustainability/carbonFootprint");
        assertThat(cf.findValuesAsText("lifecycle")).containsExactly("raw material acquisition and pre-processing",
                "main product production", "end of life and recycling");
        assertThat(cf.get(0).at("/manufacturingPlant/0/facility").asText()).isEqualTo("BPNA0000000000P2");
        assertThat(cf.get(0).at("/declaration/0/contentType").asText()).isEqualTo("URL");
        assertThat(cf.get(0).has("performanceClass")).isFalse();
    }

    @Test
    void aRecodedBatteryIsRepurposedWithItsPredecessorAndTheAvoidedFootprintOnRecord() throws Exception {
        register(PACK);
        produceWithFootprint(PACK);
        declare(PACK, "manufacturer");
        assess(PACK, 78.0, 150.0, 30.0, 300);
        record(PACK, EventType.TRANSFER_INITIATED, 301, "manufacturer", "to", "reuse-maker");
        record(PACK, EventType.TRANSFER_ACCEPTED, 301, "reuse-maker");
        AvoidedFootprint avoided = AvoidedFootprint.of(21.3, 78.0,
                io.voltrace.ingest.carbon.CarbonFootprint.fromDetails(ledger.events(PACK).get(0).details())).get();
        ledger.recode(PACK, NEW_CODE, "reuse-maker", T0.plusSeconds(86_400L * 302), avoided.toDetails());
        register(NEW_CODE);
        declare(NEW_CODE, "reuse-maker");

        ObjectNode pass = passports.export(NEW_CODE).batteryPass();

        assertThat(batteryPassErrors(pass)).isEmpty();
        assertThat(pass.at("/sustainability/status").asText()).isEqualTo("repurposed");
        assertThat(pass.at("/metadata/predecessor").asText())
                .isEqualTo(BatteryPassBuilder.identifier(PACK, passports.declarations().current(PACK).get()))
                .isNotEqualTo(pass.at("/metadata/passportIdentifier").asText());
        // The same physical battery: its last assessment under the original code is the evidence until re-assessed.
        assertThat(pass.at("/performance/dynamic/capacity/capacity/value").asDouble()).isEqualTo(46.8);
        // The footprint of its making was declared under the original code.
        assertThat(pass.at("/sustainability/carbonFootprint/0/value").asDouble()).isEqualTo(48.5);
        assertThat(AvoidedFootprint.fromDetails(ledger.events(NEW_CODE).get(0).details())).contains(avoided);
        assertThat(avoided.energyKwh()).isEqualTo(16.6); // 21.3 kWh nameplate at 78 % SOH
        assertThat(avoided.factorKgPerKwh()).isEqualTo(71.0); // declared making: 48.5 + 21.2 + 1.3
        assertThat(avoided.avoidedKg()).isEqualTo(1179.6); // 16.614 kWh x 71 kg CO2e/kWh
    }

    @Test
    void aFinallyProcessedBatteryIsWaste() throws Exception {
        register(PACK);
        produceWithFootprint(PACK);
        declare(PACK, "manufacturer");
        record(PACK, EventType.TRANSFER_INITIATED, 1, "manufacturer", "to", "recycler");
        record(PACK, EventType.TRANSFER_ACCEPTED, 1, "recycler");
        record(PACK, EventType.RECYCLER_INTAKE, 2, "recycler");
        assess(PACK, 52, 170.0, 45.0, 3);
        record(PACK, EventType.FINAL_PROCESSING, 30, "recycler");

        ObjectNode pass = passports.export(PACK).batteryPass();

        assertThat(batteryPassErrors(pass)).isEmpty();
        assertThat(pass.at("/sustainability/status").asText()).isEqualTo("waste");
        assertThat(pass.at("/metadata/lastModification").asText()).isEqualTo("2027-04-06");
    }

    @Test
    void theCodeTreeIsATractionBatteryCodeDocument() throws Exception {
        register(PACK);
        record(PACK, EventType.PRODUCTION, 0, "manufacturer");
        ledger.linkComponent(PACK, MODULE);
        ledger.linkComponent(MODULE, CELL);

        ObjectNode tree = passports.codeTreeOnly(PACK).tractionBatteryCode();

        Schema schema = CatenaXSchemas.schema(CatenaXSchemas.TRACTION_BATTERY_CODE);
        assertThat(CatenaXSchemas.errors(schema, tree.toString())).isEmpty();
        assertThat(tree.get("productType").asText()).isEqualTo("pack");
        assertThat(tree.at("/subcomponents/0/tractionBatteryCode").asText()).isEqualTo(MODULE);
        assertThat(tree.at("/subcomponents/0/productType").asText()).isEqualTo("module");
        assertThat(tree.at("/subcomponents/0/subcomponents/0/tractionBatteryCode").asText()).isEqualTo(CELL);
        assertThat(tree.at("/subcomponents/0/subcomponents/0/productType").asText()).isEqualTo("cell");

        ObjectNode broken = tree.deepCopy();
        broken.put("productType", "crate");
        broken.put("tractionBatteryCode", "VTRPE96DEMO001T5C000000");
        assertThat(CatenaXSchemas.errors(schema, broken.toString())).hasSize(2);
    }
}
