package io.voltrace.analytics.recovery;

import java.util.List;

/**
 * Metals recoverable from one pack.
 *
 * @param battery                  battery code
 * @param cathode                  cathode chemistry assumed
 * @param energyKwh                nameplate energy, kWh
 * @param energyBasis              where the energy figure came from
 * @param rates                    recovery rates applied
 * @param containedKg              metal in the cathode by stoichiometry
 * @param recoverableKg            contained × recovery rate
 * @param recoverableLceKg         lithium carbonate equivalent of the recoverable lithium, kg
 * @param withCellExcess           the same with real cells' excess metal, or null when no excess range is assumed
 * @param notes                    assumptions a reader should know
 */
public record RecoveryEstimate(
        String battery,
        Cathode cathode,
        double energyKwh,
        String energyBasis,
        RecoveryRates rates,
        MetalsKg containedKg,
        MetalsKg recoverableKg,
        double recoverableLceKg,
        ExcessRange withCellExcess,
        List<String> notes) {

    public RecoveryEstimate {
        notes = List.copyOf(notes);
    }

    /**
     * Recoverable metals if real cells carry more than stoichiometry.
     *
     * @param lowPercent       low end of the excess, percent
     * @param highPercent      high end
     * @param recoverableLowKg recoverable at the low end
     * @param recoverableHighKg recoverable at the high end
     * @param lceLowKg         lithium carbonate equivalent at the low end, kg
     * @param lceHighKg        at the high end, kg
     */
    public record ExcessRange(double lowPercent, double highPercent, MetalsKg recoverableLowKg,
                              MetalsKg recoverableHighKg, double lceLowKg, double lceHighKg) {
    }
}
