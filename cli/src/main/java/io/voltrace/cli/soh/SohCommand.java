package io.voltrace.cli.soh;

import io.voltrace.cli.CommandGroup;
import picocli.CommandLine.Command;

/** State of health from files, and its validation on real and simulated data. */
@Command(name = "soh", mixinStandardHelpOptions = true,
        description = "State of health: estimate it from a cycler or logger CSV, or rerun the validations that "
                + "docs/validation.md reports (NASA aging cells, simulated fleets with known truth).",
        footer = {"  ./voltrace soh estimate --csv ../shared/data/aging-nasa/discharge_cycles/B0005/"
                + "dis_100_cap_1.485868384561201.csv --nominal-ah 2 --chemistry lco",
                "  ./voltrace soh validate-nasa --data ../shared/data --summary-only"},
        subcommands = {EstimateCommand.class, ValidateNasaCommand.class, ValidateFleetCommand.class,
                ValidateAgingCommand.class, CalibrateCommand.class, ConvertNasaCommand.class})
public final class SohCommand extends CommandGroup {
}
