package io.voltrace.cli.soh;

import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reruns the simulated-fleet validation and prints its table. */
@Command(name = "validate-fleet", mixinStandardHelpOptions = true,
        description = {"Validates SOH against known truth: simulated packs through the edge pipeline, with biased "
                + "current and voltage sensors, partial charges only. Prints true and estimated SOH per pack.",
                "The packs come from the simulator module (own OCV curves per cell, hysteresis, hour-scale "
                        + "relaxation, sensor gain and offset, a BMS with a stale capacity); the last line gives the "
                        + "share of errors inside the stated ±2σ.",
                "Use it to reproduce docs/validation.md or to see how worse sensors or fewer days fare. CPU-bound: "
                        + "8 packs of 30 days take about 40 s of CPU; progress (packs) on standard error."},
        footer = {"  ./voltrace soh validate-fleet --packs 8 --days 30",
                "  ./voltrace soh validate-fleet --packs 4 --days 10 --current-offset 1.0 --voltage-bias 0.005"})
public final class ValidateFleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions;

    @Option(names = "--packs", defaultValue = "10", paramLabel = "N", description = "simulated packs, SOH spread "
            + "evenly from 100 down to 60 %% (default ${DEFAULT-VALUE})")
    int packs;

    @Option(names = "--days", defaultValue = "30", paramLabel = "D",
            description = "days simulated per pack (default ${DEFAULT-VALUE})")
    double days;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--current-offset", defaultValue = "0.3", paramLabel = "A",
            description = "current-sensor offset, ± per pack (default ${DEFAULT-VALUE} A)")
    double currentOffset;

    @Option(names = "--voltage-bias", defaultValue = "0.002", paramLabel = "V",
            description = "cell-voltage bias, ± per pack (default ${DEFAULT-VALUE} V)")
    double voltageBias;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "simulation threads (default ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FleetValidation.Settings settings;
        try {
            settings = new FleetValidation.Settings(packs, days, seed, currentOffset, voltageBias, threads);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("voltrace soh validate-fleet: " + e.getMessage());
            return 2;
        }
        List<FleetValidation.PackResult> results;
        try (Progress progress = progressOptions.start("validate-fleet", packs, "packs")) {
            results = new FleetValidation().run(settings, progress);
        }
        FleetValidation.print(results, settings, out);
        return 0;
    }
}
