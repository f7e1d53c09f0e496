package io.voltrace.edge.bms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.voltrace.edge.dbc.DbcDatabase;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad mapping files: each problem names the file, the field and the reason, and all problems come at once. */
class MappingValidationTest {
    final DbcDatabase dbc = MappedFieldsTest.parse(MappedFieldsTest.DBC_TEXT);

    static SignalMapping read(String json) throws Exception {
        return SignalMapping.read("bad.json", new StringReader(json));
    }

    MappingException resolveFails(String json) throws Exception {
        SignalMapping mapping = read(json);
        return catchThrowableOfType(MappingException.class, () -> mapping.resolve(dbc));
    }

    static String basics(String more) {
        return "{\"packVoltage\": {\"signal\": \"PackV\"},"
                + " \"packCurrent\": {\"signal\": \"Pack.PackI\", \"positiveWhen\": \"charging\"}"
                + (more.isEmpty() ? "" : ", " + more) + "}";
    }

    @Test
    void jsonSyntaxErrorsGiveLineAndColumn() {
        assertThatThrownBy(() -> read("{\n  \"packVoltage\": {\"signal\": \"PackV\"\n}"))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("bad.json:3:")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void shapeProblemsAreAllReportedTogether() {
        MappingException e = catchThrowableOfType(MappingException.class, () -> read("""
                {"packVoltage": {"signal": "PackV", "sacle": 2},
                 "packCurrent": {"signal": "PackI"},
                 "soc": {"signal": "PackSoc", "maxHz": 0},
                 "cellVoltages": {"pattern": "C(\\\\d+)", "signals": ["A"]},
                 "faults": {"Hvil": "hvil open"}}
                """));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bad.json: packVoltage.sacle: unknown key; known here: comment, invalidRaw, maxHz, offset, onChange,"
                        + " scale, signal",
                "bad.json: packCurrent.positiveWhen: missing (required)",
                "bad.json: soc.maxHz: must be a number above 0 (leave it out for every reading)",
                "bad.json: cellVoltages: has more than one of \"pattern\", \"signals\" and"
                        + " \"valueSignal\"/\"indexSignal\"; pick one",
                "bad.json: faults.Hvil: flag name 'hvil open' must be letters, digits and _, starting with a letter");
        assertThat(e.getMessage()).startsWith("bad.json: 5 problems:");
    }

    @Test
    void aWrongCurrentDirectionWordIsNamed() {
        assertThatThrownBy(() -> read("""
                {"packVoltage": {"signal": "PackV"},
                 "packCurrent": {"signal": "PackI", "positiveWhen": "out"}}
                """)).hasMessage("bad.json: packCurrent.positiveWhen: 'out' must be \"charging\" or \"discharging\"");
    }

    @Test
    void unknownSignalsAreNamedWithASuggestion() throws Exception {
        MappingException e = resolveFails(basics("\"soc\": {\"signal\": \"PackSco\"}"));
        assertThat(e.getMessage()).isEqualTo(
                "bad.json: soc.signal: signal 'PackSco' is not in pairs.dbc; did you mean 'PackSoc'?");
    }

    @Test
    void aNameInSeveralMessagesMustBeQualified() throws Exception {
        MappingException e = resolveFails("""
                {"packVoltage": {"signal": "PackV"}, "packCurrent": {"signal": "PackI", "positiveWhen": "charging"}}
                """);
        assertThat(e.getMessage()).isEqualTo("bad.json: packCurrent.signal: signal 'PackI' is in 2 messages"
                + " (Pack, Charger); write it as Message.PackI");
    }

    @Test
    void badPatternsAreExplained() throws Exception {
        assertThat(resolveFails(basics("\"cellVoltages\": {\"pattern\": \"Cell(\\\\d+\"}")).getMessage())
                .startsWith("bad.json: cellVoltages.pattern: not a valid regular expression:");
        assertThat(resolveFails(basics("\"cellVoltages\": {\"pattern\": \"CellMillivolts\"}")).getMessage())
                .isEqualTo("bad.json: cellVoltages.pattern: 'CellMillivolts' must have one capturing group for the"
                        + " number (or a group named 'index'), has 0");
        assertThat(resolveFails(basics("\"cellVoltages\": {\"pattern\": \"Brick(\\\\d+)\"}")).getMessage())
                .isEqualTo("bad.json: cellVoltages.pattern: 'Brick(\\d+)' matches no signal in pairs.dbc");
        assertThat(resolveFails(basics("\"cellTemperatures\": {\"pattern\": \"Probe(\\\\d+)\", \"indexOffset\": -2}"))
                .problems()).contains("bad.json: cellTemperatures.pattern: Charger.Probe1 gives index 1 + -2 = -1,"
                + " outside 0..127 (check indexOffset)");
    }

    @Test
    void duplicateTargetsAndDoubleUseAreRefused() throws Exception {
        MappingException e = resolveFails(basics("""
                "soc": {"signal": "PackV"},
                "cellTemperatures": {"signals": ["Probe1", "Probe2", "Probe1"]},
                "faults": {"Hvil": "trip", "Status": "trip"}
                """));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bad.json: soc: signal Pack.PackV is already mapped by packVoltage",
                "bad.json: cellTemperatures.signals[2]: signal Charger.Probe1 is already mapped by"
                        + " cellTemperatures.signals[0]",
                "bad.json: faults.Status: flag 'trip' is already raised by Hvil; give each signal its own flag");
        MappingException twoForOne = resolveFails(basics(
                "\"cellTemperatures\": {\"pattern\": \"Probe(\\\\d+)\", \"indexOffset\": -1}"));
        assertThat(twoForOne.getMessage()).isEqualTo("bad.json: cellTemperatures.pattern: duplicate target"
                + " CELL_TEMPERATURE[0]: fed by both Charger.Probe1 and Charger.Probe01");
    }

    @Test
    void pairsMustShareAMessage() throws Exception {
        assertThat(resolveFails(basics(
                "\"cellVoltages\": {\"valueSignal\": \"CellMillivolts\", \"indexSignal\": \"Status\"}"))
                .getMessage()).isEqualTo("bad.json: cellVoltages: valueSignal CellReport.CellMillivolts and"
                + " indexSignal Pack.Status must be in the same message");
    }

    @Test
    void aFileNamesItselfInProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my-car.json");
        Files.writeString(file, "{\"packVoltage\": {\"signal\": \"PackV\"}}");
        assertThatThrownBy(() -> SignalMapping.load(file))
                .hasMessage(file + ": packCurrent: missing (required)");
    }

    @Test
    void aBadMappingStopsTheSamplerWithTheSameMessage() throws Exception {
        SignalMapping mapping = read(basics("\"soc\": {\"signal\": \"Nope\"}"));
        assertThatThrownBy(() -> new PackSampler(dbc, mapping, 1, s -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad.json: soc.signal: signal 'Nope' is not in pairs.dbc");
    }

    @Test
    void everyShippedMappingReads() {
        for (String name : SignalMapping.SHIPPED) {
            SignalMapping m = SignalMapping.shipped(name);
            assertThat(m.source()).isEqualTo("mappings/" + name + ".json");
            assertThat(m.vehicle()).as(name).isNotBlank();
        }
        assertThatThrownBy(() -> SignalMapping.shipped("nope")).hasMessageContaining("no shipped mapping 'nope'");
    }
}
