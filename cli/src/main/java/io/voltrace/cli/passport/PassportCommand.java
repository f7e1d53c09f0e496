package io.voltrace.cli.passport;

import io.voltrace.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code voltrace passport ...}: battery passports. */
@Command(name = "passport", mixinStandardHelpOptions = true,
        description = "Battery passports: a battery's Catena-X Battery Pass 6.1.0 (EU 2023/1542 Annex XIII) and its "
                + "GB/T 34014 code tree, from voltrace's evidence and the manufacturer's declaration. See "
                + "docs/lifecycle.md.",
        footer = {"  ./voltrace passport export --code VTRPE96DEMO001T5C0000001 --data data"},
        subcommands = {ExportCommand.class})
public final class PassportCommand extends CommandGroup {
}
