package io.voltrace.cli.admin;

import picocli.CommandLine;

/** Adds the administration subcommands ({@code token}, {@code org}) under {@code ./voltrace ingest}. */
public final class AdminCommands {
    private AdminCommands() {
    }

    public static void register(CommandLine ingest) {
        ingest.addSubcommand(new CommandLine(new TokenCommand()));
        ingest.addSubcommand(new CommandLine(new OrgCommand()));
    }
}
