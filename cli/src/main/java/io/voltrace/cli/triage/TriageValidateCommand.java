package io.voltrace.cli.triage;

import io.voltrace.analytics.triage.PulseCsv;
import io.voltrace.analytics.triage.TriageValidation;
import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reruns the held-out validation of docs/validation.md on a labeled file. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validates pulse triage on held-out batteries: over random splits by battery, calibrates on "
                + "--share of the batteries (settings chosen by cross-validation inside that share only), "
                + "estimates the rest, and prints per SOC level the mean absolute error and the share of errors "
                + "inside ±2 sigma, beside a ridge regression on the raw voltages fitted on the same splits.",
                "Ends with one JSON line of the totals. Use it to reproduce docs/validation.md, or to check a new "
                        + "battery type before trusting its model. Progress (splits) on standard error."},
        footer = {"  ./voltrace triage validate --csv ../shared/data/retired-pulse/LMO_10Ah.csv",
                "  ./voltrace triage validate --csv ../shared/data/retired-pulse/NMC_2.1Ah.csv --splits 5 -q"})
public final class TriageValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    LabeledPulseOptions input = new LabeledPulseOptions();

    @Option(names = "--splits", defaultValue = "20", paramLabel = "N", description = "random splits (default "
            + "${DEFAULT-VALUE})")
    int splits;

    @Option(names = "--share", defaultValue = "0.3", paramLabel = "F", description = "share of batteries calibrated "
            + "in each split (default ${DEFAULT-VALUE})")
    double share;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "seed of the first split "
            + "(default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (splits < 1 || !(share > 0 && share < 1)) {
            err.println("voltrace triage validate: --splits must be 1 or more and --share between 0 and 1");
            return 2;
        }
        TriageValidation.Result r;
        try (Progress progress = progressOptions.start("triage validate", splits, "splits")) {
            PulseCsv.Table table = input.read(err);
            r = new TriageValidation(splits, share, input.separator(), seed).run(table.tests(), progress::set);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("voltrace triage validate: " + e.getMessage());
            return 2;
        }
        Path file = input.csv().getFileName();
        out.println(String.format(Locale.ROOT, "%s: %d batteries, %d splits, %.0f %% calibrated", file,
                r.batteries(), splits, share * 100));
        out.println(String.format(Locale.ROOT, "%6s %6s %11s %13s %13s %15s", "SOC %", "rows", "triage MAE",
                "inside 2σ", "ridge MAE", "ridge in 2σ"));
        for (Map.Entry<Double, TriageValidation.Tally> e : r.triage().entrySet()) {
            TriageValidation.Tally b = r.baseline().get(e.getKey());
            out.println(row(String.format(Locale.ROOT, "%.0f", e.getKey()), e.getValue(), b));
        }
        out.println(row("all", r.triageAll(), r.baselineAll()));
        out.println(String.format(Locale.ROOT, "{\"file\": \"%s\", \"batteries\": %d, \"splits\": %d, "
                        + "\"share\": %.2f, \"rows\": %d, \"mae\": %.3f, \"within2Sigma\": %.3f, \"baselineMae\": "
                        + "%.3f, \"baselineWithin2Sigma\": %.3f, \"refused\": %d}", file, r.batteries(),
                splits, share, r.triageAll().count(), r.triageAll().mae(), r.triageAll().within2Sigma(),
                r.baselineAll().mae(), r.baselineAll().within2Sigma(), r.refused()));
        out.flush();
        return 0;
    }

    private static String row(String label, TriageValidation.Tally t, TriageValidation.Tally b) {
        return String.format(Locale.ROOT, "%6s %6d %10.2f%% %12.1f%% %12.2f%% %14.1f%%", label, t.count(), t.mae(),
                100 * t.within2Sigma(), b.mae(), 100 * b.within2Sigma());
    }
}
