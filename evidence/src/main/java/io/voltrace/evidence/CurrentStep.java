package io.voltrace.evidence;

/**
 * A sudden change of current between two consecutive readings, and the voltage's answer: ΔV/ΔI is the cell's
 * resistance at that time scale. A step across a longer interval also holds diffusion, so {@code seconds} goes with
 * the figure: compare resistances only at like intervals.
 *
 * @param endMillis   time of the second reading
 * @param fromAmps    current before (charge positive)
 * @param toAmps      current after
 * @param deltaVolts  voltage change across the step (cell level)
 * @param ohms        ΔV/ΔI, cell level
 * @param seconds     time between the two readings
 * @param tempC       temperature at the step (hottest reading), or NaN
 * @param voltsBefore cell voltage before the step: where on the curve (roughly what SOC) it was taken
 */
public record CurrentStep(long endMillis, double fromAmps, double toAmps, double deltaVolts, double ohms,
                          double seconds, double tempC, double voltsBefore) implements Evidence {

    public double deltaAmps() {
        return toAmps - fromAmps;
    }
}
