package io.voltrace.analytics.soh.model;

/**
 * Capacity from the charge one voltage window holds, for one window position: {@code C = a + b·W + c·W²}, W the
 * charge (Ah, at the model's nominal capacity) between {@code lowVolts} and {@code lowVolts + span}.
 *
 * @param lowVolts  bottom of the window, volts per cell
 * @param a         intercept, Ah
 * @param b         slope
 * @param c         curvature, 1/Ah
 * @param sigmaAh   one-sigma error of a capacity from this window on a cell the fit has not seen, Ah
 * @param cycles    labelled cycles the fit rests on
 * @param minWindowAh smallest window charge fitted on
 * @param maxWindowAh largest
 */
public record WindowFit(double lowVolts, double a, double b, double c, double sigmaAh, int cycles,
                        double minWindowAh, double maxWindowAh) {

    public double capacityAh(double windowAh) {
        return a + b * windowAh + c * windowAh * windowAh;
    }

    /** Whether {@code windowAh} lies within what was fitted, widened by a tenth of the range. */
    public boolean covers(double windowAh) {
        double margin = 0.1 * (maxWindowAh - minWindowAh);
        return windowAh >= minWindowAh - margin && windowAh <= maxWindowAh + margin;
    }
}
