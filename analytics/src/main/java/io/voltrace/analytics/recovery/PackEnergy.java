package io.voltrace.analytics.recovery;

import java.util.Locale;

/**
 * A pack's nameplate energy and where the figure came from. Nameplate, not remaining: the metals stay in the cathode
 * (or in the anode's SEI, for lost lithium) however much capacity faded.
 *
 * @param kwh   energy, kilowatt-hours
 * @param basis how it was obtained
 */
public record PackEnergy(double kwh, String basis) {

    public PackEnergy {
        if (!(kwh > 0) || Double.isInfinite(kwh)) {
            throw new IllegalArgumentException("pack energy must be positive: " + kwh);
        }
    }

    /** Energy as stated, e.g. on the nameplate or in the battery passport. */
    public static PackEnergy given(double kwh) {
        return new PackEnergy(kwh, "given");
    }

    /** kWh = nominal Ah × cells in series × nominal cell voltage / 1000. */
    public static PackEnergy fromNameplate(double nominalAh, int cellsSeries, double nominalCellVolts) {
        if (!(nominalAh > 0) || cellsSeries < 1 || !(nominalCellVolts > 0)) {
            throw new IllegalArgumentException("nominal Ah, cells in series and cell voltage must be positive");
        }
        return new PackEnergy(nominalAh * cellsSeries * nominalCellVolts / 1000.0, String.format(Locale.ROOT,
                "%s Ah × %d cells in series × %s V", trim(nominalAh), cellsSeries, trim(nominalCellVolts)));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
