package io.voltrace.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Wrong options or arguments: the reason and where to read more, instead of picocli's default of the whole usage
 * text (which buries the one line that matters). Exits {@link ExitCodes#USAGE}.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + ex.getMessage().replace('\n', ' '));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("see './" + name + " --help' for the options and examples");
        err.flush();
        return ExitCodes.USAGE;
    }
}
