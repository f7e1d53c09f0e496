package io.voltrace.cli.triage;

import io.voltrace.analytics.triage.PulseCsv;
import io.voltrace.analytics.triage.TriageCalibrator;
import io.voltrace.analytics.triage.TriageModel;
import io.voltrace.analytics.triage.TriageModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fits a triage model from labeled pulse tests and writes it as a JSON file. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fits a pulse-triage model for one battery type from labeled pulse tests and writes it as a "
                + "versioned JSON model file.",
                "Input: CSV with ID, Qn (Ah), SOC (% of nominal), U1...U21 (V; the layout of "
                        + "../shared/data/retired-pulse, see its README) and SOH (a fraction: measured capacity over "
                        + "nominal). Other columns are ignored. All rows must share one Qn. Rows are grouped into "
                        + "batteries by the ID's part before --battery-separator, and the model's settings are "
                        + "chosen by cross-validation over those batteries.",
                "Prints a one-line summary (JSON) on standard output; bad rows are named on standard error and "
                        + "skipped."},
        footer = {"  ./voltrace triage calibrate --csv ../shared/data/retired-pulse/LMO_10Ah.csv --out lmo.json",
                "  ./voltrace triage calibrate --csv ../shared/data/retired-pulse/NMC_2.1Ah.csv --out nmc.json"})
public final class CalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LabeledPulseOptions input = new LabeledPulseOptions();

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "model file to write (JSON)")
    Path out;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "shuffles batteries into "
            + "cross-validation folds (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TriageModel model;
        try {
            PulseCsv.Table table = input.read(err);
            if (table.tests().isEmpty()) {
                err.println("voltrace triage calibrate: " + input.csv() + " holds no usable labeled pulse test");
                return 2;
            }
            model = new TriageCalibrator(input.separator(), seed).calibrate(table.tests(),
                    input.csv().getFileName().toString(), table.material());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("voltrace triage calibrate: " + e.getMessage());
            return 2;
        }
        try {
            TriageModelFile.write(out, model);
        } catch (IOException e) {
            err.println("voltrace triage calibrate: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        TriageModel.Calibration c = model.calibration();
        stdout.println(String.format(Locale.ROOT, "{\"model\": \"%s\", \"batteries\": %d, \"rows\": %d, "
                        + "\"nominalAh\": %s, \"soc\": [%s, %s], \"cvMae\": %.2f, \"baseCvMae\": %.2f, "
                        + "\"lengthScale\": %s, \"lambda\": %s, \"members\": [%s]}",
                out.toString().replace("\\", "/").replace("\"", "'"), c.batteries(), c.rows(), model.nominalAh(),
                model.socMin(), model.socMax(), c.cvMae(), c.baseCvMae(), c.lengthScale(), c.lambda(),
                members(model)));
        stdout.flush();
        return 0;
    }

    /** Each combined regression as "inputs widths: weight", e.g. "SOC+U1+R0 w5: 0.41". */
    private static String members(TriageModel model) {
        return model.members().stream().map(m -> String.format(Locale.ROOT, "\"%s w%s: %.3f\"",
                m.inputs().stream().map(Enum::name).collect(java.util.stream.Collectors.joining("+")),
                m.regression().lengthScales()[m.regression().lengthScales().length - 1], m.weight()))
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
