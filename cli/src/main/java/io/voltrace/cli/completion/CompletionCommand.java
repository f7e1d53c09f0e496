package io.voltrace.cli.completion;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints a bash/zsh completion script for the whole command tree, generated from the live picocli model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a bash and zsh completion script for ./voltrace and every subcommand and option, "
                + "generated from the commands themselves so it is never out of date.",
                "bash:  source <(./voltrace completion)   (or save it under /etc/bash_completion.d/voltrace)",
                "zsh:   autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit; "
                        + "source <(./voltrace completion)"},
        footer = {"  source <(./voltrace completion)",
                "  ./voltrace completion > /etc/bash_completion.d/voltrace"})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // The root's model, so the script covers subcommands registered at run time (ingest token, ingest org).
        CommandLine root = spec.root().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(root.getCommandName(), root));
        out.flush();
        return 0;
    }
}
