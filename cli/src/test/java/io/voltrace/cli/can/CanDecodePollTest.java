package io.voltrace.cli.can;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.cli.VoltraceCli;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CandumpFormat;
import io.voltrace.edge.diag.BmsReadings;
import io.voltrace.edge.diag.BmsTarget;
import io.voltrace.edge.diag.IsoTpAddress;
import io.voltrace.edge.diag.IsoTpTransmitter;
import io.voltrace.edge.diag.PollDefinition;
import io.voltrace.edge.diag.PollRequest;
import io.voltrace.edge.sim.DiagBmsSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code can decode --poll} on a candump log of Zoe LBC responses built from the shipped definition (no public
 * capture of them exists in the shared data), with one broken sequence, and on the real Kona BMS captures.
 */
class CanDecodePollTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VoltraceCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The frames a Zoe LBC sends for {@code r} (flow control assumed: all consecutive frames at once). */
    private static List<CanFrame> frames(PollRequest r, BmsReadings truth, long t) {
        List<CanFrame> out = new ArrayList<>();
        IsoTpTransmitter tx = new IsoTpTransmitter(IsoTpAddress.of(0x7BB), IsoTpAddress.of(0x79B), out::add);
        tx.send(t, DiagBmsSimulator.response(r, truth));
        tx.accept(t, new CanFrame(t, 0x79B, false, false, new byte[] {0x30, 0, 0, 0, 0, 0, 0, 0}, 8));
        List<CanFrame> stamped = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            CanFrame f = out.get(i);
            stamped.add(new CanFrame(t + i * 1000L, f.id(), false, false, f.data(), f.length()));
        }
        return stamped;
    }

    @Test
    void decodesZoeResponsesIntoValuesBmsFieldsAndASnapshot() throws Exception {
        PollDefinition zoe = PollDefinition.shipped("renault-zoe-gen1");
        BmsReadings truth = new BmsReadings();
        for (int i = 0; i < 96; i++) {
            truth.set(BmsTarget.CELL_VOLTAGES, i, 3.9 + i / 1000.0);
        }
        for (int i = 0; i < 12; i++) {
            truth.set(BmsTarget.CELL_TEMPERATURES, i, 15 + i);
        }
        truth.set(BmsTarget.SOC, 0, 67.89);
        truth.set(BmsTarget.SOH, 0, 88.5);
        StringBuilder log = new StringBuilder();
        long t = 1_700_000_000_000_000L;
        for (PollRequest r : zoe.requests()) {
            if (r.pid() == 0x01) {
                continue;
            }
            List<CanFrame> fs = frames(r, truth, t);
            if (r.pid() == 0x42) {
                // A first try at 0x42 loses its third frame: reported, skipped; the retry decodes.
                List<CanFrame> broken = new ArrayList<>(fs);
                broken.remove(2);
                broken.forEach(f -> log.append(CandumpFormat.format(f, "can0")).append('\n'));
                t += 100_000;
                fs = frames(r, truth, t);
            }
            fs.forEach(f -> log.append(CandumpFormat.format(f, "can0")).append('\n'));
            t += 100_000;
        }
        Path file = dir.resolve("zoe.log");
        Files.writeString(file, log);

        Run run = run("can", "decode", "--poll", "renault-zoe-gen1", "--log", file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: zoe.log: 0x7BB at", "out of sequence: expected 2, got 3; dropped",
                "5 responses decoded, 0 negative, 0 other messages, 1 ISO-TP errors");
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(6);
        ObjectMapper json = new ObjectMapper();
        JsonNode soc = json.readTree(lines[0]);
        assertThat(soc.get("module").asText()).isEqualTo("0x7BB");
        assertThat(soc.get("pid").asText()).isEqualTo("0x03");
        assertThat(soc.get("bytes").asInt()).isEqualTo(26);
        assertThat(lines[0]).startsWith("{\"t\": 1700000000.003000, \"module\": \"0x7BB\", \"pid\": \"0x03\", \"bytes\": 26, \"values\": {\"cellMax\": ");
        assertThat(soc.at("/bms/soc").asDouble()).isEqualTo(67.89);
        JsonNode block2 = json.readTree(lines[2]);
        assertThat(block2.get("pid").asText()).isEqualTo("0x42");
        assertThat(block2.at("/values/cells").size()).isEqualTo(34);
        assertThat(block2.at("/bms/cellVoltages").size()).isEqualTo(96);
        assertThat(block2.at("/bms/cellVoltages/0").isNull()).isTrue(); // index 0 = cell 1, not in this block
        assertThat(block2.at("/bms/cellVoltages/62").asDouble()).isEqualTo(3.962);
        JsonNode snapshot = json.readTree(lines[5]).get("snapshot");
        assertThat(snapshot.get("cellVoltages").size()).isEqualTo(96);
        assertThat(snapshot.at("/cellVoltages/0").asDouble()).isEqualTo(3.9);
        assertThat(snapshot.at("/cellVoltages/95").asDouble()).isEqualTo(3.995);
        assertThat(snapshot.get("cellTemperatures").size()).isEqualTo(12);
        assertThat(snapshot.get("soh").asDouble()).isEqualTo(88.5);
        assertThat(snapshot.get("soc").asDouble()).isEqualTo(67.89);
    }

    @Test
    void konaBenchCaptureDecodesWithoutIsoTpErrors() {
        Path log = sharedData().resolve("can-logs/kona_ev_logs/bms_diagnostics").resolve("Start and stop of the Main Relay (-), Precharge Relay, Simultaneously On (Precharge "
                        + "Sequence).asc");
        Run run = run("can", "decode", "--poll", "hyundai-kona-ev", "--log", log.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).isEqualTo("{\"snapshot\": {}}");
        assertThat(run.err()).contains("negative response to service 0x2F: 0x7F service not supported in active "
                + "session", "0 ISO-TP errors").doesNotContain("warning");
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        assertThat(run("can", "decode", "--poll", "tesla-roadster", "--log", "x.log").err())
                .contains("voltrace can decode: bad poll definition 'tesla-roadster' is neither a shipped");
        Run both = run("can", "decode", "--log", "x.log");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("give --dbc FILE (frames by DBC) or --poll NAME|FILE");
        assertThat(run("can", "decode", "--poll", "renault-zoe-gen1", "--frame", "7BB#0261").err())
                .contains("--poll decodes a log: give --log FILE");
    }

    private static Path sharedData() {
        String configured = System.getProperty("voltrace.sharedData");
        Path root = configured == null || configured.isBlank() ? Path.of("../../shared/data") : Path.of(configured);
        if (!Files.isDirectory(root)) {
            System.out.println("skipped: shared data not found at " + root.toAbsolutePath().normalize());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(root),
                "skipped: shared data not found at " + root);
        return root;
    }
}
