package io.voltrace.cli.fleet;

import picocli.CommandLine.Command;

/** Fleet health: reports per pack and per fleet, and the grading policy. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Fleet health reports (SOH distribution, remaining life, grades, recoverable metals) and the "
                + "retirement grading policy.",
        subcommands = {FleetReportCommand.class, PolicyCommand.class})
public final class FleetCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
