package io.voltrace.cli;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code soh}, {@code can}, ...). Run without one, it names what is missing,
 * shows its usage on standard error and exits {@link ExitCodes#USAGE}, the same for every group.
 */
public abstract class CommandGroup implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        String names = cmd.getSubcommands().values().stream().map(CommandLine::getCommandName).distinct()
                .filter(n -> !n.equals("help")).collect(Collectors.joining(", "));
        cmd.getErr().println(spec.qualifiedName() + ": missing subcommand (" + names + ")");
        cmd.usage(cmd.getErr());
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }
}
