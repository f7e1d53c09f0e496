package io.voltrace.analytics.soh;

import io.voltrace.common.chemistry.OcvCurve;
import java.util.Arrays;
import java.util.List;

/**
 * {@link RestRegression}'s weighted least squares over one list of rests, solved for any half gap and relaxation
 * amplitude: the counter readings on an intercept per counting epoch, time and SOC.
 *
 * <p>A profile solves this some thousands of times per estimate, so what does not depend on the half gap and the
 * relaxation (each rest's epoch column, time, reading, branch) is laid out once, the scratch arrays are reused, and
 * the epoch intercepts are eliminated rather than solved for: their block of the normal equations is diagonal, so
 * each intercept is its epoch's weighted mean once time and SOC are known, and what is left is the 2 × 2 system of
 * time and SOC on values centred within each epoch (the Schur complement). That is O(rests) a solve, against an LU
 * of (epochs + 2)² before, and gives the same fit to rounding. C's variance is s² times the SOC entry of that 2 × 2
 * system's inverse, which is the full system's.
 *
 * <p>Not thread-safe (the scratch arrays): one per estimate.
 */
final class RestLeastSquares {
    /** A 2 × 2 system whose determinant is this small a share of its diagonal's product is taken as singular. */
    private static final double SINGULAR = 1e-12;

    private final OcvCurve ocv;
    private final double minRestMinutes;
    private final int n;
    private final int epochs;
    private final int[] column;
    private final double[] days;
    private final double[] netAh;
    private final double[] volts;
    private final double[] branch;
    private final double[] minutes;
    // Scratch, overwritten by every solve.
    private final double[] moved;
    private final double[] soc;
    private final double[] weight;
    private final double[] epochWeight;
    private final double[] epochDays;
    private final double[] epochSoc;
    private final double[] epochAh;
    private double timeCoef;
    private double capacity;
    private double capacityVar;
    private double rss;

    RestLeastSquares(OcvCurve ocv, List<RestRegression.Point> points, double minRestMinutes) {
        this.ocv = ocv;
        this.minRestMinutes = minRestMinutes;
        n = points.size();
        int[] distinct = points.stream().mapToInt(RestRegression.Point::epoch).distinct().sorted().toArray();
        epochs = distinct.length;
        column = new int[n];
        days = new double[n];
        netAh = new double[n];
        volts = new double[n];
        branch = new double[n];
        minutes = new double[n];
        for (int i = 0; i < n; i++) {
            RestRegression.Point p = points.get(i);
            column[i] = Arrays.binarySearch(distinct, p.epoch());
            days[i] = p.days();
            netAh[i] = p.netAh();
            volts[i] = p.volts();
            branch[i] = p.branch();
            minutes[i] = p.minutes();
        }
        moved = new double[n];
        soc = new double[n];
        weight = new double[n];
        epochWeight = new double[epochs];
        epochDays = new double[epochs];
        epochSoc = new double[epochs];
        epochAh = new double[epochs];
    }

    /** Each rest's share of the relaxation amplitude left at its end, {@code e^(−(t − minRest)/τ)}. */
    double[] decay(double tauMinutes) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.exp(-(minutes[i] - minRestMinutes) / tauMinutes);
        }
        return out;
    }

    /** Residual degrees of freedom: rests less the epoch intercepts, time and SOC. */
    int dof() {
        return n - epochs - 2;
    }

    /**
     * Solves with each rest's voltage moved toward equilibrium by its branch's half gap {@code g} and the
     * polarisation left after its length ({@code k} at the shortest rest, decaying as {@code decay} from
     * {@link #decay} says), every voltage moved by {@code shift} and tilted by ±{@code tilt} across the SOC range,
     * its SOC read from the curve and weighted by the curve's slope there. False when there is no fit
     * (too few rests, or time and SOC not told apart); else {@link #rss()} and the rest hold its figures.
     */
    boolean solve(double g, double k, double[] decay, double shift, double tilt) {
        if (dof() <= 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            double left = k * decay[i];
            moved[i] = volts[i] - branch[i] * (g + left) + shift;
        }
        if (tilt != 0) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : moved) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (int i = 0; i < n && hi > lo; i++) {
                moved[i] += tilt * (2 * (moved[i] - lo) / (hi - lo) - 1);
            }
        }
        Arrays.fill(epochWeight, 0);
        Arrays.fill(epochDays, 0);
        Arrays.fill(epochSoc, 0);
        Arrays.fill(epochAh, 0);
        for (int i = 0; i < n; i++) {
            double socPercent = ocv.socAt(moved[i]);
            soc[i] = socPercent / 100;
            double sw = ocv.slopeAt(socPercent) * 1000; // volts per percent → mV per percent: weights of order one
            weight[i] = sw;
            double w2 = sw * sw;
            int c = column[i];
            epochWeight[c] += w2;
            epochDays[c] += w2 * days[i];
            epochSoc[c] += w2 * soc[i];
            epochAh[c] += w2 * netAh[i];
        }
        for (int c = 0; c < epochs; c++) {
            if (!(epochWeight[c] > 0)) {
                return false;
            }
            epochDays[c] /= epochWeight[c];
            epochSoc[c] /= epochWeight[c];
            epochAh[c] /= epochWeight[c];
        }
        // Time and SOC, each centred on its epoch's weighted mean: the intercepts eliminated.
        double tt = 0;
        double ts = 0;
        double ss = 0;
        double ty = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            int c = column[i];
            double w2 = weight[i] * weight[i];
            double t = days[i] - epochDays[c];
            double s = soc[i] - epochSoc[c];
            double y = netAh[i] - epochAh[c];
            tt += w2 * t * t;
            ts += w2 * t * s;
            ss += w2 * s * s;
            ty += w2 * t * y;
            sy += w2 * s * y;
        }
        double det = tt * ss - ts * ts;
        if (!(tt > 0) || !(ss > 0) || !(det > SINGULAR * tt * ss)) {
            return false;
        }
        timeCoef = (ss * ty - ts * sy) / det;
        capacity = (tt * sy - ts * ty) / det;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double r = residual(i);
            sum += r * r;
        }
        rss = sum;
        capacityVar = rss / dof() * tt / det;
        return true;
    }

    /** The fit at these values with its residuals, or null when there is none: see {@link #solve}. */
    RestRegression.Fit fit(double g, double k, double[] decay, double shift, double tilt) {
        if (!solve(g, k, decay, shift, tilt)) {
            return null;
        }
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = residual(i);
        }
        return new RestRegression.Fit(g, k, capacity, capacityVar, rss, dof(), residuals);
    }

    /** The last solve's residual sum of squares (weighted). */
    double rss() {
        return rss;
    }

    /** Rest {@code i}'s weighted residual in the last solve; its epoch's intercept from the epoch's means. */
    private double residual(int i) {
        int c = column[i];
        double intercept = epochAh[c] - timeCoef * epochDays[c] - capacity * epochSoc[c];
        double fitted = intercept + timeCoef * days[i] + capacity * soc[i];
        return weight[i] * (netAh[i] - fitted);
    }
}
