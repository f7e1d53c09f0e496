package io.voltrace.cli.triage;

import io.voltrace.analytics.triage.PulseCsv;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --csv} and {@code --battery-separator} of the commands that learn from labeled pulse tests
 * ({@code @Mixin LabeledPulseOptions}), and the reading of that file, so calibrate and validate read it alike.
 */
public final class LabeledPulseOptions {
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "labeled pulse tests (with SOH)")
    Path csv;

    @Option(names = "--battery-separator", defaultValue = "-", paramLabel = "TEXT", description = "an ID's battery "
            + "is its part before this, e.g. cell D3 for D3-100 (default '${DEFAULT-VALUE}'; '' for whole IDs)")
    String separator;

    public Path csv() {
        return csv;
    }

    public String separator() {
        return separator;
    }

    /**
     * The labeled tests; each bad row is named on {@code err} as skipped.
     *
     * @throws IllegalArgumentException        when the file is not a pulse-test table
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public PulseCsv.Table read(PrintWriter err) {
        PulseCsv.Table table = PulseCsv.read(csv, true);
        table.problems().forEach(p -> err.println("skipped " + p));
        return table;
    }
}
