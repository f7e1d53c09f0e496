package io.voltrace.common.chemistry;

import java.util.Arrays;

/**
 * A monotonic open-circuit-voltage curve of one cell, SOC in percent against volts, linearly interpolated.
 * Used both ways: the simulator needs OCV(SOC), the estimators need SOC(OCV) at rest points.
 */
public final class OcvCurve {
    private final double[] soc;
    private final double[] volts;

    private OcvCurve(double[] soc, double[] volts) {
        this.soc = soc;
        this.volts = volts;
    }

    public static OcvCurve of(double[] socPercent, double[] volts) {
        if (socPercent.length != volts.length || socPercent.length < 2) {
            throw new IllegalArgumentException("OCV curve needs two or more (soc, volts) pairs of equal count");
        }
        for (int i = 1; i < volts.length; i++) {
            if (!(socPercent[i] > socPercent[i - 1]) || !(volts[i] > volts[i - 1])) {
                throw new IllegalArgumentException("OCV curve must rise strictly; point " + i + " does not");
            }
        }
        return new OcvCurve(socPercent.clone(), volts.clone());
    }

    /** Cell rest voltage at the given SOC (percent), clamped to the curve's ends. */
    public double voltsAt(double socPercent) {
        return interpolate(soc, volts, socPercent);
    }

    /** SOC (percent) at the given cell rest voltage, clamped to the curve's ends. */
    public double socAt(double cellVolts) {
        return interpolate(volts, soc, cellVolts);
    }

    /** dV/dSOC in volts per percent at the given SOC: how well a voltage pins down SOC there. */
    public double slopeAt(double socPercent) {
        int i = segment(soc, socPercent);
        return (volts[i + 1] - volts[i]) / (soc[i + 1] - soc[i]);
    }

    public double minVolts() {
        return volts[0];
    }

    public double maxVolts() {
        return volts[volts.length - 1];
    }

    private static double interpolate(double[] xs, double[] ys, double x) {
        if (x <= xs[0]) {
            return ys[0];
        }
        if (x >= xs[xs.length - 1]) {
            return ys[ys.length - 1];
        }
        int i = segment(xs, x);
        double f = (x - xs[i]) / (xs[i + 1] - xs[i]);
        return ys[i] + f * (ys[i + 1] - ys[i]);
    }

    private static int segment(double[] xs, double x) {
        int i = Arrays.binarySearch(xs, x);
        if (i < 0) {
            i = -i - 2;
        }
        return Math.max(0, Math.min(xs.length - 2, i));
    }
}
