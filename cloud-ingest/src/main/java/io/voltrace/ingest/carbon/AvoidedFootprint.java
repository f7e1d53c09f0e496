package io.voltrace.ingest.carbon;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The carbon footprint a second-life reuse avoids: making a new battery of the same energy is not needed. Gross
 * figure: the energy the reused battery still holds (nameplate energy × state of health at the reuse) times what
 * making a battery costs per kWh, with the repurposing work (testing, re-packing, transport) not subtracted, since
 * voltrace has no figure for it. Method and factors: docs/lifecycle.md, "Avoided footprint".
 *
 * @param energyKwh      energy the reused battery provides, kWh
 * @param energyBasis    how that energy was obtained
 * @param factorKgPerKwh kg CO2e per kWh of making a new battery
 * @param factorSource   where the factor comes from
 * @param avoidedKg      energyKwh × factorKgPerKwh, kg CO2e
 */
public record AvoidedFootprint(double energyKwh, String energyBasis, double factorKgPerKwh, String factorSource,
                               double avoidedKg) {
    /**
     * kg CO2e per kWh of making a new traction battery when none is declared for this one: the lower end of the
     * 61–106 kg CO2e/kWh range IVL's 2019 review gives for NMC traction battery production (Emilsson and Dahllöf,
     * "Lithium-Ion Vehicle Battery Production", IVL report C444). The lower end, so reuse is not credited with more
     * than it likely saves.
     */
    public static final double DEFAULT_FACTOR = 61;
    public static final String DEFAULT_SOURCE = "IVL report C444 (Emilsson & Dahllöf 2019): lower end of 61-106"
            + " kg CO2e/kWh for making NMC traction batteries";
    static final String KG = "avoidedKgCo2e";
    static final String ENERGY = "avoidedEnergyKwh";
    static final String ENERGY_BASIS = "avoidedEnergyBasis";
    static final String FACTOR = "avoidedFactor";
    static final String SOURCE = "avoidedFactorSource";

    public AvoidedFootprint {
        if (!(energyKwh > 0) || !Double.isFinite(energyKwh) || !(factorKgPerKwh >= 0)
                || !Double.isFinite(factorKgPerKwh)) {
            throw new IllegalArgumentException("avoided footprint needs positive energy and a factor ≥ 0");
        }
    }

    /**
     * The footprint avoided by reusing a battery, or empty when its state of health is unknown (the energy it still
     * provides is then unknown too, and the nameplate would overstate it).
     *
     * @param nameplateKwh the battery's nameplate energy, kWh
     * @param sohPercent   its state of health at the reuse (latest assessment), or null
     * @param declared     its manufacturer's declared footprint, if recorded: its making stages are the factor
     */
    public static Optional<AvoidedFootprint> of(double nameplateKwh, Double sohPercent,
                                                Optional<CarbonFootprint> declared) {
        if (sohPercent == null || !(sohPercent > 0) || !(nameplateKwh > 0)) {
            return Optional.empty();
        }
        double energy = nameplateKwh * Math.min(sohPercent, 100) / 100;
        String basis = String.format(Locale.ROOT, "nameplate %.1f kWh x state of health %.1f %%", nameplateKwh,
                sohPercent);
        Optional<Double> making = declared.flatMap(CarbonFootprint::making);
        double factor = making.orElse(DEFAULT_FACTOR);
        String source = making.isPresent()
                ? "the battery's declared footprint before use (" + declared.get().declaration() + ")"
                : DEFAULT_SOURCE;
        return Optional.of(new AvoidedFootprint(round(energy), basis, factor, source, round(energy * factor)));
    }

    /** Ledger details of the reuse event that records it. */
    public Map<String, String> toDetails() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(KG, CarbonFootprint.figure(avoidedKg));
        d.put(ENERGY, CarbonFootprint.figure(energyKwh));
        d.put(ENERGY_BASIS, energyBasis);
        d.put(FACTOR, CarbonFootprint.figure(factorKgPerKwh));
        d.put(SOURCE, factorSource);
        return d;
    }

    /** The avoided footprint a reuse event recorded, or empty when it recorded none. */
    public static Optional<AvoidedFootprint> fromDetails(Map<String, String> details) {
        String kg = details.get(KG);
        if (kg == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AvoidedFootprint(Double.parseDouble(details.get(ENERGY)),
                    details.get(ENERGY_BASIS), Double.parseDouble(details.get(FACTOR)), details.get(SOURCE),
                    Double.parseDouble(kg)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("reuse event's avoided-footprint details are incomplete: " + details, e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
