package io.voltrace.cli.soh;

import io.voltrace.cli.ProgressOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reruns the NASA PCoE validation and prints its table. */
@Command(name = "validate-nasa", mixinStandardHelpOptions = true,
        description = {"Validates the SOH estimators on NASA PCoE's aging cells: capacity from every full discharge "
                + "against NASA's figure, and from only a voltage window of each discharge matched against the "
                + "cell's first discharge. Prints a row per cycle and a summary per cell and method.",
                "Use it to reproduce docs/validation.md, or to see how a different voltage window fares. Takes a few "
                        + "seconds; progress (cycles) on standard error."},
        footer = {"  ./voltrace soh validate-nasa --data ../shared/data",
                "  ./voltrace soh validate-nasa --data ../shared/data --summary-only --window-low 3.2 "
                        + "--window-high 3.8",
                "  ./voltrace soh validate-nasa --data ../shared/data --cells B0006 -q > b0006.txt"})
public final class ValidateNasaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "the shared data folder, its "
            + "aging-nasa folder, or aging-nasa/discharge_cycles")
    Path data;

    @Option(names = "--cells", split = ",", defaultValue = "B0005,B0006", paramLabel = "B000x",
            description = "cells to validate (default ${DEFAULT-VALUE})")
    List<String> cells;

    @Option(names = "--window-low", defaultValue = "3.5", paramLabel = "V",
            description = "bottom of the partial window (default ${DEFAULT-VALUE} V)")
    double windowLow;

    @Option(names = "--window-high", defaultValue = "3.9", paramLabel = "V",
            description = "top of the partial window (default ${DEFAULT-VALUE} V)")
    double windowHigh;

    @Option(names = "--summary-only", description = "print only the summary, not a row per cycle")
    boolean summaryOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            NasaValidation v = new NasaValidation(windowLow, windowHigh);
            v.print(v.run(data, cells, err::println,
                    total -> progressOptions.start("validate-nasa", total, "cycles")), out, !summaryOnly);
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("voltrace soh validate-nasa: " + e.getMessage());
            return 2;
        }
    }
}
