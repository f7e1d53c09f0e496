package io.voltrace.analytics.recovery;

import io.voltrace.common.chemistry.Chemistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Estimates the metals a recycler recovers from a pack, from its cathode chemistry and nameplate energy. */
public final class RecoveryEstimator {
    private final RecoveryAssumptions assumptions;

    public RecoveryEstimator(RecoveryAssumptions assumptions) {
        this.assumptions = assumptions;
    }

    public RecoveryAssumptions assumptions() {
        return assumptions;
    }

    /** For a pack known by voltrace's chemistry; NMC maps to the assumed NCM variant. */
    public RecoveryEstimate estimate(String battery, Chemistry chemistry, PackEnergy energy) {
        Cathode cathode = assumptions.cathodeFor(chemistry);
        RecoveryEstimate e = estimate(battery, cathode, energy);
        if (chemistry == Chemistry.NMC) {
            List<String> notes = new ArrayList<>(e.notes());
            notes.add(0, "NMC cathode variant unknown: " + cathode + " assumed");
            return new RecoveryEstimate(e.battery(), e.cathode(), e.energyKwh(), e.energyBasis(), e.rates(),
                    e.containedKg(), e.recoverableKg(), e.recoverableLceKg(), e.withCellExcess(), notes);
        }
        return e;
    }

    public RecoveryEstimate estimate(String battery, Cathode cathode, PackEnergy energy) {
        MetalsKg contained = cathode.perKwh().times(energy.kwh());
        MetalsKg recoverable = contained.recovered(assumptions.rates());
        List<String> notes = new ArrayList<>();
        notes.add("cathode metal from stoichiometry per kWh of nameplate energy");
        RecoveryRates r = assumptions.rates();
        notes.add(String.format(Locale.ROOT, "recovery at Li %s %%, Ni %s %%, Co %s %%, Mn %s %%%s", num(r.lithiumPercent()),
                num(r.nickelPercent()), num(r.cobaltPercent()), num(r.manganesePercent()),
                r.equals(RecoveryRates.miit2024()) ? " (MIIT 2024 minimums)" : ""));
        RecoveryEstimate.ExcessRange excess = null;
        if (assumptions.excessLowPercent() != null) {
            double low = assumptions.excessLowPercent();
            double high = assumptions.excessHighPercent();
            MetalsKg lowKg = recoverable.times(1 + low / 100);
            MetalsKg highKg = recoverable.times(1 + high / 100);
            excess = new RecoveryEstimate.ExcessRange(low, high, lowKg, highKg, lowKg.lithiumCarbonateEquivalentKg(),
                    highKg.lithiumCarbonateEquivalentKg());
            notes.add(String.format(Locale.ROOT, "real cells carry %s–%s %% more metal than stoichiometry",
                    num(low), num(high)));
        }
        return new RecoveryEstimate(battery, cathode, energy.kwh(), energy.basis(), assumptions.rates(), contained,
                recoverable, recoverable.lithiumCarbonateEquivalentKg(), excess, notes);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
