package io.voltrace.cli.soh;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reruns the simulated-fleet validation and prints its table. */
@Command(name = "validate-fleet", mixinStandardHelpOptions = true,
        description = {"Validates SOH against known truth: simulated packs through the edge pipeline, with biased "
                + "current and voltage sensors, partial charges only. Prints true and estimated SOH per pack."})
public final class ValidateFleetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--packs", defaultValue = "10", description = "packs (default ${DEFAULT-VALUE})")
    int packs;

    @Option(names = "--days", defaultValue = "30", description = "days simulated per pack (default ${DEFAULT-VALUE})")
    double days;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--current-offset", defaultValue = "0.3", paramLabel = "A",
            description = "current-sensor offset, ± per pack (default ${DEFAULT-VALUE} A)")
    double currentOffset;

    @Option(names = "--voltage-bias", defaultValue = "0.002", paramLabel = "V",
            description = "cell-voltage bias, ± per pack (default ${DEFAULT-VALUE} V)")
    double voltageBias;

    @Option(names = "--threads", defaultValue = "2", description = "simulation threads (default ${DEFAULT-VALUE})")
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
        FleetValidation.print(new FleetValidation().run(settings), settings, out);
        return 0;
    }
}
