package io.voltrace.cli.fleet;

import io.voltrace.cli.CommandGroup;
import picocli.CommandLine.Command;

/** Fleet health: reports per pack and per fleet, and the grading policy. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Fleet health offline, from files: reports (SOH distribution, remaining life, grades, "
                + "recoverable metals) and the retirement grading policy the ingest applies.",
        footer = {"  ./voltrace fleet report --synthetic 50 --out fleet-report",
                "  ./voltrace fleet policy --defaults > my-policy.json"},
        subcommands = {FleetReportCommand.class, PolicyCommand.class})
public final class FleetCommand extends CommandGroup {
}
