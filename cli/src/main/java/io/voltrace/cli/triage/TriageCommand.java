package io.voltrace.cli.triage;

import io.voltrace.cli.CommandGroup;
import picocli.CommandLine.Command;

/** Pulse triage of batteries that arrive with no history: calibrate a model, estimate, validate. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = {"Pulse triage for recycler intake: the state of health of a battery with no history from a "
                + "three-minute pulse test at whatever SOC it arrives with, with its uncertainty and the grade it "
                + "supports.",
                "Calibrate one model per battery type on labeled tests (batteries whose capacity was measured), "
                        + "then estimate. A result whose ±2σ interval straddles a grade boundary is graded "
                        + "NEEDS_TEST: run the full capacity test (see docs/validation.md)."},
        footer = {"  ./voltrace triage calibrate --csv ../shared/data/retired-pulse/LMO_10Ah.csv --out lmo.json",
                "  ./voltrace triage estimate --model lmo.json --csv arrivals.csv",
                "  ./voltrace triage validate --csv ../shared/data/retired-pulse/NMC_2.1Ah.csv"},
        subcommands = {CalibrateCommand.class, TriageEstimateCommand.class, TriageValidateCommand.class})
public final class TriageCommand extends CommandGroup {
}
