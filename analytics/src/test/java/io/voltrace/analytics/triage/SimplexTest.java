package io.voltrace.analytics.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimplexTest {

    /**
     * What the early-stopped fit promises (see Simplex): an average that leans toward the candidate fitting best and
     * away from a useless one, and fits better than the equal average it starts from. It does not promise the
     * converged least-squares weights (with collinear candidates it stops well short of them).
     */
    @Test
    void leansTowardTheBetterEstimatorAndAwayFromAUselessOne() {
        Random r = new Random(3);
        int n = 200;
        double[][] p = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 60 + 40 * r.nextDouble();
            p[i] = new double[] {y[i] + 0.5 * r.nextGaussian(), y[i] + 2 * r.nextGaussian(), 80 + 10 * r.nextGaussian()};
        }
        double[] w = Simplex.leastSquares(p, y);
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1, within(1e-9));
        assertThat(Math.min(w[0], Math.min(w[1], w[2]))).isGreaterThanOrEqualTo(0);
        assertThat(w[0]).isGreaterThan(w[1]).isGreaterThan(1.0 / 3);
        assertThat(w[2]).isLessThan(1.0 / 3);
        assertThat(sse(p, y, w)).isLessThan(sse(p, y, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}));
    }

    private static double sse(double[][] p, double[] y, double[] w) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double e = Linear.dot(w, p[i]) - y[i];
            s += e * e;
        }
        return s;
    }

    @Test
    void projectsOntoWeightsThatAreAnAverage() {
        assertThat(Simplex.project(new double[] {2, 0})).containsExactly(1, 0);
        assertThat(Simplex.project(new double[] {0.5, 0.5, -3})).containsExactly(0.5, 0.5, 0);
        double[] w = Simplex.project(new double[] {0.2, 0.1, 0.4});
        assertThat(w[0] + w[1] + w[2]).isCloseTo(1, within(1e-12));
        assertThat(Math.min(w[0], Math.min(w[1], w[2]))).isGreaterThanOrEqualTo(0);
    }
}
