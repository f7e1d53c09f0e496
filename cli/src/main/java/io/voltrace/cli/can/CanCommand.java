package io.voltrace.cli.can;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code voltrace can ...}: CAN bus tools. */
@Command(name = "can", mixinStandardHelpOptions = true,
        description = "CAN tools: decode frames and logs (candump, Vector ASC, SavvyCAN CSV) with a DBC file.",
        subcommands = {CanDecodeCommand.class})
public final class CanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: show what there is. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("voltrace can: missing subcommand (decode)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
