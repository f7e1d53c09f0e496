package io.voltrace.cli.soh;

import io.voltrace.analytics.soh.aging.AgingData;
import io.voltrace.analytics.soh.aging.CellHistory;
import io.voltrace.cli.CellTypeOptions;
import io.voltrace.cli.Progress;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.ExtractorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options every command on labelled aging data shares: where, which cells, what type. */
final class AgingOptions {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "folder of <cell>.csv.gz and "
            + "<cell>_capacity.csv (the layout of aging-calce; docs/validation.md)")
    Path data;

    @Option(names = "--cells", split = ",", paramLabel = "CELL", description = "cells to use (default: every cell in "
            + "the folder)")
    List<String> cells;

    @Option(names = "--chemistry", required = true, paramLabel = "nmc|lfp|lco", description = "cell chemistry")
    String chemistry;

    @Option(names = "--nominal-ah", required = true, paramLabel = "AH", description = "the cell type's rated capacity")
    double nominalAh;

    @Option(names = "--cutoff-volts", paramLabel = "V", description = "discharge cutoff that defines capacity "
            + "(default: the chemistry's, 2.7 V for LCO)")
    Double cutoffVolts;

    Chemistry chemistry() {
        return CellTypeOptions.parseChemistry(chemistry);
    }

    ExtractorConfig config() {
        if (!(nominalAh > 0)) {
            throw new IllegalArgumentException("--nominal-ah must be positive, was " + nominalAh);
        }
        ExtractorConfig c = ExtractorConfig.of(chemistry(), nominalAh, 1);
        return cutoffVolts == null ? c : c.withCutoffVolts(cutoffVolts);
    }

    /** Reads every chosen cell and runs it through the extractor, one cell at a time (a CALCE cell is 300k rows). */
    List<CellHistory> histories(Consumer<String> problems, Progress progress) throws IOException {
        ExtractorConfig config = config();
        List<String> found = AgingData.cellNames(data);
        List<String> names = cells == null || cells.isEmpty() ? found : cells;
        for (String name : names) {
            if (!found.contains(name)) {
                throw new IllegalArgumentException(data + ": no cell '" + name + "' (cells: "
                        + String.join(", ", found) + ")");
            }
        }
        List<CellHistory> out = new ArrayList<>();
        for (String name : names) {
            out.add(CellHistory.of(AgingData.readCell(data, name, problems), config));
            progress.advance(1);
        }
        return out;
    }
}
