package io.voltrace.cli.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.cli.VoltraceCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TriageCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = VoltraceCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** Pulse tests of made-up batteries: OCV of the charge relative to each battery's capacity, resistive pulses. */
    static String pulses(String prefix, int batteries, double qn, long seed, boolean labeled) {
        StringBuilder b = new StringBuilder("Mat,ID,Qn,SOC");
        for (int k = 1; k <= 21; k++) {
            b.append(",U").append(k);
        }
        b.append(labeled ? ",SOH\n" : "\n");
        Random rnd = new Random(seed);
        for (int n = 0; n < batteries; n++) {
            double soh = 60 + 35 * rnd.nextDouble();
            for (int soc = 10; soc <= 40; soc += 10) {
                double u1 = 3.3 + 0.9 * Math.pow(soc / soh, 0.6) + 0.002 * rnd.nextGaussian();
                b.append(row(prefix + n, qn, soc, u1));
                b.append(labeled ? String.format(Locale.ROOT, ",%.4f%n", soh / 100) : "\n");
            }
        }
        return b.toString();
    }

    static String row(String id, double qn, int soc, double u1) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "NMC,%s,%s,%d,%.4f", id, qn, soc, u1));
        double r = 0.03;
        double[] steps = {r, r / 3, -r, r, -r, -r / 3, r, -r};
        for (int block = 0; block < 2; block++) {
            double c = block == 0 ? 0.5 : 1;
            double v = u1;
            for (int i = 0; i < 8; i++) {
                v = i == 3 ? u1 + 0.0002 : i == 7 ? u1 - 0.0001 : v + c * steps[i];
                b.append(String.format(Locale.ROOT, ",%.4f", v));
            }
        }
        b.append(String.format(Locale.ROOT, ",%.4f,%.4f,%.4f,%.4f", u1 + 1.5 * r, u1 + 2 * r, u1 + 0.5 * r,
                u1 + 0.0005));
        return b.toString();
    }

    @Test
    void calibratesThenPrintsOneJsonLinePerTest(@TempDir Path dir) throws Exception {
        Path labeled = dir.resolve("labeled.csv");
        Files.writeString(labeled, pulses("C", 20, 2.1, 1, true));
        Path model = dir.resolve("m.json");
        assertThat(run("triage", "calibrate", "--csv", labeled.toString(), "--out", model.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"batteries\": 20", "\"rows\": 80", "\"nominalAh\": 2.1",
                "\"members\": [\"SOC+U1");
        assertThat(Files.readString(model)).contains("\"version\" : 2");

        Path tests = dir.resolve("arrivals.csv");
        Files.writeString(tests, pulses("T", 3, 2.1, 9, false));
        out.getBuffer().setLength(0);
        assertThat(run("triage", "estimate", "--model", model.toString(), "--csv", tests.toString()))
                .as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines).hasSize(12).allMatch(l -> l.matches("\\{\"id\": \"T\\d\", \"soc\": \\d+, \"soh\": "
                + "\\d+\\.\\d, \"uncertainty\": \\d+\\.\\d, \"grade\": \"(REUSE_A|REUSE_B|REUSE_C|RECOVERY|"
                + "NEEDS_TEST)\"}"));
    }

    @Test
    void refusesTestsOutsideTheCalibrationWithTheReasonAndExitTwo(@TempDir Path dir) throws Exception {
        Path labeled = dir.resolve("labeled.csv");
        Files.writeString(labeled, pulses("C", 12, 2.1, 1, true));
        Path model = dir.resolve("m.json");
        assertThat(run("triage", "calibrate", "--csv", labeled.toString(), "--out", model.toString())).isZero();

        String header = pulses("X", 0, 2.1, 1, false);
        Path tests = dir.resolve("arrivals.csv");
        Files.writeString(tests, header + row("ok", 2.1, 20, 3.3 + 0.9 * Math.pow(20 / 80.0, 0.6)) + "\n"
                + row("big", 10, 20, 3.3 + 0.9 * Math.pow(20 / 80.0, 0.6)) + "\n"
                + row("full", 2.1, 90, 3.3 + 0.9 * Math.pow(90 / 80.0, 0.6)) + "\n");
        out.getBuffer().setLength(0);
        assertThat(run("triage", "estimate", "--model", model.toString(), "--csv", tests.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("\"id\": \"ok\"").doesNotContain("big", "full");
        assertThat(err.toString())
                .contains("refused arrivals.csv:3 (big): Qn: nominal capacity 10 Ah, the model was calibrated on "
                        + "2.1 Ah batteries")
                .contains("refused arrivals.csv:4 (full): SOC: 90 % is outside the calibrated 10-40 %");
    }

    @Test
    void aMissingModelIsBadInput(@TempDir Path dir) throws Exception {
        Path tests = dir.resolve("t.csv");
        Files.writeString(tests, pulses("T", 1, 2.1, 1, false));
        assertThat(run("triage", "estimate", "--model", dir.resolve("none.json").toString(), "--csv",
                tests.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such model file; make one with 'voltrace triage calibrate'");
    }
}
