package io.voltrace.analytics.recovery;

import io.voltrace.common.chemistry.Chemistry;

/**
 * What a recovery estimate assumes.
 *
 * @param nmcVariant         the NCM cathode taken for packs known only as {@link Chemistry#NMC}
 * @param rates              recovery rates
 * @param excessLowPercent   real cells carry more metal than stoichiometry says: low end of that excess, percent;
 *                           null for no excess range
 * @param excessHighPercent  high end, percent; null for no excess range
 */
public record RecoveryAssumptions(Cathode nmcVariant, RecoveryRates rates, Double excessLowPercent,
                                  Double excessHighPercent) {

    public RecoveryAssumptions {
        if (nmcVariant == null || rates == null) {
            throw new IllegalArgumentException("NMC variant and recovery rates are required");
        }
        if (!nmcVariant.name().startsWith("NCM")) {
            throw new IllegalArgumentException("NMC packs map to an NCM cathode, not " + nmcVariant);
        }
        if ((excessLowPercent == null) != (excessHighPercent == null)) {
            throw new IllegalArgumentException("give both ends of the excess range or neither");
        }
        if (excessLowPercent != null && !(excessLowPercent >= 0 && excessHighPercent >= excessLowPercent)) {
            throw new IllegalArgumentException("excess range must satisfy 0 ≤ low ≤ high");
        }
    }

    /** NCM622 for plain NMC, MIIT 2024 minimum rates, real-cell excess 5–15 %. */
    public static RecoveryAssumptions defaults() {
        return new RecoveryAssumptions(Cathode.NCM622, RecoveryRates.miit2024(), 5.0, 15.0);
    }

    public RecoveryAssumptions withNmcVariant(Cathode variant) {
        return new RecoveryAssumptions(variant, rates, excessLowPercent, excessHighPercent);
    }

    public RecoveryAssumptions withoutExcess() {
        return new RecoveryAssumptions(nmcVariant, rates, null, null);
    }

    /** The cathode for a chemistry voltrace knows; LCO has no traction figures in the table, so it has none. */
    public Cathode cathodeFor(Chemistry chemistry) {
        return switch (chemistry) {
            case NMC -> nmcVariant;
            case LFP -> Cathode.LFP;
            case LCO -> throw new IllegalArgumentException(
                    "no cathode metal figures for LCO; give the cathode explicitly");
        };
    }
}
