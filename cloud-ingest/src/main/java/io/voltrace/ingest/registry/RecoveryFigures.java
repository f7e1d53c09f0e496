package io.voltrace.ingest.registry;

import java.util.Objects;

/**
 * What a recycler can expect to recover from a battery, as stored with its assessment: recoverable metal (contained
 * metal times the recovery rates assumed), from the cathode chemistry and the nameplate energy.
 *
 * @param cathode     cathode chemistry assumed (e.g. NCM622, LFP)
 * @param energyKwh   nameplate energy the figures scale with, kWh
 * @param lithiumKg   recoverable lithium, kg
 * @param nickelKg    recoverable nickel, kg
 * @param cobaltKg    recoverable cobalt, kg
 * @param manganeseKg recoverable manganese, kg
 * @param lceKg       lithium carbonate equivalent of the recoverable lithium, kg
 */
public record RecoveryFigures(String cathode, double energyKwh, double lithiumKg, double nickelKg, double cobaltKg,
                              double manganeseKg, double lceKg) {

    public RecoveryFigures {
        Objects.requireNonNull(cathode, "cathode");
        if (!(energyKwh > 0) || Double.isInfinite(energyKwh)) {
            throw new IllegalArgumentException("recovery energy must be a positive number of kWh: " + energyKwh);
        }
        requireMass("lithiumKg", lithiumKg);
        requireMass("nickelKg", nickelKg);
        requireMass("cobaltKg", cobaltKg);
        requireMass("manganeseKg", manganeseKg);
        requireMass("lceKg", lceKg);
    }

    private static void requireMass(String name, double kg) {
        if (!(kg >= 0) || Double.isInfinite(kg)) {
            throw new IllegalArgumentException(name + " must be a finite mass ≥ 0: " + kg);
        }
    }
}
