package io.voltrace.common.plausibility;

/**
 * What a pack can physically do, for the plausibility rules.
 *
 * @param cells            cells in series, or 0 when unknown
 * @param nominalAh        rated capacity, or 0 when unknown
 * @param maxCRate         the largest current a traction pack sees, in C (peak discharge; default 10 C)
 * @param cellVoltsMin     the lowest cell voltage that is not a broken reading (default 2.0 V)
 * @param cellVoltsMax     the highest (default 4.5 V)
 */
public record PackLimits(int cells, double nominalAh, double maxCRate, double cellVoltsMin, double cellVoltsMax) {

    /** A pack of which only the series cell count and capacity are known (0 for unknown). */
    public static PackLimits of(int cells, double nominalAh) {
        return new PackLimits(cells, nominalAh, 10, 2.0, 4.5);
    }

    /** The largest current magnitude, amperes; infinite when the capacity is unknown. */
    public double maxAmps() {
        return nominalAh > 0 ? nominalAh * maxCRate : Double.POSITIVE_INFINITY;
    }
}
