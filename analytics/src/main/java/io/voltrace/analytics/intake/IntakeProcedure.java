package io.voltrace.analytics.intake;

/**
 * The stated conditions of an intake test's analysis.
 *
 * @param nominalAh       rated capacity: SOH is residual capacity over it
 * @param cutoffVolts     discharge cutoff: a residual-capacity discharge must end within 0.05 V of it
 * @param chargeEndVolts  charge-end (constant-voltage) voltage: a standard charge must reach it within 0.05 V
 * @param pulseSeconds    DC resistance is ΔV/ΔI this long after a current step from rest (IEC 62660-1 / HPPC: 10 s)
 * @param restAmps        |current| below this is rest
 */
public record IntakeProcedure(double nominalAh, double cutoffVolts, double chargeEndVolts, double pulseSeconds,
                              double restAmps) {
    /** Voltage tolerance at the cutoff and at charge end. */
    static final double TOLERANCE_VOLTS = 0.05;
    /** A constant-current discharge varies by no more than this share of its mean current. */
    static final double CC_TOLERANCE = 0.05;
    /** Between a standard charge and the discharge, runs moving less than this share of nominal are pulses. */
    static final double PULSE_SHARE = 0.05;
    /** Rests shorter than this give no OCV. */
    static final double MIN_REST_SECONDS = 600;

    public IntakeProcedure {
        if (!(nominalAh > 0) || !(cutoffVolts > 0) || !(chargeEndVolts > cutoffVolts) || !(pulseSeconds > 0)
                || !(restAmps > 0)) {
            throw new IllegalArgumentException("intake procedure out of range: nominal capacity, cutoff, charge end "
                    + "(above the cutoff), pulse time and rest current must be positive");
        }
    }

    /** Rest below 1 % of the nominal capacity's 1C current (at least 5 mA). */
    public static IntakeProcedure of(double nominalAh, double cutoffVolts, double chargeEndVolts,
                                     double pulseSeconds) {
        return new IntakeProcedure(nominalAh, cutoffVolts, chargeEndVolts, pulseSeconds,
                Math.max(0.005, 0.01 * nominalAh));
    }
}
