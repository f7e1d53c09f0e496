package io.voltrace.cli.fleet;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.GradingPolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Checks a grading policy file and shows what it sets, or prints the shipped default as a starting point. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Checks a grading policy file (JSON; fields left out keep the shipped defaults) and prints the "
                + "policy in force. Without a file, prints the shipped default policy with its documentation.",
                "Use it before deploying a policy to the ingest (grading.policy-file) or passing it to 'fleet "
                        + "report --policy'. Exit status 2 when the file has problems; each is named with file:line "
                        + "and field."},
        footer = {"  ./voltrace fleet policy --defaults > my-policy.json",
                "  ./voltrace fleet policy my-policy.json"})
public final class PolicyCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "policy file to check")
    Path file;

    @Option(names = "--defaults", description = "print the shipped default policy file (documented JSON)")
    boolean defaults;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
        if (defaults || file == null) {
            try (InputStream in = GradingPolicy.class.getResourceAsStream(GradingPolicy.DEFAULT_RESOURCE)) {
                out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return 0;
        }
        try {
            GradingPolicy p = GradingPolicy.load(file);
            out.println(file + ": ok");
            out.println(describe(p));
            return 0;
        } catch (GradingPolicyException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    static String describe(GradingPolicy p) {
        return String.join("\n",
                "  reuse grades: A ≥ " + p.reuseGradeA() + " %, B ≥ " + p.reuseGradeB() + " %, C ≥ " + p.reuseGradeC()
                        + " % SOH; below: material recovery",
                "  rest: |I| < " + p.rest().restCurrentAmps() + " A for ≥ " + p.rest().minRestMinutes() + " min",
                "  cell spread at rest ≤ " + p.maxCellSpreadVolts() + " V; temperature ≤ " + p.maxTempC()
                        + " °C; over-voltage margin " + p.overVoltageMarginVolts() + " V",
                "  self-discharge ≤ " + p.selfDischarge().maxPercentPerDay() + " %/day over ≥ "
                        + p.selfDischarge().minRests() + " rests of ≥ " + p.selfDischarge().minHours() + " h"
                        + (p.selfDischarge().holdWhenUnscreened() ? " (required)" : ""),
                "  insulation ≥ " + p.insulation().minOhmsPerVolt() + " Ω/V"
                        + (p.insulation().holdWhenUnmeasured() ? " (required)" : ""),
                "  resistance increase: low-rate uses only above " + p.resistance().highPowerMaxIncreasePercent()
                        + " %, bench test above " + p.resistance().maxIncreasePercent() + " %",
                "  thermal events allowed: " + p.maxThermalEvents() + "; faults sending to recovery: "
                        + p.recoveryFaults(),
                "  telemetry needed: ≥ " + p.minTelemetryDays() + " days");
    }
}
