package io.voltrace.evidence;

import io.voltrace.common.chemistry.Chemistry;

/**
 * Where normal use ends and a negative event begins, at cell level.
 *
 * @param deepDischargeVolts a cell below this is deeply discharged
 * @param overVoltageVolts   a cell above this is over-charged
 * @param lowTempC           colder than this is an extreme temperature
 * @param highTempC          hotter than this is an extreme temperature
 * @param chargeLowTempC     charging colder than this plates lithium
 * @param chargeHighTempC    charging hotter than this ages the cell fast
 */
public record Limits(double deepDischargeVolts, double overVoltageVolts, double lowTempC, double highTempC,
                     double chargeLowTempC, double chargeHighTempC) implements java.io.Serializable {

    public Limits {
        if (!(deepDischargeVolts < overVoltageVolts) || !(lowTempC < highTempC)
                || !(chargeLowTempC < chargeHighTempC)) {
            throw new IllegalArgumentException("limits must be ordered low < high");
        }
    }

    /**
     * Typical data-sheet limits: deep discharge 0.2 V below the usual discharge cutoff, over-voltage 50–100 mV above
     * the charge-end voltage; use between −20 and 55 °C; charge between 0 and 45 °C. A fleet's own cell data sheet
     * should replace them.
     */
    public static Limits of(Chemistry chemistry) {
        return switch (chemistry) {
            case NMC -> new Limits(2.3, 4.25, -20, 55, 0, 45);
            case LFP -> new Limits(2.3, 3.70, -20, 55, 0, 45);
            case LCO -> new Limits(2.5, 4.25, -20, 55, 0, 45);
        };
    }
}
