package io.voltrace.analytics.recovery;

/**
 * Masses of the cathode metals, kilograms.
 *
 * @param lithiumKg   Li
 * @param nickelKg    Ni
 * @param cobaltKg    Co
 * @param manganeseKg Mn
 */
public record MetalsKg(double lithiumKg, double nickelKg, double cobaltKg, double manganeseKg) {

    /** kg of Li2CO3 that carries 1 kg of lithium: 73.89 / (2 × 6.94). */
    public static final double LCE_PER_LITHIUM = 5.32;

    public MetalsKg {
        if (!(lithiumKg >= 0) || !(nickelKg >= 0) || !(cobaltKg >= 0) || !(manganeseKg >= 0)) {
            throw new IllegalArgumentException("metal masses must be ≥ 0");
        }
    }

    /** Lithium carbonate equivalent of the lithium, kilograms. */
    public double lithiumCarbonateEquivalentKg() {
        return lithiumKg * LCE_PER_LITHIUM;
    }

    public double totalKg() {
        return lithiumKg + nickelKg + cobaltKg + manganeseKg;
    }

    MetalsKg times(double factor) {
        return new MetalsKg(lithiumKg * factor, nickelKg * factor, cobaltKg * factor, manganeseKg * factor);
    }

    MetalsKg recovered(RecoveryRates rates) {
        return new MetalsKg(lithiumKg * rates.lithiumPercent() / 100, nickelKg * rates.nickelPercent() / 100,
                cobaltKg * rates.cobaltPercent() / 100, manganeseKg * rates.manganesePercent() / 100);
    }
}
