package io.voltrace.cli.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.triage.PulseCsv;
import io.voltrace.analytics.triage.PulseTest;
import io.voltrace.analytics.triage.TriageGrade;
import io.voltrace.analytics.triage.TriageModel;
import io.voltrace.analytics.triage.TriageModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One JSON line per pulse test: SOH, its one-sigma uncertainty and the grade it supports. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimates the state of health of each pulse test in a CSV with a model from 'triage "
                + "calibrate', and prints one JSON object per row:",
                "  {\"id\": \"...\", \"soc\": 30, \"soh\": 84.2, \"uncertainty\": 1.1, \"grade\": \"REUSE_A\"}",
                "soh and uncertainty in percent of nominal capacity, uncertainty one sigma. The grade follows the "
                        + "grading policy; when soh ± 2 sigma straddles a grade boundary it is NEEDS_TEST.",
                "A row outside what the model was calibrated on (another nominal capacity, SOC outside its range, "
                        + "voltages implausible for the chemistry) is refused: its reason goes to standard error, "
                        + "the other rows are still estimated, and the exit status is 2."},
        footer = {"  ./voltrace triage estimate --model lmo.json --csv arrivals.csv",
                "  ./voltrace triage estimate --model lmo.json --csv arrivals.csv --policy my-policy.json | jq .grade"})
public final class TriageEstimateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model file from 'triage "
            + "calibrate'")
    Path modelFile;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "pulse tests: ID, Qn, SOC, "
            + "U1...U21 (an SOH column, if any, is ignored)")
    Path csv;

    @Option(names = "--policy", paramLabel = "FILE", description = "grading policy file (default: the shipped "
            + "policy; see 'voltrace fleet policy')")
    Path policyFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TriageModel model;
        GradingPolicy policy;
        PulseCsv.Table table;
        try {
            model = TriageModelFile.read(modelFile);
            policy = policyFile == null ? GradingPolicy.defaults() : GradingPolicy.load(policyFile);
            table = PulseCsv.read(csv, false);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("voltrace triage estimate: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("voltrace triage estimate: cannot read " + modelFile + ": " + e.getMessage());
            return 2;
        }
        boolean refused = !table.problems().isEmpty();
        table.problems().forEach(p -> err.println("refused " + p));
        for (PulseTest t : table.tests()) {
            List<String> reasons = model.check(t);
            if (!reasons.isEmpty()) {
                refused = true;
                err.println("refused " + t.where() + " (" + t.id() + "): " + String.join("; ", reasons));
                continue;
            }
            TriageModel.Estimate e = model.estimate(t);
            out.println(line(t, e, TriageGrade.of(e.soh(), e.uncertainty(), policy)));
        }
        out.flush();
        if (table.tests().isEmpty() && table.problems().isEmpty()) {
            err.println("voltrace triage estimate: " + csv + " holds no pulse test");
            return 2;
        }
        return refused ? 2 : 0;
    }

    static String line(PulseTest t, TriageModel.Estimate e, TriageGrade g) {
        String soc = t.soc() == Math.rint(t.soc()) ? String.valueOf((long) t.soc())
                : String.format(Locale.ROOT, "%.1f", t.soc());
        return String.format(Locale.ROOT, "{\"id\": %s, \"soc\": %s, \"soh\": %.1f, \"uncertainty\": %.1f, "
                + "\"grade\": \"%s\"}", quoted(t.id()), soc, e.soh(), e.uncertainty(), g.grade());
    }

    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
