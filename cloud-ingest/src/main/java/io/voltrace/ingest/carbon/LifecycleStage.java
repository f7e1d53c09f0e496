package io.voltrace.ingest.carbon;

import java.util.Locale;

/**
 * The life-cycle stages a battery's carbon footprint is declared by (EU 2023/1542 Art. 7 and Annex II: raw material
 * acquisition and pre-processing, main product production, distribution, end of life and recycling; the use stage is
 * excluded there). Each has the ledger detail it is recorded under and the text the Battery Pass uses.
 */
public enum LifecycleStage {
    RAW_MATERIAL("cfRawMaterial", "raw_material", "raw material acquisition and pre-processing"),
    MAIN_PRODUCTION("cfMainProduction", "main_production", "main product production"),
    DISTRIBUTION("cfDistribution", "distribution", "distribution"),
    END_OF_LIFE("cfEndOfLife", "end_of_life", "end of life and recycling");

    private final String detail;
    private final String wireName;
    private final String passportText;

    LifecycleStage(String detail, String wireName, String passportText) {
        this.detail = detail;
        this.wireName = wireName;
        this.passportText = passportText;
    }

    /** The ledger detail that holds this stage's kg CO2e per kWh. */
    public String detail() {
        return detail;
    }

    /** The name in API bodies, e.g. {@code raw_material}. */
    public String wireName() {
        return wireName;
    }

    /** The Battery Pass {@code carbonFootprint[].lifecycle} text. */
    public String passportText() {
        return passportText;
    }

    /** Stages a new battery's making carries: all but end of life. */
    public boolean beforeUse() {
        return this != END_OF_LIFE;
    }

    /** @throws IllegalArgumentException naming the accepted names */
    public static LifecycleStage parse(String name) {
        for (LifecycleStage s : values()) {
            if (s.wireName.equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("life-cycle stage must be one of raw_material, main_production,"
                + " distribution, end_of_life, was '" + name + "'");
    }
}
