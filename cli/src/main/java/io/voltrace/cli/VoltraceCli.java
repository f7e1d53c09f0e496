package io.voltrace.cli;

import io.voltrace.cli.admin.AdminCommands;
import io.voltrace.cli.bench.BenchCommand;
import io.voltrace.cli.can.CanCommand;
import io.voltrace.cli.code.CodeCommand;
import io.voltrace.cli.completion.CompletionCommand;
import io.voltrace.cli.demo.DemoCommand;
import io.voltrace.cli.edge.EdgeCommand;
import io.voltrace.cli.fleet.FleetCommand;
import io.voltrace.cli.ingest.IngestCommand;
import io.voltrace.cli.intake.IntakeCommand;
import io.voltrace.cli.ledger.LedgerCommand;
import io.voltrace.cli.passport.PassportCommand;
import io.voltrace.cli.soh.SohCommand;
import io.voltrace.cli.triage.TriageCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command line. Subcommands are the parts of voltrace a user runs. */
@Command(name = "voltrace",
        mixinStandardHelpOptions = true,
        version = "voltrace 0.1.0",
        description = {"Follows every traction battery through its life: CAN edge agent, MQTT ingest, health "
                + "analytics. Start with 'demo'; every command explains itself with --help.",
                "Results go to standard output, progress and errors to standard error, so pipes get clean data. "
                        + "A failure prints one line saying what failed; " + FailureHandler.DEBUG_ENV
                        + "=1 adds the stack trace.",
                "The services (edge, ingest) read settings from a --config file, then environment variables, then "
                        + "(ingest) flags: later ones win."},
        footer = {"  ./voltrace demo                                   # the whole pipeline, embedded",
                "  ./voltrace code parse VTRPE96DEMO001T5C0000001",
                "  source <(./voltrace completion)                   # tab completion in bash or zsh"},
        subcommands = {DemoCommand.class, IngestCommand.class, SohCommand.class, CanCommand.class, FleetCommand.class,
                EdgeCommand.class, BenchCommand.class, CodeCommand.class, LedgerCommand.class, TriageCommand.class,
                IntakeCommand.class, PassportCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class VoltraceCli extends CommandGroup {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree, with the shared help (exit codes, examples) and error handling applied. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VoltraceCli());
        AdminCommands.register(cli.getSubcommands().get("ingest"));
        CliHelp.apply(cli);
        cli.setExecutionExceptionHandler(new FailureHandler(System.getenv()));
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        return cli;
    }
}
