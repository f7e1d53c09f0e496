package io.voltrace.analytics.soh.model;

/** Least-squares quadratic {@code y = a + b·x + c·x²}, solved by its normal equations. */
final class Quadratic {
    private Quadratic() {
    }

    /**
     * Fits over the points whose {@code group} is not {@code leaveOut} (all when {@code group} is null); null when
     * fewer than four points remain or the points do not fix a quadratic.
     */
    static double[] fit(double[] x, double[] y, int[] group, int leaveOut) {
        double[][] m = new double[3][4];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (group != null && group[i] == leaveOut) {
                continue;
            }
            double[] row = {1, x[i], x[i] * x[i]};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    m[r][c] += row[r] * row[c];
                }
                m[r][3] += row[r] * y[i];
            }
            n++;
        }
        if (n < 4) {
            return null;
        }
        // Gaussian elimination with partial pivoting.
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[col][col]) < 1e-12 * Math.max(1, Math.abs(m[0][0]))) {
                return null;
            }
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c < 4; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        return new double[]{m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]};
    }

    static double value(double[] coef, double x) {
        return coef[0] + coef[1] * x + coef[2] * x * x;
    }
}
