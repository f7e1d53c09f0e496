package io.voltrace.analytics.soh.model;

import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Segment;
import io.voltrace.evidence.VoltageCurve;

/** The feature a cell model reads: the charge a constant-current segment moved between two voltage levels. */
public final class WindowCharge {
    /** Charge moved while the voltage was still settling into its polarisation is not used: the first minute. */
    public static final double SETTLE_SECONDS = 60;
    /** Constant current: the segment's standard deviation of current within this share of its mean. */
    public static final double MAX_CURRENT_VARIATION = 0.10;
    /** A segment's current within this share of the model's. */
    public static final double CURRENT_TOLERANCE = 0.15;

    private WindowCharge() {
    }

    /** Whether the segment is a whole constant-current run in {@code direction} with a usable curve. */
    public static boolean constantCurrent(Segment s, Direction direction) {
        return s.direction() == direction && !s.interrupted() && s.reversals() == 0 && s.curve() != null
                && s.meanAmps() != 0 && s.ampsStdDev() <= MAX_CURRENT_VARIATION * Math.abs(s.meanAmps());
    }

    /** The segment's current as a multiple of {@code nominalAh} per hour. */
    public static double cRate(Segment s, double nominalAh) {
        return Math.abs(s.meanAmps()) / nominalAh;
    }

    /**
     * Charge between {@code lowVolts} and {@code lowVolts + spanVolts} (positive, Ah), or NaN when the segment did not
     * pass both levels after its first minute.
     */
    public static double of(Segment s, double lowVolts, double spanVolts) {
        VoltageCurve curve = s.curve();
        if (curve == null) {
            return Double.NaN;
        }
        double qLow = curve.ahAt(lowVolts);
        double qHigh = curve.ahAt(lowVolts + spanVolts);
        if (Double.isNaN(qLow) || Double.isNaN(qHigh)) {
            return Double.NaN;
        }
        boolean charge = s.direction() == Direction.CHARGE;
        double first = charge ? qLow : qHigh;
        double window = charge ? qHigh - qLow : qLow - qHigh;
        double settleAh = Math.abs(s.meanAmps()) * SETTLE_SECONDS / 3600;
        return first >= settleAh && window > 0 ? window : Double.NaN;
    }
}
