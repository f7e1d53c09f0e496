package io.voltrace.analytics.grading;

/**
 * An insulation resistance measurement between the high-voltage bus and the chassis.
 *
 * @param resistanceOhms      lowest insulation resistance measured (either pole), ohms
 * @param workingVoltageVolts the pack's maximum working voltage, volts
 */
public record InsulationTest(double resistanceOhms, double workingVoltageVolts) {

    public InsulationTest {
        if (!(resistanceOhms >= 0) || Double.isInfinite(resistanceOhms) || !(workingVoltageVolts > 0)
                || Double.isInfinite(workingVoltageVolts)) {
            throw new IllegalArgumentException("insulation resistance must be ≥ 0 Ω and working voltage > 0 V");
        }
    }

    public double ohmsPerVolt() {
        return resistanceOhms / workingVoltageVolts;
    }
}
