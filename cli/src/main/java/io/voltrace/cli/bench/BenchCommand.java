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
                "  ./voltrace bench ingest --devices 10 --seconds 15",
                "  ./voltrace bench reconnect --devices 500 --hold-seconds 2",
                "  ./voltrace bench passport --path raw",
                "  ./voltrace bench decode --dbc ../shared/data/vehicle-dbc/kona_ev_dbc/pcan.dbc --log ../shared/data/can-logs/kona_ev_logs/230112-7-2019-pcan-ccan-power-off-on-ready-off.csv"},
        subcommands = {EdgeBenchCommand.class, IngestBenchCommand.class, HealthBenchCommand.class,
                DecodeBenchCommand.class, ReconnectBenchCommand.class, PassportBenchCommand.class})
public final class BenchCommand extends CommandGroup {
}
