package io.voltrace.cli.intake;

import io.voltrace.cli.CommandGroup;
import picocli.CommandLine.Command;

/** Recycler intake of a battery with no history: a bench test file analysed into capacity, resistance and OCV. */
@Command(name = "intake", mixinStandardHelpOptions = true,
        description = {"Recycler intake from a test bench: residual capacity and energy (GB/T 34015), DC resistance "
                + "(IEC 62660-1 / HPPC), OCV and self-discharge from a cycler's file. For a quick estimate from a "
                + "three-minute pulse test, see 'voltrace triage'."},
        footer = {"  ./voltrace intake test --file ../shared/data/aging-calce/CS2_36.csv.gz --code "
                + "VTRPE96DEMO001T5C0000001 --nominal-ah 1.1 --chemistry lco -q"},
        subcommands = {IntakeTestCommand.class})
public final class IntakeCommand extends CommandGroup {
}
