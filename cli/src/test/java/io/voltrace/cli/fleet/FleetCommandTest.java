package io.voltrace.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.cli.VoltraceCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FleetCommandTest {

    @Test
    void syntheticFleetReportWritesTablesAndOfflineHtml(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report");

        int code = VoltraceCli.commandLine().execute("fleet", "report", "--synthetic", "12", "--as-of", "2026-11-01",
                "--out", out.toString());

        assertThat(code).isZero();
        assertThat(out.resolve("fleet.html")).exists();
        for (String csv : List.of("packs.csv", "soh-by-model.csv", "soh-by-chemistry.csv", "soh-by-age.csv",
                "soh-by-climate.csv", "grades.csv")) {
            assertThat(out.resolve(csv)).exists();
        }
        assertThat(Files.readAllLines(out.resolve("packs.csv"))).hasSize(13);
        try (Stream<Path> pages = Files.list(out.resolve("packs"))) {
            List<Path> html = pages.toList();
            assertThat(html).hasSize(12);
            for (Path p : html) {
                String page = Files.readString(p);
                assertThat(page).doesNotContain("http://", "https://", "<script").contains("<svg");
            }
        }
        String fleet = Files.readString(out.resolve("fleet.html"));
        assertThat(fleet).doesNotContain("http://", "https://", "<script").contains("<svg class=\"chart histogram\"");
    }

    @Test
    void csvFleetReportNamesSkippedRows(@TempDir Path dir) throws IOException {
        Path packs = dir.resolve("packs.csv");
        Path history = dir.resolve("history.csv");
        Files.writeString(packs, """
                battery,model,chemistry,nominalAh,cellsSeries,commissioned,climate,grade
                P1,Aurora,NMC,150,96,2022-05-01,hot,REUSE_A
                """);
        Files.writeString(history, """
                battery,date,sohPercent,equivalentCycles
                P1,2025-01-01,95,300
                P1,2025-04-01,94.2,360
                P1,2025-07-01,oops,420
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FleetReportCommand cmd = new FleetReportCommand();
        cmd.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        cmd.stdout = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        int code = new CommandLine(cmd).execute("--packs", packs.toString(), "--history", history.toString(),
                "--as-of", "2025-08-01", "--out", dir.resolve("r").toString());

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("skipped history.csv:4: sohPercent: not a number: 'oops'");
        assertThat(Files.readString(dir.resolve("r/packs/P1.html"))).contains("REUSE_A",
                "insufficient history: 2 SOH readings, need 5");
    }

    @Test
    void policyCommandChecksAFileAndPrintsTheDefaults(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n  \"grades\": {\"reuseA\": 50}\n}\n");
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"insulation\": {\"minOhmsPerVolt\": 500}}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        PolicyCommand badCmd = new PolicyCommand();
        badCmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int badCode = new CommandLine(badCmd).execute(bad.toString());
        PolicyCommand goodCmd = new PolicyCommand();
        goodCmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        int goodCode = new CommandLine(goodCmd).execute(good.toString());
        PolicyCommand defaults = new PolicyCommand();
        ByteArrayOutputStream shipped = new ByteArrayOutputStream();
        defaults.out = new PrintStream(shipped, true, StandardCharsets.UTF_8);
        new CommandLine(defaults).execute("--defaults");

        assertThat(badCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(bad + ":2: grades.reuseA: reuseA (50) must be above "
                + "reuseB (70)");
        assertThat(goodCode).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("insulation ≥ 500.0 Ω/V");
        assertThat(shipped.toString(StandardCharsets.UTF_8)).contains("\"minOhmsPerVolt\": 100", "UN ECE R100");
    }
}
