package io.voltrace.edge.dbc;

import static io.voltrace.edge.dbc.TestDbc.hex;
import static io.voltrace.edge.dbc.TestDbc.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parts of the DBC grammar beyond messages and signals: signal groups, attributes of every object, long names,
 * frame formats, extended (cascaded) multiplexing, node lists over several lines, environment-variable value tables.
 */
class DbcExtendedFeaturesTest {

    /** issue_184_extended_mux_cascaded.dbc of cantools, reduced: MUX_A selects MUX_B, which selects B_0/B_1. */
    private static final String CASCADED = String.join("\n",
            "VERSION \"\"",
            "BS_:",
            "BU_:",
            "BO_ 2147483649 ext_MUX_cascaded: 8 Vector__XXX",
            " SG_ muxed_B_1 m1 : 24|8@1- (1,0) [0|0] \"\" Vector__XXX",
            " SG_ muxed_B_0 m0 : 16|8@1- (1,0) [0|0] \"\" Vector__XXX",
            " SG_ muxed_A_2_MUX_B m2M : 8|8@1- (1,0) [0|0] \"\" Vector__XXX",
            " SG_ muxed_A_1 m1 : 8|8@1- (1,0) [0|0] \"\" Vector__XXX",
            " SG_ MUX_A M : 0|8@1- (1,0) [0|0] \"\" Vector__XXX",
            "SG_MUL_VAL_ 2147483649 muxed_B_1 muxed_A_2_MUX_B 1-1;",
            "SG_MUL_VAL_ 2147483649 muxed_B_0 muxed_A_2_MUX_B 0-0;",
            "SG_MUL_VAL_ 2147483649 muxed_A_2_MUX_B MUX_A 2-2;",
            "SG_MUL_VAL_ 2147483649 muxed_A_1 MUX_A 1-1;",
            "");

    @Test
    void cascadedMultiplexersSelectAlongTheWholeChain() throws Exception {
        DbcDatabase db = parse(CASCADED);
        assertThat(db.warnings()).isEmpty();
        DbcMessage m = db.messageByName("ext_MUX_cascaded");
        assertThat(m.signal("muxed_B_0").multiplexerSignal()).isEqualTo("muxed_A_2_MUX_B");
        assertThat(m.signal("muxed_A_2_MUX_B").multiplexerSignal()).isEqualTo("MUX_A");
        assertThat(m.signal("MUX_A").multiplexerSignal()).isNull();

        // MUX_A = 2 selects MUX_B (byte 1); MUX_B = 0 selects B_0 (byte 2).
        assertThat(m.decodeToMap(hex("02000506"), 4, false)).containsExactly(
                entry("muxed_B_0", 5.0), entry("muxed_A_2_MUX_B", 0.0), entry("MUX_A", 2.0));
        assertThat(m.decodeToMap(hex("02010506"), 4, false)).containsExactly(
                entry("muxed_B_1", 6.0), entry("muxed_A_2_MUX_B", 1.0), entry("MUX_A", 2.0));
        // MUX_A = 1: byte 1 is muxed_A_1, and MUX_B is absent, so its pages are too although byte 1 reads 1.
        assertThat(m.decodeToMap(hex("01010506"), 4, false)).containsExactly(
                entry("muxed_A_1", 1.0), entry("MUX_A", 1.0));
        assertThat(m.decodeToMap(hex("03010506"), 4, false)).containsExactly(entry("MUX_A", 3.0));
        // Truncated: MUX_B is there, the page it selects is not.
        assertThat(m.decodeToMap(hex("0201"), 2, false)).containsExactly(
                entry("muxed_A_2_MUX_B", 1.0), entry("MUX_A", 2.0));

        Map<String, Double> values = new LinkedHashMap<>();
        values.put("MUX_A", 2.0);
        values.put("muxed_A_2_MUX_B", 1.0);
        values.put("muxed_B_1", -3.0);
        values.put("muxed_B_0", 9.0);
        values.put("muxed_A_1", 7.0);
        assertThat(hex(m.encode(values))).isEqualTo("020100fd00000000");
        values.put("MUX_A", 1.0);
        assertThat(hex(m.encode(values))).isEqualTo("0107000000000000");
    }

