package io.voltrace.analytics.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pulse-triage model for one battery type, as the versioned JSON model file holds it: a weighted combination of
 * kernel regressions of SOH on the rested OCV at the planned SOC, each alone or with one more pulse feature
 * ({@link PulseFeature}), the weights and settings chosen by cross-validation inside the calibration; the one-sigma
 * uncertainty per SOC, and the envelope of what calibration saw, against
 * which every test is checked before it is estimated.
 *
 * @param format       always {@value #FORMAT}
 * @param version      file layout version, {@value #VERSION}
 * @param material     chemistry as the calibration file named it ({@code Mat}), or null
 * @param nominalAh    the nominal capacity every calibration battery had
 * @param socMin       lowest planned SOC calibrated, percent
 * @param socMax       highest planned SOC calibrated, percent
 * @param separator    an ID's battery is its part before this (e.g. "-" for {@code cell-cycles}); empty: the whole ID
 * @param members      the regressions combined, each with its inputs and weight (weights ≥ 0, summing to 1)
 * @param sigma        rows of [SOC percent, one-sigma SOH uncertainty percent], ascending SOC
 * @param voltages     rows of [lowest, highest] volts seen for U1…U21
 * @param ocvBySoc     rows of [SOC percent, lowest U1, highest U1] seen at that SOC
 * @param calibration  how the model was fitted
 */
public record TriageModel(String format, int version, String material, double nominalAh, double socMin,
                          double socMax, String separator, List<Member> members,
                          double[][] sigma, double[][] voltages, double[][] ocvBySoc, Calibration calibration) {

    public static final String FORMAT = "voltrace-pulse-triage";
    /** 2: several weighted regressions over named pulse features (1: one regression on SOC and U1). */
    public static final int VERSION = 2;
    /** Nominal capacities further apart than this share are another battery type. */
    static final double NOMINAL_TOLERANCE = 0.01;

    /**
     * @param source       calibration file name
     * @param batteries    distinct batteries
     * @param rows         pulse tests
     * @param lengthScale  chosen kernel width of SOC and U1
     * @param lambda       chosen ridge penalty
     * @param baseCvMae    mean absolute error of the SOC-and-U1 regression alone in the inner cross-validation, percent
     * @param cvMae        the same of the weighted combination, percent
     * @param candidates   regressions offered to the combination
     * @param folds        inner cross-validation folds
     * @param sigmaFactor  ratio that makes ±1.96σ hold 95 % of the cross-validated errors (heavier tails than normal)
     */
    public record Calibration(String source, int batteries, int rows, double lengthScale, double lambda,
                              double baseCvMae, double cvMae, int candidates, int folds, double sigmaFactor) {
    }

    /**
     * One regression of the combination.
     *
     * @param inputs     its features, in order
     * @param weight     its share of the estimate
     * @param regression SOH percent from the inputs
     */
    public record Member(List<PulseFeature> inputs, double weight, KernelRidge regression) {
        double predict(PulseTest t) {
            return regression.predict(PulseFeature.of(t, inputs));
        }
    }

    /** SOH and its one-sigma uncertainty, percent. */
    public record Estimate(double soh, double uncertainty) {
    }

    /** Why this test is outside what the model was calibrated on; empty when it may be estimated. */
    public List<String> check(PulseTest t) {
        List<String> reasons = new ArrayList<>();
        if (Math.abs(t.nominalAh() - nominalAh) > NOMINAL_TOLERANCE * nominalAh) {
            reasons.add(String.format(Locale.ROOT, "Qn: nominal capacity %s Ah, the model was calibrated on %s Ah "
                    + "batteries; calibrate a model for this type", fmt(t.nominalAh()), fmt(nominalAh)));
        }
        if (t.soc() < socMin || t.soc() > socMax) {
            reasons.add(String.format(Locale.ROOT, "SOC: %s %% is outside the calibrated %s-%s %%; bring the battery "
                    + "into that range and test again", fmt(t.soc()), fmt(socMin), fmt(socMax)));
        }
        for (int k = 1; k <= PulseTest.VOLTAGES; k++) {
            double lo = voltages[k - 1][0];
            double hi = voltages[k - 1][1];
            double margin = 0.1 * (hi - lo) + 0.05;
            double v = t.u(k);
            if (v < lo - margin || v > hi + margin) {
                reasons.add(String.format(Locale.ROOT, "U%d: %s V is implausible for this chemistry (calibration "
                        + "saw %s-%s V)", k, fmt(v), fmt(lo), fmt(hi)));
            }
        }
        // Charge pulses raise the voltage, discharge pulses lower it: otherwise the current sign or columns are off.
        int[][] steps = {{1, 2, 1}, {5, 6, -1}, {9, 10, 1}, {13, 14, -1}, {17, 18, 1}};
        for (int[] s : steps) {
            double jump = (t.u(s[1]) - t.u(s[0])) * s[2];
            if (!(jump > 0)) {
                reasons.add(String.format(Locale.ROOT, "U%d-U%d: the %s pulse moved the voltage the wrong way "
                        + "(%+.4f V); check the column order and the current's sign", s[0], s[1],
                        s[2] > 0 ? "charge" : "discharge", t.u(s[1]) - t.u(s[0])));
            }
        }
        if (t.soc() >= socMin && t.soc() <= socMax) {
            double[] env = ocvEnvelope(t.soc());
            double margin = 0.25 * (env[1] - env[0]) + 0.01;
            if (t.ocv() < env[0] - margin || t.ocv() > env[1] + margin) {
                reasons.add(String.format(Locale.ROOT, "U1: rest voltage %s V at %s %% SOC is outside what "
                        + "calibration saw there (%s-%s V): another chemistry, or a battery unlike those calibrated",
                        fmt(t.ocv()), fmt(t.soc()), fmt(env[0]), fmt(env[1])));
            }
        }
        return reasons;
    }

    /** Estimates a test that {@link #check} passed. */
    public Estimate estimate(PulseTest t) {
        double soh = 0;
        for (Member m : members) {
            soh += m.weight() * m.predict(t);
        }
        return new Estimate(soh, sigmaAt(t.soc()));
    }

    double sigmaAt(double soc) {
        return interpolate(sigma, soc, 1);
    }

    private double[] ocvEnvelope(double soc) {
        return new double[] {interpolate(ocvBySoc, soc, 1), interpolate(ocvBySoc, soc, 2)};
    }

    /** Linear between the rows around {@code x} (first column), flat beyond the ends. */
    private static double interpolate(double[][] rows, double x, int column) {
        if (x <= rows[0][0]) {
            return rows[0][column];
        }
        for (int i = 1; i < rows.length; i++) {
            if (x <= rows[i][0]) {
                double f = (x - rows[i - 1][0]) / (rows[i][0] - rows[i - 1][0]);
                return rows[i - 1][column] + f * (rows[i][column] - rows[i - 1][column]);
            }
        }
        return rows[rows.length - 1][column];
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
