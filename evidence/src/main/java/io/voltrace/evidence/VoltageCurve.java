package io.voltrace.evidence;

import java.util.Arrays;

/**
 * A segment's charge–voltage curve in constant space: for each level of a fixed voltage grid, the charge moved since
 * the segment began when the voltage first passed that level in the segment's direction (down for a discharge, up for
 * a charge), interpolated between readings. Levels never passed hold NaN. Curves of one cell at like currents can be
 * laid over each other; that is how a partial segment is matched against a reference.
 */
public final class VoltageCurve {
    private final Direction direction;
    private final double lowestLevel;
    private final double stepVolts;
    private final double[] ah;

    VoltageCurve(Direction direction, double lowestLevel, double stepVolts, double[] ah) {
        this.direction = direction;
        this.lowestLevel = lowestLevel;
        this.stepVolts = stepVolts;
        this.ah = ah;
    }

    /** A curve from given levels, for references read from elsewhere; {@code ah[i]} belongs to level i. */
    public static VoltageCurve of(Direction direction, double lowestLevel, double stepVolts, double[] ah) {
        if (!(stepVolts > 0) || !Double.isFinite(lowestLevel)) {
            throw new IllegalArgumentException("a voltage grid needs a finite lowest level and a positive step");
        }
        return new VoltageCurve(direction, lowestLevel, stepVolts, ah.clone());
    }

    public Direction direction() {
        return direction;
    }

    public double stepVolts() {
        return stepVolts;
    }

    public int size() {
        return ah.length;
    }

    public double level(int i) {
        return lowestLevel + i * stepVolts;
    }

    /** Charge moved (ampere-hours, positive) when the voltage passed level i, or NaN. */
    public double ahAtLevel(int i) {
        return ah[i];
    }

    /** Index of the grid level at or just below {@code volts}, clamped to the grid. */
    public int indexOf(double volts) {
        int i = (int) Math.floor((volts - lowestLevel) / stepVolts + 1e-9);
        return Math.max(0, Math.min(ah.length - 1, i));
    }

    /** Levels passed. */
    public int crossed() {
        int n = 0;
        for (double a : ah) {
            if (!Double.isNaN(a)) {
                n++;
            }
        }
        return n;
    }

    /** Charge at {@code volts}, interpolated between the two passed levels around it; NaN outside what was passed. */
    public double ahAt(double volts) {
        double x = (volts - lowestLevel) / stepVolts;
        int i = (int) Math.floor(x);
        if (i < 0 || i >= ah.length) {
            return Double.NaN;
        }
        if (i == ah.length - 1 || x == i) {
            return ah[i];
        }
        double f = x - i;
        return ah[i] + f * (ah[i + 1] - ah[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoltageCurve c && c.direction == direction && c.lowestLevel == lowestLevel
                && c.stepVolts == stepVolts && Arrays.equals(c.ah, ah);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ah) + direction.hashCode();
    }

    @Override
    public String toString() {
        return "VoltageCurve[" + direction + ", " + crossed() + " of " + ah.length + " levels passed]";
    }
}
