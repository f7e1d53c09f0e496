package io.voltrace.edge.dbc;

import static io.voltrace.edge.dbc.TestDbc.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DbcParserTest {

    private static final String FULL = String.join("\n",
            "// header comment",
            "VERSION \"1.2\"",
            "",
            "NS_ :",
            "\tNS_DESC_",
            "\tCM_",
            "\tBA_DEF_",
            "\tSIG_VALTYPE_",
            "",
            "BS_:",
            "",
            "BU_: ECU1 ECU2 Logger",
            "VAL_TABLE_ OnOff 1 \"On\" 0 \"Off\" ;",
            "",
            "BO_ 100 Status: 8 ECU1",
            " SG_ Mode M : 0|4@1+ (1,0) [0|15] \"\" ECU2,Logger",
            " SG_ Speed m1 : 8|16@1+ (1E-002,0) [0|655.35] \"km/h\" ECU2",
            " SG_ Torque m2 : 15|16@0- (0.5,-100) [-1e+4|1e+4] \"Nm\" ECU2 Logger",
            " SG_ Ratio : 32|32@1- (1,0) [-3.4E+038|3.4E+038] \"\" Vector__XXX",
            "",
            "BO_ 2147484672 Extended: 8 Vector__XXX",
            " SG_ Wide : 0|64@1+ (1,0) [0|1.8E+019] \"\" ECU1",
            "",
            "BO_ 101 Plain: 2 ECU2",
            "",
            "BO_TX_BU_ 101 : ECU1,Logger;",
            "",
            "CM_ \"Global \\\"quoted\\\" comment",
            "over two lines\";",
            "CM_ BU_ ECU1 \"The first ECU\";",
            "CM_ BO_ 100 \"Status message\";",
            "CM_ SG_ 100 Speed \"Vehicle speed\";",
            "BA_DEF_ BO_ \"GenMsgCycleTime\" INT 0 65535;",
            "BA_DEF_ BO_ \"GenMsgSendType\" ENUM \"Cyclic\",\"Event\";",
            "BA_DEF_ BO_ \"Weight\" FLOAT 0 1;",
            "BA_DEF_ \"BusType\" STRING ;",
            "BA_DEF_ SG_ \"GenSigStartValue\" INT 0 100;",
            "BA_DEF_DEF_ \"GenMsgCycleTime\" 50;",
            "BA_DEF_DEF_ \"GenMsgSendType\" \"Cyclic\";",
            "BA_ \"BusType\" \"CAN\";",
            "BA_ \"GenMsgCycleTime\" BO_ 100 10;",
            "BA_ \"GenMsgSendType\" BO_ 100 1;",
            "BA_ \"Weight\" BO_ 100 0.25;",
            "BA_ \"GenSigStartValue\" SG_ 100 Speed 3;",
            "VAL_ 100 Mode 1 \"Driving\" 2 \"Braking\" ;",
            "VAL_ 2147484672 Wide 18446744073709551615 \"All ones\" ;",
            "SIG_VALTYPE_ 100 Ratio : 1;",
            "");

    @Test
    void parsesTheCommonGrammar() throws Exception {
        DbcDatabase db = parse(FULL);
        assertThat(db.warnings()).isEmpty();
        assertThat(db.version()).isEqualTo("1.2");
        assertThat(db.nodes()).containsExactly("ECU1", "ECU2", "Logger");
        assertThat(db.comment()).isEqualTo("Global \"quoted\" comment\nover two lines");
        assertThat(db.valueTables()).containsOnlyKeys("OnOff");
        assertThat(db.valueTables().get("OnOff")).containsExactly(entry(1L, "On"), entry(0L, "Off"));
        assertThat(db.attributes()).containsExactly(entry("BusType", "CAN"));

        DbcMessage status = db.message(100, false);
        assertThat(status.name()).isEqualTo("Status");
        assertThat(status.comment()).isEqualTo("Status message");
        assertThat(status.attributes()).containsExactly(
                entry("GenMsgCycleTime", 10L), entry("GenMsgSendType", "Event"), entry("Weight", 0.25));
        assertThat(status.multiplexer().name()).isEqualTo("Mode");

        DbcSignal mode = status.signal("Mode");
        assertThat(mode.multiplexer()).isTrue();
        assertThat(mode.multiplexerValue()).isNull();
        assertThat(mode.receivers()).containsExactly("ECU2", "Logger");
        assertThat(mode.choices()).containsExactly(entry(1L, "Driving"), entry(2L, "Braking"));

        DbcSignal speed = status.signal("Speed");
        assertThat(speed.multiplexerValue()).isEqualTo(1L);
        assertThat(speed.factor()).isEqualTo(0.01);
        assertThat(speed.maximum()).isEqualTo(655.35);
        assertThat(speed.unit()).isEqualTo("km/h");
        assertThat(speed.comment()).isEqualTo("Vehicle speed");

        DbcSignal torque = status.signal("Torque");
        assertThat(torque.byteOrder()).isEqualTo(DbcSignal.ByteOrder.MOTOROLA);
        assertThat(torque.signed()).isTrue();
        assertThat(torque.startBit()).isEqualTo(15);
        assertThat(torque.offset()).isEqualTo(-100);
        assertThat(torque.minimum()).isEqualTo(-1e4);
        assertThat(torque.receivers()).containsExactly("ECU2", "Logger");

        DbcSignal ratio = status.signal("Ratio");
        assertThat(ratio.valueType()).isEqualTo(DbcSignal.ValueType.FLOAT32);
        assertThat(ratio.receivers()).isEmpty();
        assertThat(ratio.maximum()).isEqualTo(3.4e38);

        DbcMessage extended = db.message(0x400, true);
        assertThat(extended.name()).isEqualTo("Extended");
        assertThat(extended.sender()).isNull();
        assertThat(extended.attribute("GenMsgCycleTime")).as("BA_DEF_DEF_ default").isEqualTo(50L);
        assertThat(extended.attributes()).isEmpty();
        assertThat(extended.signal("Wide").choices()).containsExactly(entry(-1L, "All ones"));
        assertThat(db.message(0x400, false)).isNull();

        DbcMessage plain = db.messageByName("Plain");
        assertThat(plain.senders()).containsExactly("ECU2", "ECU1", "Logger");
        assertThat(plain.signals()).isEmpty();
        assertThat(plain.multiplexer()).isNull();
    }

    @Test
    void frameFormatFromIdFlagAndVFrameFormat() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "VERSION \"\"",
                "BU_: A",
                "BO_ 2147483905 FlagOnly: 8 A",
                "BO_ 4660 ByAttribute: 8 A",
                "BO_ 74565 NoFlagNoAttribute: 8 A",
                "BO_ 291 Fd: 64 A",
                "BO_ 292 FdByAttribute: 8 A",
                "BO_ 293 Standard: 8 A",
                "BA_DEF_ BO_ \"VFrameFormat\" ENUM \"StandardCAN\",\"ExtendedCAN\",\"reserved\",\"J1939PG\","
                        + "\"reserved\",\"reserved\",\"reserved\",\"reserved\",\"reserved\",\"reserved\",\"reserved\","
                        + "\"reserved\",\"reserved\",\"reserved\",\"StandardCAN_FD\",\"ExtendedCAN_FD\";",
                "BA_DEF_DEF_ \"VFrameFormat\" \"StandardCAN\";",
                "BA_ \"VFrameFormat\" BO_ 4660 1;",
                "BA_ \"VFrameFormat\" BO_ 292 14;",
                ""));
        assertThat(db.message(0x101, true).name()).isEqualTo("FlagOnly");
        assertThat(db.message(0x1234, true).name()).isEqualTo("ByAttribute");
        assertThat(db.message(0x12345, true).name()).isEqualTo("NoFlagNoAttribute");
        assertThat(db.messageByName("Fd").fd()).isTrue();
        assertThat(db.messageByName("FdByAttribute").fd()).isTrue();
        assertThat(db.messageByName("FdByAttribute").extended()).isFalse();
        assertThat(db.messageByName("Standard").fd()).isFalse();
        assertThat(db.messageByName("Standard").extended()).isFalse();
        // Only the id needing 29 bits without flag or attribute is a guess worth a warning.
        assertThat(TestDbc.warningsOf(db)).singleElement().asString()
                .startsWith("test.dbc:5: BO_ NoFlagNoAttribute: id 0x12345 needs 29 bits");
    }

    @Test
    void acceptsMissingBsAndBuAndUnindentedNamespace() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "VERSION \"\"",
                "",
                "NS_ :",
                "NS_DESC_",
                "CM_",
                "",
                "BO_ 356 UNK_164: 8 XXX",
                "",
                "BO_ 881 IEB: 8 IEB_MAYBE",
                " SG_ BrakeUnknown : 7|8@0+ (1,0) [0|255] \"\" XXX",
                "",
                "CM_ SG_ 881 BrakeUnknown \"Same byte as 0x2a2\";"));
        assertThat(db.warnings()).containsExactly(
                "test.dbc:7: no BS_ and no BU_ section before the messages, accepted (no nodes known)");
        assertThat(db.messages()).extracting(DbcMessage::name).containsExactly("UNK_164", "IEB");
        assertThat(db.messageByName("IEB").signal("BrakeUnknown").comment()).isEqualTo("Same byte as 0x2a2");
    }

    @Test
    void skipsWhatItDoesNotKnowWithWarningsNamingTheLine() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "VERSION \"\"",
                "BU_: A",
                "BO_ 145 M1: 8 A",
                " SG_ S1 : 0|8@1+ (1,0) [0|255] \"\" A",
                "BO_ 3221225472 VECTOR__INDEPENDENT_SIG_MSG: 0 Vector__XXX",
                " SG_ Orphan : 0|8@1+ (1,0) [0|255] \"\" A",
                "SIG_GROUP_ 145 Group 1 : S1;",
                "SIG_GROUP_ 145 Group2 1 : S1 Nope;",
                "CM_ 145 \"comment without BO_\";",
                "CM_ BO_ 999 \"no such message\";",
                "VAL_ 145 Nope 1 \"x\" ;",
                "BA_ \"Undefined\" BO_ 145 3;",
                "FOO_ whatever 1 2 3;",
                "VAL_ 145 S1 1 \"One\"",
                "CM_ SG_ 145 S1 \"after a missing semicolon\";",
                ""));
        assertThat(db.messages()).extracting(DbcMessage::name).containsExactly("M1");
        assertThat(db.messageByName("M1").signal("S1").choices()).containsExactly(entry(1L, "One"));
        assertThat(db.messageByName("M1").signal("S1").comment()).isEqualTo("after a missing semicolon");
        assertThat(db.messageByName("M1").attributes()).containsEntry("Undefined", 3L);
        assertThat(db.messageByName("M1").signalGroups()).containsExactly(
                new DbcSignalGroup("Group", 1, List.of("S1")), new DbcSignalGroup("Group2", 1, List.of("S1")));
        assertThat(db.warnings()).containsExactly(
                "test.dbc:3: no BS_ section before the messages, accepted",
                "test.dbc:5: BO_ VECTOR__INDEPENDENT_SIG_MSG: id 0xc0000000 is not a CAN id, message skipped",
                "test.dbc:8: SIG_GROUP_ Group2: message M1 has no signal Nope, left out of the group",
                "test.dbc:9: CM_ without an object type (BU_, BO_, SG_, EV_) or text: '145', statement skipped",
                "test.dbc:10: no message with id 999, reference ignored",
                "test.dbc:11: message M1 has no signal Nope, reference ignored",
                "test.dbc:13: FOO_ not supported, 1 statement skipped",
                "test.dbc:15: VAL_: missing ';'");
    }

    @Test
    void warnsAboutSignalsThatDoNotFitAndDuplicates() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BO_ 1 Short: 1 A",
                " SG_ Outside : 8|1@1+ (1,0) [0|1] \"\" A",
                " SG_ Twice : 0|1@1+ (1,0) [0|1] \"\" A",
                " SG_ Twice : 1|1@1+ (1,0) [0|1] \"\" A",
                "BO_ 1 Again: 8 A",
                ""));
        assertThat(db.messages()).hasSize(1);
        assertThat(db.messageByName("Short").signals()).extracting(DbcSignal::name).containsExactly("Outside", "Twice");
        assertThat(TestDbc.warningsOf(db)).containsExactly(
                "test.dbc:2: SG_ Outside: needs 2 bytes but Short has 1, never decoded from frames of that length",
                "test.dbc:4: SG_ Twice: duplicate signal in Short, skipped",
                "test.dbc:5: BO_ Again: id 1 already defined, this definition skipped");
    }

    @Test
    void readsUtf8AndFallsBackToWindows1252(@TempDir Path dir) throws Exception {
        String text = "VERSION \"\"\nBU_: A\nBO_ 1 Temp: 8 A\n SG_ T : 0|8@1+ (1,-40) [-40|215] \"\u00B0C\" A\n";
        Path utf8 = dir.resolve("utf8.dbc");
        Files.write(utf8, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8));
        DbcDatabase fromUtf8 = DbcParser.parse(utf8);
        assertThat(fromUtf8.messageByName("Temp").signal("T").unit()).isEqualTo("\u00B0C");
        assertThat(TestDbc.warningsOf(fromUtf8)).isEmpty();

        Path cp1252 = dir.resolve("legacy.dbc");
        Files.write(cp1252, text.replace("BO_ 1", "CM_ \"Gr\u00FC\u00DFe \u20AC\";\nBO_ 1")
                .getBytes(java.nio.charset.Charset.forName("windows-1252")));
        DbcDatabase fromCp1252 = DbcParser.parse(cp1252);
        assertThat(fromCp1252.comment()).isEqualTo("Gr\u00FC\u00DFe \u20AC");
        assertThat(fromCp1252.messageByName("Temp").signal("T").unit()).isEqualTo("\u00B0C");
        assertThat(TestDbc.warningsOf(fromCp1252)).containsExactly(
                "legacy.dbc:3: not valid UTF-8 here, file read as Windows-1252");
    }

    @Test
    void theBriefsExampleMessage() throws Exception {
        String original = readResource("/dbc/voltrace-bms.dbc");
        List<String> lines = original.lines().toList();
        assertThat(lines.get(14)).contains("SG_ PackVoltage : 0|16@1+");
        String broken = original.replace("PackVoltage : 0|16@1+", "PackVoltage : 0|0@1+");
        assertThatThrownBy(() -> DbcParser.parse("voltrace-bms.dbc", new java.io.StringReader(broken)))
                .isInstanceOf(DbcParseException.class)
                .hasMessage("voltrace-bms.dbc:15: SG_ length 0 out of range 1..64")
                .satisfies(e -> {
                    DbcParseException p = (DbcParseException) e;
                    assertThat(p.file()).isEqualTo("voltrace-bms.dbc");
                    assertThat(p.line()).isEqualTo(15);
                    assertThat(p.reason()).isEqualTo("SG_ length 0 out of range 1..64");
                });
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of(" SG_ S2 : 0|65@1+ (1,0) [0|1] \"\" A", "SG_ length 65 out of range 1..64"),
                Arguments.of(" SG_ S2 : 512|1@1+ (1,0) [0|1] \"\" A", "SG_ start bit 512 out of range 0..511"),
                Arguments.of(" SG_ S2 : 0|8@2+ (1,0) [0|1] \"\" A", "SG_ byte order must be @0 or @1, found @2"),
                Arguments.of(" SG_ S2 : 0|8@1 (1,0) [0|1] \"\" A", "SG_ expected + or - after @1, found '('"),
                Arguments.of(" SG_ S2 0|8@1+ (1,0) [0|1] \"\" A", "expected ':' after SG_ signal name, found '0'"),
                Arguments.of(" SG_ S2 : 0|8@1+ (x,0) [0|1] \"\" A", "expected SG_ factor, found 'x'"),
                Arguments.of(" SG_ S2 : 0|8@1+ (1,0) [0|1] A", "expected SG_ unit, found 'A'"),
                Arguments.of(" SG_ S2 x3 : 0|8@1+ (1,0) [0|1] \"\" A",
                        "SG_ S2: bad multiplexer indicator 'x3' (expected M, mN or mNM)"),
                Arguments.of("BO_ 2 Big: 65 A", "BO_ length 65 out of range 0..64"),
                Arguments.of("BO_ 2 Big 8 A", "expected ':' after BO_ message name, found '8'"),
                Arguments.of("BO_ 4294967296 Big: 8 A", "BO_ id 4294967296 out of range 0..4294967295"),
                Arguments.of("SIG_VALTYPE_ 1 S : 3;", "SIG_VALTYPE_ type must be 0, 1 or 2, found 3"),
                Arguments.of("VAL_ 1 S 1.5 \"x\";", "VAL_ value must be an integer, found '1.5'"),
                Arguments.of("VAL_ 1 S 1 2;", "expected VAL_ text for 1, found '2'"),
                Arguments.of("CM_ \"never closed;", "unterminated string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLines")
    void badLinesFailNamingFileAndLine(String badLine, String reason) {
        String text = "BU_: A\nBO_ 1 M: 8 A\n SG_ S : 0|8@1+ (1,0) [0|1] \"\" A\n" + badLine
                + "\nBO_ 9 Later: 8 A\n";
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(DbcParseException.class)
                .hasMessage("test.dbc:4: " + reason)
                .satisfies(e -> assertThat(((DbcParseException) e).line()).isEqualTo(4));
    }

    @Test
    void signalBeforeAnyMessageFails() {
        assertThatThrownBy(() -> parse("VERSION \"\"\n\n SG_ S : 0|8@1+ (1,0) [0|1] \"\" A\n"))
                .isInstanceOf(DbcParseException.class)
                .hasMessage("test.dbc:3: SG_ outside of a BO_ message");
    }

    @Test
    void floatValueTypeOnWrongLengthIsAWarning() throws Exception {
        DbcDatabase db = parse("BO_ 1 M: 8 A\n SG_ S : 0|16@1+ (1,0) [0|1] \"\" A\nSIG_VALTYPE_ 1 S : 1;\n");
        assertThat(db.messageByName("M").signal("S").valueType()).isEqualTo(DbcSignal.ValueType.INTEGER);
        assertThat(TestDbc.warningsOf(db)).containsExactly(
                "test.dbc:3: SIG_VALTYPE_ M.S: FLOAT32 needs 32 bits, signal has 16, kept as integer");
    }

    @Test
    void multiplexValueRangesOfTheMainMultiplexer() throws Exception {
        DbcDatabase db = parse(String.join("\n",
                "BO_ 1 M: 2 A",
                " SG_ Mux M : 0|8@1+ (1,0) [0|255] \"\" A",
                " SG_ Shared m8 : 8|8@1+ (1,0) [0|255] \"\" A",
                " SG_ Other m9 : 8|8@1+ (1,0) [0|255] \"\" A",
                "SG_MUL_VAL_ 1 Shared Mux 8-8, 16-16, 20-24;",
                "SG_MUL_VAL_ 1 Other Mux 9 - 9;",
                ""));
        assertThat(TestDbc.warningsOf(db)).isEmpty();
        DbcMessage m = db.messageByName("M");
        assertThat(m.signal("Shared").multiplexerRanges()).containsExactly(new DbcSignal.MultiplexRange(8, 8),
                new DbcSignal.MultiplexRange(16, 16), new DbcSignal.MultiplexRange(20, 24));
        assertThat(m.signal("Shared").isOnPage(22)).isTrue();
        assertThat(m.signal("Shared").isOnPage(9)).isFalse();
        assertThat(m.signal("Other").multiplexerRanges()).containsExactly(new DbcSignal.MultiplexRange(9, 9));
        for (int page : new int[] {8, 16, 20, 22, 24}) {
            assertThat(m.decodeToMap(new byte[] {(byte) page, 7}, 2, false)).as("page %d", page)
                    .containsOnlyKeys("Mux", "Shared");
        }
        for (int page : new int[] {0, 9, 17, 25}) {
            assertThat(m.decodeToMap(new byte[] {(byte) page, 7}, 2, false)).as("page %d", page)
                    .doesNotContainKey("Shared");
        }
        assertThat(TestDbc.hex(m.encode(java.util.Map.of("Mux", 21.0, "Shared", 5.0, "Other", 6.0))))
                .isEqualTo("1505");
    }

    private static String readResource(String name) throws Exception {
        try (InputStream in = DbcParserTest.class.getResourceAsStream(name)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
