package io.voltrace.cli.bench;

import io.voltrace.cli.CommandGroup;
import picocli.CommandLine.Command;

/** Benchmarks anyone can rerun; each ends with one JSON line of figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks anyone can rerun on their own machine: the edge agent's footprint and the "
                + "ingest's throughput, optionally under injected faults (--chaos).",
                "Each prints its figures as one JSON line at the end of standard output; docs/benchmarks.md holds "
                        + "the published figures and the machine they ran on."},
        footer = {"  ./voltrace bench edge --seconds 30",
                "  ./voltrace bench ingest --devices 10 --seconds 15"},
        subcommands = {EdgeBenchCommand.class, IngestBenchCommand.class, HealthBenchCommand.class})
public final class BenchCommand extends CommandGroup {
}
