package io.voltrace.analytics.recovery;

/**
 * Cathode chemistries with their metal content per kWh of nameplate energy, estimated from stoichiometry (DESIGN.md
 * §6), and a typical nominal cell voltage to turn ampere-hours into energy when the energy is not given.
 */
public enum Cathode {
    NCM523(new MetalsKg(0.12, 0.50, 0.20, 0.28), 3.65),
    NCM622(new MetalsKg(0.11, 0.56, 0.19, 0.18), 3.65),
    NCM811(new MetalsKg(0.10, 0.66, 0.08, 0.08), 3.65),
    NCA(new MetalsKg(0.10, 0.69, 0.13, 0), 3.6),
    LFP(new MetalsKg(0.09, 0, 0, 0), 3.2),
    LMO(new MetalsKg(0.09, 0, 0, 1.45), 3.7);

    private final MetalsKg perKwh;
    private final double nominalCellVolts;

    Cathode(MetalsKg perKwh, double nominalCellVolts) {
        this.perKwh = perKwh;
        this.nominalCellVolts = nominalCellVolts;
    }

    /** Stoichiometric metal content per kWh, kilograms. */
    public MetalsKg perKwh() {
        return perKwh;
    }

    /** Typical nominal cell voltage, volts. */
    public double nominalCellVolts() {
        return nominalCellVolts;
    }
}
