package io.voltrace.cli;

import io.voltrace.cli.can.CanCommand;
import io.voltrace.cli.admin.AdminCommands;
import io.voltrace.cli.bench.BenchCommand;
import io.voltrace.cli.code.CodeCommand;
import io.voltrace.cli.completion.CompletionCommand;
import io.voltrace.cli.demo.DemoCommand;
import io.voltrace.cli.edge.EdgeCommand;
import io.voltrace.cli.fleet.FleetCommand;
import io.voltrace.cli.ingest.IngestCommand;
import io.voltrace.cli.ledger.LedgerCommand;
import io.voltrace.cli.soh.SohCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command line. Subcommands are the parts of voltrace a user runs. */
@Command(name = "voltrace",
        mixinStandardHelpOptions = true,
        version = "voltrace 0.1.0",
        description = "Follows every traction battery through its life: CAN edge agent, MQTT ingest, health analytics.",
        subcommands = {DemoCommand.class, IngestCommand.class, SohCommand.class, CanCommand.class, FleetCommand.class,
                EdgeCommand.class, BenchCommand.class, CodeCommand.class, LedgerCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class VoltraceCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VoltraceCli());
        AdminCommands.register(cli.getSubcommands().get("ingest"));
        return cli;
    }
}
