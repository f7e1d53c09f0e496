package io.voltrace.cli.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.voltrace.cli.VoltraceCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code voltrace can decode} through picocli, as the launcher runs it, with stdout and stderr captured. */
class CanDecodeCommandTest {

    private static final String DBC = String.join("\n",
            "VERSION \"\"",
            "BS_:",
            "BU_: BMS",
            "BO_ 306 HVBattAmpVolt: 8 BMS",
            " SG_ BattVoltage : 0|16@1+ (0.01,0) [0|655.35] \"V\" Vector__XXX",
            " SG_ SmoothBattCurrent : 16|16@1- (-0.1,0) [-3276.7|3276.7] \"A\" Vector__XXX",
            " SG_ State : 32|2@1+ (1,0) [0|3] \"\" Vector__XXX",
            "BO_ 2566844672 Ext: 2 BMS",
            " SG_ Count : 0|16@1+ (1,0) [0|0] \"\" Vector__XXX",
            "BO_ 1 Fd: 12 BMS",
            " SG_ Tail : 88|8@1+ (0.5,0) [0|0] \"\" Vector__XXX",
            "VAL_ 306 State 0 \"Off\" 1 \"On \\\"quoted\\\"\" ;",
            "");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VoltraceCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void decodesFramesGivenOnTheCommandLine() throws IOException {
        Path dbc = write("bms.dbc", DBC);
        // 0x8A9C = 35484 -> 354.84 V; 0xFF9C = -100 -> 10 A (factor -0.1); State 1 -> its text
        Run r = run("can", "decode", "--dbc", dbc.toString(), "--frame", "132#9C8A9CFF01000000",
                "--frame", "132#9c8a9cff00", "--frame", "18FEF100#2A00", "--frame", "001##1" + "00".repeat(11) + "0B",
                "--frame", "7FF#00");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines()).containsExactly(
                "{\"t\": null, \"id\": \"0x132\", \"extended\": false, \"message\": \"HVBattAmpVolt\", \"signals\":"
                        + " {\"BattVoltage\": 354.84, \"SmoothBattCurrent\": 10, \"State\": \"On \\\"quoted\\\"\"}}",
                "{\"t\": null, \"id\": \"0x132\", \"extended\": false, \"message\": \"HVBattAmpVolt\", \"signals\":"
                        + " {\"BattVoltage\": 354.84, \"SmoothBattCurrent\": 10, \"State\": \"Off\"}}",
                "{\"t\": null, \"id\": \"0x18FEF100\", \"extended\": true, \"message\": \"Ext\", \"signals\":"
                        + " {\"Count\": 42}}",
                "{\"t\": null, \"id\": \"0x1\", \"extended\": false, \"message\": \"Fd\", \"signals\": {\"Tail\": 5.5}}");
    }

    @Test
    void unknownIdsOnlyWithAll() throws IOException {
        Path dbc = write("bms.dbc", DBC);
        assertThat(run("can", "decode", "--dbc", dbc.toString(), "--frame", "7FF#00").out()).isEmpty();
        assertThat(run("can", "decode", "--dbc", dbc.toString(), "--frame", "7ff#00", "--all").out().lines())
                .containsExactly("{\"t\": null, \"id\": \"0x7FF\", \"extended\": false, \"message\": null,"
                        + " \"signals\": {}}");
    }

    @Test
    void decodesLogsOfEachFormatWithTheirTimes() throws IOException {
        Path dbc = write("bms.dbc", DBC);
        Path candump = write("drive.log", "(1436509052.249713) can0 132#9C8A9CFF01000000\n"
                + "(1436509052.250000) can0 7FF#00\nnot a frame\n");
        Run r = run("can", "decode", "--dbc", dbc.toString(), "--log", candump.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).singleElement().asString()
                .startsWith("{\"t\": 1436509052.249713, \"id\": \"0x132\",");
        assertThat(r.err().lines()).containsExactly(
                "warning: drive.log:3: expected '#' in the frame or '[length]' after the id, found 'frame'",
                "candump log drive.log: 2 frames, 1 printed, 1 lines set aside");

        Path asc = write("bench.txt", "base hex  timestamps absolute\n   0.155050 1  132  Rx   d 8 9C 8A 9C FF 00 00 00 00\n"
                + "   0.255050 2  132  Rx   d 8 9C 8A 9C FF 01 00 00 00\n");
        r = run("can", "decode", "--dbc", dbc.toString(), "--log", asc.toString(), "--channel", "2");
        assertThat(r.out().lines()).singleElement().asString()
                .startsWith("{\"t\": 0.255050, \"id\": \"0x132\"").endsWith("\"State\": \"On \\\"quoted\\\"\"}}");

        Path savvy = write("savvy.asc", "Time Stamp,ID,Extended,Bus,LEN,D1,D2\n1953613500,18FEF100,true,0,2,2A,00\n");
        r = run("can", "decode", "--dbc", dbc.toString(), "--log", savvy.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo(
                "{\"t\": 1953.613500, \"id\": \"0x18FEF100\", \"extended\": true, \"message\": \"Ext\","
                        + " \"signals\": {\"Count\": 42}}" + System.lineSeparator());
    }

    @Test
    void dbcWarningsGoToStderrNotStdout() throws IOException {
        Path dbc = write("quirky.dbc", "BO_ 74565 NoFlag: 1 A\n SG_ S : 0|8@1+ (1,0) [0|0] \"\" A\n");
        Run r = run("can", "decode", "--dbc", dbc.toString(), "--frame", "00012345#07");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("{\"t\": null, \"id\": \"0x12345\", \"extended\": true,"
                + " \"message\": \"NoFlag\", \"signals\": {\"S\": 7}}");
        assertThat(r.err().lines()).containsExactly(
                "warning: quirky.dbc:1: no BS_ and no BU_ section before the messages, accepted (no nodes known)",
                "warning: quirky.dbc:1: BO_ NoFlag: id 0x12345 needs 29 bits but lacks the extended flag 0x80000000,"
                        + " taken as extended");
    }

    @Test
    void badInputExitsWithTwoAndOneLineSayingWhy() throws IOException {
        Path dbc = write("bms.dbc", DBC);
        Path broken = write("broken.dbc", DBC.replace("0|16@1+ (0.01,0)", "0|0@1+ (0.01,0)"));
        Path garbage = write("frames.log", "{\"id\": 1}\n");
        String[][] cases = {
            {"--dbc", broken.toString(), "--frame", "132#00"},
            {"--dbc", dir.resolve("missing.dbc").toString(), "--frame", "132#00"},
            {"--dbc", dbc.toString(), "--log", dir.resolve("missing.log").toString()},
            {"--dbc", dbc.toString(), "--log", garbage.toString()},
            {"--dbc", dbc.toString(), "--frame", "132#0"},
            {"--dbc", dbc.toString(), "--frame", "1G2#00"},
            {"--dbc", dbc.toString(), "--frame", "132#R"},
            {"--dbc", dbc.toString(), "--frame", "132"},
        };
        String[] reasons = {
            "voltrace can decode: bad DBC broken.dbc:5: SG_ length 0 out of range 1..64",
            "voltrace can decode: cannot read DBC " + dir.resolve("missing.dbc") + ": no such file",
            "voltrace can decode: cannot read log " + dir.resolve("missing.log") + ": no such file",
            "voltrace can decode: cannot read log frames.log: unknown CAN log format (expected candump, Vector ASC or"
                    + " SavvyCAN CSV), first line reads '{\"id\": 1}'",
            "voltrace can decode: bad frame '132#0': odd number of hex digits in data '0'",
            "voltrace can decode: bad frame '1G2#00': bad CAN id '1G2'",
            "voltrace can decode: frame '132#R' is a remote frame: no data to decode",
            "voltrace can decode: bad frame '132': expected ID#HEX, ID##FHEX or ID#R, found '132'",
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = Stream.concat(Stream.of("can", "decode"), Stream.of(cases[i])).toArray(String[]::new);
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err().lines()).as(String.join(" ", args)).containsExactly(reasons[i]);
        }
        // picocli's own usage errors use the same exit code
        assertThat(run("can", "decode", "--dbc", dbc.toString()).exit()).isEqualTo(2);
        assertThat(run("can", "decode", "--dbc", dbc.toString(), "--frame", "132#00", "--log", "x").exit())
                .isEqualTo(2);
        assertThat(run("can").exit()).isEqualTo(2);
    }

    /** A real capture of a Kona EV pack on the bench, decoded with the Kona DBC (shared data, read in place). */
    @Test
    void decodesARealKonaCapture() throws IOException {
        Path shared = sharedData();
        Path asc = shared.resolve("can-logs/kona_ev_logs/bms_diagnostics/Main Relay (+) On.asc");
        Path dbc = shared.resolve("vehicle-dbc/kona_ev_dbc/pcan.dbc");
        assumeTrue(Files.exists(asc) && Files.exists(dbc), "skipped: Kona capture or DBC not in the shared data");
        Run r = run("can", "decode", "--dbc", dbc.toString(), "--log", asc.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).allMatch(l -> l.startsWith("{\"t\": ") && l.endsWith("}}"));
        assertThat(r.out().lines().filter(l -> l.contains("\"message\": \"Batt_HV_Status\"")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("\"VBatt\": 36"));
        assertThat(r.err()).contains("Vector ASC log Main Relay (+) On.asc: 738 frames");
    }

    private static Path sharedData() {
        String configured = System.getProperty("voltrace.sharedData");
        Path root = configured == null || configured.isBlank() ? Path.of("../../shared/data")
                : Path.of(configured);
        if (!Files.isDirectory(root)) {
            System.out.println("skipped: shared data not found at " + root.toAbsolutePath().normalize());
        }
        assumeTrue(Files.isDirectory(root), "skipped: shared data not found at " + root);
        return root;
    }
}
