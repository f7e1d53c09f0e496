package io.voltrace.cli.soh;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** State of health from files, and its validation on real and simulated data. */
@Command(name = "soh", mixinStandardHelpOptions = true,
        description = "State of health: estimate it from a cycler or logger CSV, or rerun its validations.",
        subcommands = {EstimateCommand.class, ValidateNasaCommand.class, ValidateFleetCommand.class})
public final class SohCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
