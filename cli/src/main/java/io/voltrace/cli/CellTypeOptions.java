package io.voltrace.cli;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.ExtractorConfig;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --nominal-ah}, {@code --chemistry} and {@code --cutoff-volts} of the commands that read one battery's
 * readings ({@code @Mixin CellTypeOptions}: {@code soh estimate}, {@code intake test}), so they read and check them
 * alike.
 */
public final class CellTypeOptions {
    @Option(names = "--nominal-ah", required = true, paramLabel = "AH", description = "rated capacity")
    double nominalAh;

    @Option(names = "--chemistry", defaultValue = "nmc", paramLabel = "nmc|lfp|lco", description = "cell chemistry: "
            + "OCV curve, limits, default cutoff and charge-end voltages (default ${DEFAULT-VALUE})")
    String chemistry;

    @Option(names = "--cutoff-volts", paramLabel = "V", description = "discharge cutoff that defines capacity, per "
            + "cell (default: the chemistry's: 2.7 V LCO, 2.5 V NMC and LFP)")
    Double cutoffVolts;

    public double nominalAh() {
        return nominalAh;
    }

    /** As given, for messages. */
    public String chemistryName() {
        return chemistry;
    }

    /** @throws IllegalArgumentException naming the option when it is not a known chemistry */
    public Chemistry chemistry() {
        return parseChemistry(chemistry);
    }

    /** @throws IllegalArgumentException naming {@code --chemistry} when {@code name} is not nmc, lfp or lco */
    public static Chemistry parseChemistry(String name) {
        try {
            return Chemistry.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--chemistry must be nmc, lfp or lco, was '" + name + "'");
        }
    }

    /** The extractor's defaults for this cell type over {@code seriesCells} cells, with the cutoff if one is given. */
    public ExtractorConfig config(int seriesCells) {
        ExtractorConfig c = ExtractorConfig.of(chemistry(), nominalAh, seriesCells);
        return cutoffVolts == null ? c : c.withCutoffVolts(cutoffVolts);
    }
}
