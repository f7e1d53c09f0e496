package io.voltrace.cli.soh;

import io.voltrace.analytics.soh.aging.CellHistory;
import io.voltrace.analytics.soh.model.CellModel;
import io.voltrace.analytics.soh.model.CellModelCalibrator;
import io.voltrace.analytics.soh.model.CellModels;
import io.voltrace.analytics.soh.model.WindowSet;
import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fits a cell-type model on labelled aging data and writes it as JSON. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Learns a model of one cell type from labelled aging data of several cells (the layout of "
                + "aging-calce: <cell>.csv.gz and <cell>_capacity.csv; docs/validation.md): for every position of a "
                + "voltage window, capacity against the charge the window holds in constant-current charges and "
                + "discharges, with the error each window made on cells it had not seen.",
                "Writes a versioned JSON model that 'soh estimate --model FILE' reads; prints a summary."},
        footer = {"  ./voltrace soh calibrate --data ../shared/data/aging-calce --chemistry lco --nominal-ah 1.1 "
                + "--out /tmp/cs2.json",
                "  ./voltrace soh calibrate --data ../shared/data/aging-calce --cells CS2_36,CS2_37 --chemistry lco "
                        + "--nominal-ah 1.1 --out /tmp/cs2-no38.json"})
public final class CalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    AgingOptions aging;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the model (JSON)")
    Path out;

    @Option(names = "--span", defaultValue = "0.3", paramLabel = "V", description = "window width, volts per cell "
            + "(default ${DEFAULT-VALUE})")
    double span;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!(span >= 0.05 && span <= 1.5)) {
                throw new IllegalArgumentException("--span must be 0.05 to 1.5 V, was " + span);
            }
            List<CellHistory> cells;
            try (Progress p = progressOptions.start("read and extract", 0, "cells")) {
                cells = aging.histories(err::println, p);
            }
            CellModel model = new CellModelCalibrator(span, 0.01, 20).calibrate(cells, aging.chemistry(),
                    aging.nominalAh);
            if (model.charge() == null && model.discharge() == null) {
                err.println("voltrace soh calibrate: no window could be fitted: the cells hold fewer than 20 "
                        + "labelled cycles with a constant-current charge or discharge whose label is the capacity");
                return 2;
            }
            CellModels.write(model, out);
            o.printf(Locale.ROOT, "cell model of %s (%s, %.3f Ah), sigma %s, written to %s%n",
                    String.join(", ", model.cells()), model.chemistry(), model.nominalAh(), model.sigmaSource(), out);
            summary(o, model.charge());
            summary(o, model.discharge());
            o.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("voltrace soh calibrate: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("voltrace soh calibrate: cannot read or write: " + e.getMessage());
            return 1;
        }
    }

    private static void summary(PrintWriter o, WindowSet set) {
        if (set == null) {
            return;
        }
        var best = set.windows().stream().min((a, b) -> Double.compare(a.sigmaAh(), b.sigmaAh())).orElseThrow();
        o.printf(Locale.ROOT, "  %s at %.2f C: %d window positions %.2f–%.2f V, best %.2f–%.2f V (sigma %.4f Ah)%n",
                set.direction().name().toLowerCase(Locale.ROOT), set.cRate(), set.windows().size(),
                set.windows().get(0).lowVolts(), set.windows().get(set.windows().size() - 1).lowVolts()
                        + set.spanVolts(), best.lowVolts(), best.lowVolts() + set.spanVolts(), best.sigmaAh());
    }
}
