package io.voltrace.cli.bench;

import picocli.CommandLine.Command;

/** Benchmarks anyone can rerun; each ends with one JSON line of figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print their figures as one JSON line at the end.",
        subcommands = {EdgeBenchCommand.class, IngestBenchCommand.class})
public final class BenchCommand {
}
