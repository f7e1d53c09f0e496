package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.analytics.sim.SimulatedPack;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.common.wire.PackSample;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.junit.jupiter.api.Test;

/**
 * The rest regression's solve with the epoch intercepts eliminated (a 2 × 2 system a solve) gives the fit the full
 * normal equations gave (an LU of (epochs + 2)² a solve, kept here as {@link #dense}), on simulator evidence, at
 * every point of the profile's grid; and the estimates are the figures the dense solve gave before the change.
 */
class RestLeastSquaresTest {
    private static final RestRegression REGRESSION = RestRegression.defaults();

    private record Evidence(Chemistry chemistry, double nominalAh, EvidenceLog log) {
    }

    private static Evidence evidence(Chemistry chemistry, double nominalAh, double soh, long seed) {
        SimulatedPack pack = SimulatedPack.of(chemistry, nominalAh, soh).seed(seed);
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor x = new EvidenceExtractor(ExtractorConfig.of(chemistry, nominalAh, 96), log);
        for (PackSample s : pack.samples()) {
            x.accept(Point.of(s));
        }
        x.finish();
        return new Evidence(chemistry, nominalAh, log);
    }

    @Test
    void theEliminatedSolveIsTheDenseSolveAtEveryPointOfTheGrid() {
        for (Evidence e : List.of(evidence(Chemistry.NMC, 150, 80, 21), evidence(Chemistry.LFP, 100, 85, 3))) {
            OcvCurve ocv = e.chemistry().ocv();
            List<RestRegression.Point> points = REGRESSION.points(ocv, e.nominalAh(), e.log().rests(),
                    e.log().segments());
            // Two counting epochs, so that the intercepts' block has more than one entry to eliminate.
            List<RestRegression.Point> twoEpochs = points.stream().map(p -> p.days() < 15 ? p
                    : new RestRegression.Point(p.days(), p.netAh() - 40, p.epoch() + 1, p.volts(), p.branch(),
                    p.minutes())).toList();
            for (List<RestRegression.Point> list : List.of(points, twoEpochs)) {
                assertThat(list.size()).isGreaterThan(20);
                RestLeastSquares ls = new RestLeastSquares(ocv, list, REGRESSION.minRestMinutes());
                double[] decay = ls.decay(REGRESSION.relaxTauMinutes());
                int compared = 0;
                for (double g = 0; g <= RestRegression.maxHalfGapVolts(e.chemistry()) + 1e-12; g += 0.0005) {
                    for (double k = 0; k <= 0.010 + 1e-12; k += 0.0025) {
                        for (double[] shiftTilt : new double[][] {{0, 0}, {0.002, 0}, {0, 0.001 / Math.sqrt(2)}}) {
                            RestRegression.Fit fast = ls.fit(g, k, decay, shiftTilt[0], shiftTilt[1]);
                            RestRegression.Fit slow = dense(ocv, list, g, k, REGRESSION.relaxTauMinutes(),
                                    shiftTilt[0], shiftTilt[1]);
                            assertSame(fast, slow);
                            compared++;
                        }
                    }
                }
                assertThat(compared).isGreaterThan(100);
            }
        }
    }

    private static void assertSame(RestRegression.Fit fast, RestRegression.Fit slow) {
        assertThat(slow).isNotNull();
        assertThat(fast).isNotNull();
        assertThat(fast.capacityAh()).isCloseTo(slow.capacityAh(), within(1e-9 * Math.abs(slow.capacityAh())));
        assertThat(fast.capacityVar()).isCloseTo(slow.capacityVar(), within(1e-7 * slow.capacityVar()));
        assertThat(fast.rss()).isCloseTo(slow.rss(), within(1e-7 * slow.rss()));
        assertThat(fast.dof()).isEqualTo(slow.dof());
        for (int i = 0; i < slow.residuals().length; i++) {
            assertThat(fast.residuals()[i]).isCloseTo(slow.residuals()[i], within(1e-7));
        }
    }

    /** The estimates as the dense solve gave them (commit f8021ba), digit for digit to rounding. */
    @Test
    void theEstimatesAreTheDenseSolvesFigures() {
        assertEstimate(evidence(Chemistry.NMC, 150, 80, 21), 120.79309226423821, 0.460697718240318, 80,
                "80 rests, half gap 13.0 mV, relaxation 5.0 mV at 60 min; ±0.5 % = fit 0.1 ⊕ OCV bias 0.0 ⊕ OCV shape"
                        + " 0.1 ⊕ relaxation time 0.2 ⊕ current gain 0.4");
        assertEstimate(evidence(Chemistry.NMC, 60, 95, 5), 56.645057995388896, 0.5226587738180012, 71,
                "71 rests, half gap 11.5 mV, relaxation 2.0 mV at 60 min; ±0.5 % = fit 0.2 ⊕ OCV bias 0.1 ⊕ OCV shape"
                        + " 0.1 ⊕ relaxation time 0.0 ⊕ current gain 0.5");
        assertEstimate(evidence(Chemistry.NMC, 100, 70, 9), 69.28534976868814, 0.41197718637588365, 78,
                "78 rests, half gap 11.5 mV, relaxation 3.5 mV at 60 min; ±0.4 % = fit 0.1 ⊕ OCV bias 0.1 ⊕ OCV shape"
                        + " 0.1 ⊕ relaxation time 0.1 ⊕ current gain 0.3");
        Evidence lfp = evidence(Chemistry.LFP, 100, 85, 3);
        SohEstimate e = REGRESSION.estimate("P", lfp.chemistry(), lfp.nominalAh(), lfp.log().rests(),
                lfp.log().segments());
        assertThat(e.sufficient()).isFalse();
        assertThat(e.segments()).isEqualTo(30);
        assertThat(e.insufficientReason()).isEqualTo("30 rests, half gap 27.5 mV, relaxation 8.5 mV at 60 min;"
                + " ±9.2 % = fit 3.0 ⊕ OCV bias 8.7 ⊕ OCV shape 0.7 ⊕ relaxation time 0.2 ⊕ current gain 0.5, more"
                + " than 5 %");
    }

