package io.voltrace.analytics.triage;

/** The few dense linear-algebra steps the triage models need (systems of a few hundred unknowns at most). */
final class Linear {
    private Linear() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Least squares with a ridge penalty on every weight but the first (the intercept): (XᵀX + λI')w = Xᵀy. */
    static double[] ridge(double[][] x, double[] y, double lambda) {
        int d = x[0].length;
        double[][] a = new double[d][d];
        double[] b = new double[d];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            for (int j = 0; j < d; j++) {
                b[j] += row[j] * y[i];
                for (int k = 0; k <= j; k++) {
                    a[j][k] += row[j] * row[k];
                }
            }
        }
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < j; k++) {
                a[k][j] = a[j][k];
            }
            if (j > 0) {
                a[j][j] += lambda;
            }
        }
        a[0][0] += 1e-12; // keeps the system positive definite when a column is constant
        return solveSpd(a, b);
    }

    /** Solves A x = b for symmetric positive definite A by Cholesky; A is overwritten. */
    static double[] solveSpd(double[][] a, double[] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) {
                s -= a[j][k] * a[j][k];
            }
            if (!(s > 0)) {
                throw new IllegalArgumentException("the calibration data are degenerate (system not positive "
                        + "definite): give more batteries or more distinct readings");
            }
            double l = Math.sqrt(s);
            a[j][j] = l;
            for (int i = j + 1; i < n; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) {
                    t -= a[i][k] * a[j][k];
                }
                a[i][j] = t / l;
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double t = b[i];
            for (int k = 0; k < i; k++) {
                t -= a[i][k] * z[k];
            }
            z[i] = t / a[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double t = z[i];
            for (int k = i + 1; k < n; k++) {
                t -= a[k][i] * x[k];
            }
            x[i] = t / a[i][i];
        }
        return x;
    }
}
