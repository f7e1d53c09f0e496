package io.voltrace.analytics.intake;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The test-bench file formats voltrace reads (docs/intake.md, "Files read"). */
public enum BenchFormat {
    /** Found from the extension and the header. */
    AUTO("auto"),
    /** Arbin CSV (as the CALCE data), NASA PCoE CSV, the generic layout: {@link CyclerFile}. */
    CSV("csv"),
    /** Neware BTS/BTSDA CSV export. */
    NEWARE_CSV("neware-csv"),
    /** Arbin MITS workbook with Channel_… sheets. */
    ARBIN_XLSX("arbin-xlsx"),
    /** Neware workbook with a record / Detail_… sheet. */
    NEWARE_XLSX("neware-xlsx"),
    /** Arbin MITS Pro's old binary Excel export (.xls, BIFF8): Channel_… sheets of at most 65,536 rows. */
    ARBIN_XLS("arbin-xls"),
    /** Neware BTSDA's binary Excel export (.xls): record / Detail_… sheets. */
    NEWARE_XLS("neware-xls"),
    /** BioLogic EC-Lab ASCII export. */
    BIOLOGIC_MPT("biologic-mpt");

    private final String wireName;

    BenchFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static BenchFormat parse(String value) {
        for (BenchFormat f : values()) {
            if (f.wireName.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be one of " + Arrays.stream(values())
                .map(BenchFormat::wireName).collect(Collectors.joining(", ")) + ", was '" + value + "'");
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