    private static void assertEstimate(Evidence ev, double capacityAh, double sigmaPercent, int rests,
                                       String detail) {
        SohEstimate e = REGRESSION.estimate("P", ev.chemistry(), ev.nominalAh(), ev.log().rests(),
                ev.log().segments());
        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.capacityAh()).isCloseTo(capacityAh, within(1e-9 * capacityAh));
        assertThat(e.uncertaintyPercent()).isCloseTo(sigmaPercent, within(1e-9 * sigmaPercent));
        assertThat(e.segments()).isEqualTo(rests);
        assertThat(e.method()).isEqualTo(RestRegression.METHOD + " (" + detail + ")");
    }

    /**
     * The fit as {@code RestRegression} made it before (commit f8021ba): the voltages moved, then the full normal
     * equations (an intercept per epoch, time, SOC) summed row by row and inverted by LU.
     */
    private static RestRegression.Fit dense(OcvCurve ocv, List<RestRegression.Point> points, double g, double k,
                                            double tauMinutes, double shift, double tilt) {
        double[] volts = new double[points.size()];
        for (int i = 0; i < volts.length; i++) {
            RestRegression.Point p = points.get(i);
            double left = k * Math.exp(-(p.minutes() - REGRESSION.minRestMinutes()) / tauMinutes);
            volts[i] = p.volts() - p.branch() * (g + left) + shift;
        }
        if (tilt != 0) {
            double lo = Arrays.stream(volts).min().orElse(0);
            double hi = Arrays.stream(volts).max().orElse(0);
            for (int i = 0; i < volts.length && hi > lo; i++) {
                volts[i] += tilt * (2 * (volts[i] - lo) / (hi - lo) - 1);
            }
        }
        int[] epochs = points.stream().mapToInt(RestRegression.Point::epoch).distinct().sorted().toArray();
        int cols = epochs.length + 2;
        int n = points.size();
        if (n <= cols) {
            return null;
        }
        int days = epochs.length;
        int socCol = days + 1;
        double[][] xtx = new double[cols][cols];
        double[] xty = new double[cols];
        double[] sw = new double[n];
        double[] soc = new double[n];
        int[] col = new int[n];
        for (int i = 0; i < n; i++) {
            RestRegression.Point p = points.get(i);
            double socPercent = ocv.socAt(volts[i]);
            soc[i] = socPercent / 100;
            sw[i] = ocv.slopeAt(socPercent) * 1000;
            col[i] = Arrays.binarySearch(epochs, p.epoch());
            double w2 = sw[i] * sw[i];
            double d = p.days();
            double y = w2 * p.netAh();
            xtx[col[i]][col[i]] += w2;
            xtx[col[i]][days] += w2 * d;
            xtx[col[i]][socCol] += w2 * soc[i];
            xtx[days][days] += w2 * d * d;
            xtx[days][socCol] += w2 * d * soc[i];
            xtx[socCol][socCol] += w2 * soc[i] * soc[i];
            xty[col[i]] += y;
            xty[days] += y * d;
            xty[socCol] += y * soc[i];
        }
        for (int a = 0; a < cols; a++) {
            for (int b = 0; b < a; b++) {
                xtx[a][b] = xtx[b][a];
            }
        }
        RealMatrix inverse;
        try {
            inverse = new LUDecomposition(new Array2DRowRealMatrix(xtx, false), 1e-12).getSolver().getInverse();
        } catch (SingularMatrixException e) {
            return null;
        }
        double[] beta = inverse.operate(xty);
        double[] r = new double[n];
        double rss = 0;
        for (int i = 0; i < n; i++) {
            RestRegression.Point p = points.get(i);
            double fitted = beta[col[i]] + beta[days] * p.days() + beta[socCol] * soc[i];
            r[i] = sw[i] * (p.netAh() - fitted);
            rss += r[i] * r[i];
        }
        int dof = n - cols;
        return new RestRegression.Fit(g, k, beta[cols - 1], rss / dof * inverse.getEntry(cols - 1, cols - 1), rss,
                dof, r);
    }
}