    @Test
    void independentMultiplexersEachSelectTheirOwnPages() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BS_:",
                "BU_:",
                "BO_ 2147483650 ext_MUX_indep_multiplexors: 8 Vector__XXX",
                " SG_ muxed_B_2 m2 : 24|8@1- (1,0) [0|0] \"\" Vector__XXX",
                " SG_ muxed_B_1 m1 : 24|8@1- (1,0) [0|0] \"\" Vector__XXX",
                " SG_ MUX_B M : 16|8@1- (1,0) [0|0] \"\" Vector__XXX",
                " SG_ muxed_A_1 m1 : 8|8@1- (1,0) [0|0] \"\" Vector__XXX",
                " SG_ muxed_A_0 m0 : 8|8@1- (1,0) [0|0] \"\" Vector__XXX",
                " SG_ MUX_A M : 0|8@1- (1,0) [0|0] \"\" Vector__XXX",
                "SG_MUL_VAL_ 2147483650 muxed_B_2 MUX_B 2-2;",
                "SG_MUL_VAL_ 2147483650 muxed_B_1 MUX_B 1-1;",
                "SG_MUL_VAL_ 2147483650 muxed_A_1 MUX_A 1-1;",
                "SG_MUL_VAL_ 2147483650 muxed_A_0 MUX_A 0-0;",
                ""));
        assertThat(db.warnings()).isEmpty();
        DbcMessage m = db.messageByName("ext_MUX_indep_multiplexors");
        assertThat(m.decodeToMap(hex("010A020B"), 4, false)).containsExactly(
                entry("muxed_B_2", 11.0), entry("MUX_B", 2.0), entry("muxed_A_1", 10.0), entry("MUX_A", 1.0));
        assertThat(m.decodeToMap(hex("000A010B"), 4, false)).containsExactly(
                entry("muxed_B_1", 11.0), entry("MUX_B", 1.0), entry("muxed_A_0", 10.0), entry("MUX_A", 0.0));
        assertThat(hex(m.encode(Map.of("MUX_A", 0.0, "muxed_A_0", 4.0, "muxed_A_1", 5.0, "MUX_B", 2.0,
                "muxed_B_2", -1.0, "muxed_B_1", 3.0)))).isEqualTo("000402ff00000000");
    }

    @Test
    void badSwitchesAndCyclesFallBackToTheMainMultiplexerWithWarnings() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BS_:",
                "BU_: A",
                "BO_ 1 M: 8 A",
                " SG_ Main M : 0|4@1+ (1,0) [0|15] \"\" A",
                " SG_ X m1M : 4|4@1+ (1,0) [0|15] \"\" A",
                " SG_ Y m2M : 8|4@1+ (1,0) [0|15] \"\" A",
                " SG_ Leaf m3 : 12|4@1+ (1,0) [0|15] \"\" A",
                " SG_ Plain : 16|8@1+ (1,0) [0|255] \"\" A",
                "SG_MUL_VAL_ 1 X Y 1-1;",
                "SG_MUL_VAL_ 1 Y X 2-2;",
                "SG_MUL_VAL_ 1 Leaf Plain 3-3;",
                "SG_MUL_VAL_ 1 Plain Main 0-0;",
                ""));
        assertThat(db.warnings()).containsExactly(
                "test.dbc:9: SG_MUL_VAL_ M.X: multiplexers select each other in a cycle, X taken as selected by "
                        + "Main = 1",
                "test.dbc:11: SG_MUL_VAL_ M.Leaf: Plain is not a multiplexer (M or mNM), taken as selected by Main = 3",
                "test.dbc:12: SG_MUL_VAL_ M.Plain: signal is not multiplexed (mN), ignored");
        DbcMessage m = db.messageByName("M");
        // X by Main = 1; Y by X = 2 (its SG_MUL_VAL_ still holds); Leaf by Main = 3.
        assertThat(m.decodeToMap(hex("2100"), 2, false)).containsOnlyKeys("Main", "X", "Y");
        assertThat(m.decodeToMap(hex("23000000"), 3, false)).containsOnlyKeys("Main", "Leaf", "Plain");
    }

    @Test
    void signalGroupsAttributesAndNodes() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "VERSION \"\"",
                "BS_:",
                "BU_: Bms Vcu",
                "  Charger",
                "BO_ 100 Pack: 8 Bms",
                " SG_ Voltage : 0|16@1+ (0.1,0) [0|800] \"V\" Vcu,Charger",
                " SG_ Current : 16|16@1- (0.1,0) [-1000|1000] \"A\" Vcu",
                "EV_ Env: 0 [0|1] \"\" 0 1 DUMMY_NODE_VECTOR0 Vector__XXX;",
                "CM_ BU_ Bms \"Battery management\";",
                "BA_DEF_ SG_ \"GenSigStartValue\" INT 0 65535;",
                "BA_DEF_ SG_ \"SigKind\" ENUM \"Measured\",\"Computed\";",
                "BA_DEF_ BU_ \"NodeAddress\" HEX 0 255;",
                "BA_DEF_ BU_ \"Supplier\" STRING ;",
                "BA_DEF_ BO_ \"GenMsgCycleTime\" INT 0 10000;",
                "BA_DEF_DEF_ \"GenSigStartValue\" 0;",
                "BA_DEF_DEF_ \"SigKind\" \"Measured\";",
                "BA_DEF_DEF_ \"GenMsgCycleTime\" 100;",
                "BA_ \"GenSigStartValue\" SG_ 100 Voltage 3500;",
                "BA_ \"SigKind\" SG_ 100 Current 1;",
                "BA_ \"NodeAddress\" BU_ Bms 16;",
                "BA_ \"Supplier\" BU_ Charger \"ACME\";",
                "BA_ \"Supplier\" BU_ Ghost \"Nobody\";",
                "VAL_ Env 0 \"Off\" 1 \"On\";",
                "SIG_GROUP_ 100 Electrical 1 : Voltage Current;",
                ""));
        assertThat(db.nodes()).containsExactly("Bms", "Vcu", "Charger");
        assertThat(db.node("Bms")).isEqualTo(new DbcNode("Bms", "Battery management", Map.of("NodeAddress", 16L)));
        assertThat(db.node("Charger").attributes()).containsExactly(entry("Supplier", "ACME"));
        assertThat(db.node("Vcu").attributes()).isEmpty();
        assertThat(db.node("Ghost")).isNull();

        DbcMessage pack = db.messageByName("Pack");
        assertThat(pack.signal("Voltage").attributes()).containsExactly(entry("GenSigStartValue", 3500L));
        assertThat(pack.signal("Current").attributes()).containsExactly(entry("SigKind", "Computed"));
        assertThat(pack.signalGroups()).containsExactly(
                new DbcSignalGroup("Electrical", 1, List.of("Voltage", "Current")));

        DbcAttributeDefinition kind = db.attributeDefinitions().get("SigKind");
        assertThat(kind.objectType()).isEqualTo(DbcAttributeDefinition.ObjectType.SIGNAL);
        assertThat(kind.valueType()).isEqualTo(DbcAttributeDefinition.ValueType.ENUM);
        assertThat(kind.enumValues()).containsExactly("Measured", "Computed");
        assertThat(kind.defaultValue()).isEqualTo("Measured");
        DbcAttributeDefinition address = db.attributeDefinitions().get("NodeAddress");
        assertThat(address.objectType()).isEqualTo(DbcAttributeDefinition.ObjectType.NODE);
        assertThat(address.minimum()).isEqualTo(0.0);
        assertThat(address.maximum()).isEqualTo(255.0);
        assertThat(address.defaultValue()).isNull();

        // The environment variable's VAL_ is checked and dropped quietly; EV_ itself is reported once.
        assertThat(db.warnings()).containsExactly(
                "test.dbc:8: EV_ not supported, 1 statement skipped",
                "test.dbc:22: BA_ Supplier: no node Ghost in BU_, attribute ignored");
    }

    @Test
    void nodeListsOverSeveralLinesStopAtTheNextStatement() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BS_:",
                "BU_: A B,",
                "C",
                "\tD E",
                "VAL_TABLE_ T 1 \"x\";",
                "BO_ 1 M: 8 E",
                ""));
        assertThat(db.nodes()).containsExactly("A", "B", "C", "D", "E");
        assertThat(db.valueTables()).containsOnlyKeys("T");
        assertThat(db.warnings()).isEmpty();
    }

    @Test
    void longNamesReplaceShortOnes() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BS_:",
                "BU_: EcuShort Other",
                "BO_ 1 MsgShort: 8 EcuShort",
                " SG_ Sel M : 0|8@1+ (1,0) [0|0] \"\" Other",
                " SG_ SigShort m1 : 8|8@1+ (1,0) [0|0] \"\" EcuShort,Other",
                " SG_ Clash : 16|8@1+ (1,0) [0|0] \"\" Other",
                "BA_DEF_ BU_ \"SystemNodeLongSymbol\" STRING ;",
                "BA_DEF_ BO_ \"SystemMessageLongSymbol\" STRING ;",
                "BA_DEF_ SG_ \"SystemSignalLongSymbol\" STRING ;",
                "BA_DEF_DEF_ \"SystemSignalLongSymbol\" \"\";",
                "BA_ \"SystemNodeLongSymbol\" BU_ EcuShort \"EngineControlUnitWithAVeryLongName\";",
                "BA_ \"SystemMessageLongSymbol\" BO_ 1 \"MessageWithANameLongerThan32Characters\";",
                "BA_ \"SystemSignalLongSymbol\" SG_ 1 SigShort \"SignalWithANameLongerThan32Characters\";",
                "BA_ \"SystemSignalLongSymbol\" SG_ 1 Clash \"Sel\";",
                "SG_MUL_VAL_ 1 SigShort Sel 1-1;",
                "SIG_GROUP_ 1 G 1 : SigShort Clash;",
                "CM_ SG_ 1 SigShort \"found by its short name\";",
                ""));
        assertThat(db.nodes()).containsExactly("EngineControlUnitWithAVeryLongName", "Other");
        DbcMessage m = db.message(1, false);
        assertThat(m.name()).isEqualTo("MessageWithANameLongerThan32Characters");
        assertThat(db.messageByName("MessageWithANameLongerThan32Characters")).isSameAs(m);
        assertThat(m.sender()).isEqualTo("EngineControlUnitWithAVeryLongName");
        DbcSignal s = m.signal("SignalWithANameLongerThan32Characters");
        assertThat(s.comment()).isEqualTo("found by its short name");
        assertThat(s.receivers()).containsExactly("EngineControlUnitWithAVeryLongName", "Other");
        assertThat(s.multiplexerSignal()).isEqualTo("Sel");
        assertThat(m.signal("Clash")).isNotNull();
        assertThat(m.signalGroups().get(0).signalNames())
                .containsExactly("SignalWithANameLongerThan32Characters", "Clash");
        assertThat(m.decodeToMap(hex("0107"), 2, false))
                .containsExactly(entry("Sel", 1.0), entry("SignalWithANameLongerThan32Characters", 7.0));
        assertThat(db.warnings()).containsExactly(
                "test.dbc:6: SG_ Clash: long name Sel already used in MsgShort, short name kept");
    }

    @Test
    void frameFormatFromEnumTextsOfAnyDefinition() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BS_:",
                "BU_: A",
                "BO_ 1 Std: 8 A",
                "BO_ 2 Ext: 8 A",
                "BO_ 3 StdFd: 8 A",
                "BO_ 4 ExtFd: 64 A",
                "BO_ 5 ByDefault: 8 A",
                "BA_DEF_ BO_ \"VFrameFormat\" ENUM \"StandardCAN\",\"ExtendedCAN\",\"StandardCAN_FD\","
                        + "\"ExtendedCAN_FD\";",
                "BA_DEF_DEF_ \"VFrameFormat\" \"StandardCAN_FD\";",
                "BA_ \"VFrameFormat\" BO_ 1 0;",
                "BA_ \"VFrameFormat\" BO_ 2 1;",
                "BA_ \"VFrameFormat\" BO_ 3 2;",
                "BA_ \"VFrameFormat\" BO_ 4 3;",
                ""));
        assertThat(db.warnings()).isEmpty();
        assertThat(List.of("Std", "Ext", "StdFd", "ExtFd", "ByDefault"))
                .extracting(n -> db.messageByName(n).extended() + "/" + db.messageByName(n).fd())
                .containsExactly("false/false", "true/false", "false/true", "true/true", "false/true");
        assertThat(db.message(2, true)).isSameAs(db.messageByName("Ext"));
    }

    @Test
    void pruneChoicesAsCantools() throws Exception {
        String text = String.join("\n",
                "BS_:",
                "BU_: A",
                "BO_ 1 M: 8 A",
                " SG_ Multi : 0|8@1+ (1,0) [0|0] \"\" A",
                " SG_ Single : 8|8@1+ (1,0) [0|0] \"\" A",
                " SG_ Digits : 16|8@1+ (1,0) [0|0] \"\" A",
                " SG_ Kept : 24|8@1+ (1,0) [0|0] \"\" A",
                "VAL_ 1 Multi 0 \"M_SIG_OFF\" 1 \"M_SIG_ON\" 2 \"M_SIG_2\";",
                "VAL_ 1 Single 0 \"MyMessage_MySignal_Uint32_NotAvailable\";",
                "VAL_ 1 Digits 0 \"MUX_8\" 1 \"MUX_9\";",
                "VAL_ 1 Kept 0 \"On\" 1 \"Off\";",
                "");
        DbcMessage pruned = DbcParser.parse("test.dbc", new StringReader(text), new DbcParser.Options(true))
                .messageByName("M");
        // "2" is not an identifier, so only "M_" can go.
        assertThat(pruned.signal("Multi").choices().values()).containsExactly("SIG_OFF", "SIG_ON", "SIG_2");
        assertThat(pruned.signal("Single").choices().values()).containsExactly("NotAvailable");
        assertThat(pruned.signal("Digits").choices().values()).containsExactly("MUX_8", "MUX_9");
        assertThat(pruned.signal("Kept").choices().values()).containsExactly("On", "Off");
        assertThat(parse(text).messageByName("M").signal("Single").choices().values())
                .containsExactly("MyMessage_MySignal_Uint32_NotAvailable");
    }

    /** cantools' own long-name and extended-multiplexing files, read in place. */
    @Test
    void sharedFilesWithLongNamesAndExtendedMultiplexing() throws Exception {
        Path dir = SharedData.require("dbc-conformance").resolve("dbc");
        DbcDatabase longNames = DbcParser.parse(dir.resolve("long_names.dbc"));
        assertThat(longNames.nodes()).contains("NN123456789012345678901234567890123",
                "N123456789012345678901234567890123");
        assertThat(longNames.message(0, false).name()).isEqualTo("M123456789012345678901234567890123");
        assertThat(longNames.message(4, false).signal("SS12345678901234567890123456789012")).isNotNull();

        DbcDatabase cascaded = DbcParser.parse(dir.resolve("issue_184_extended_mux_cascaded.dbc"));
        assertThat(cascaded.messageByName("ext_MUX_cascaded").decodeToMap(hex("0201050600000000"), 8, false))
                .containsOnlyKeys("MUX_A", "muxed_A_2_MUX_B", "muxed_B_1");
        DbcDatabase multiplex2 = DbcParser.parse(dir.resolve("multiplex_2.dbc"));
        DbcMessage extended = multiplex2.messageByName("Extended");
        // S0 = 0 selects S1 (a multiplexer), S1 = 0 selects S2 and S3; S6 = 2 independently selects S8.
        assertThat(extended.decodeToMap(hex("0001020002000000"), 8, false))
                .containsOnlyKeys("S0", "S1", "S2", "S3", "S6", "S8");
        // S0 = 1 selects S5 only: S1 and what it selects are gone.
        assertThat(extended.decodeToMap(hex("0101020001000000"), 8, false))
                .containsOnlyKeys("S0", "S5", "S6", "S7");
        assertThat(multiplex2.warnings()).noneMatch(w -> w.contains("SG_MUL_VAL_"));
    }
}
