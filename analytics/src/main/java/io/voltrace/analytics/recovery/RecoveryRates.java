package io.voltrace.analytics.recovery;

/**
 * Share of each metal a recycler recovers, percent.
 *
 * @param lithiumPercent   Li
 * @param nickelPercent    Ni
 * @param cobaltPercent    Co
 * @param manganesePercent Mn
 */
public record RecoveryRates(double lithiumPercent, double nickelPercent, double cobaltPercent,
                            double manganesePercent) {

    public RecoveryRates {
        for (double r : new double[]{lithiumPercent, nickelPercent, cobaltPercent, manganesePercent}) {
            if (!(r >= 0 && r <= 100)) {
                throw new IllegalArgumentException("recovery rates must be in [0, 100] percent: " + r);
            }
        }
    }

    /**
     * The minimums of the MIIT industry conditions for comprehensive utilisation of waste power batteries (2024): Ni,
     * Co, Mn at least 98 %, Li at least 90 %. A compliant recycler does at least this well.
     */
    public static RecoveryRates miit2024() {
        return new RecoveryRates(90, 98, 98, 98);
    }
}
