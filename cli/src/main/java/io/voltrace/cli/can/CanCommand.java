package io.voltrace.cli.can;

import io.voltrace.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code voltrace can ...}: CAN bus tools. */
@Command(name = "can", mixinStandardHelpOptions = true,
        description = "CAN tools: decode frames and logs (candump, Vector ASC, SavvyCAN CSV) with a DBC file. Use "
                + "them to check a vehicle's DBC against a capture before pointing an edge agent at the bus.",
        footer = {"  ./voltrace can decode --dbc edge-agent/src/main/resources/dbc/voltrace-bms.dbc "
                + "--frame 100#40C3A8FF2C01C800"},
        subcommands = {CanDecodeCommand.class})
public final class CanCommand extends CommandGroup {
}
