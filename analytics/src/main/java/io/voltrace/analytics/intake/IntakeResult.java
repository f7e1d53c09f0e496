package io.voltrace.analytics.intake;

import java.util.List;

/**
 * What an intake test showed.
 *
 * @param code             battery code the test is recorded under
 * @param source           file name
 * @param procedure        the stated conditions
 * @param rows             readings used
 * @param skippedRows      readings skipped (named in the problems)
 * @param residualAh       capacity of the last residual-capacity discharge, or NaN when the file holds none
 * @param residualWh       its energy, or NaN
 * @param sohPercent       residualAh over nominal, or NaN
 * @param discharges       every residual-capacity discharge, in time order
 * @param resistances      DC resistance at each current step from rest
 * @param rests            rests of 10 min or more: OCV and its drift
 * @param reasons          how the figures were reached, and why any is missing
 */
public record IntakeResult(String code, String source, IntakeProcedure procedure, int rows, int skippedRows,
                           double residualAh, double residualWh, double sohPercent, List<Discharge> discharges,
                           List<Resistance> resistances, List<RestOcv> rests, List<String> reasons) {

    /**
     * One discharge from a standard charge to the cutoff at constant current.
     *
     * @param startSeconds  first reading of the discharge
     * @param endSeconds    last reading
     * @param meanAmps      mean discharge current (positive)
     * @param capacityAh    charge out
     * @param energyWh      energy out
     * @param counted       "bench counter" (the bench's own discharge counter) or "current integral"
     */
    public record Discharge(double startSeconds, double endSeconds, double meanAmps, double capacityAh,
                            double energyWh, String counted) {
    }

    /**
     * DC resistance at a current step from rest.
     *
     * @param atSeconds     time of the step
     * @param socPercent    state of charge at the step, from the charge counted since the last full charge or
     *                      cutoff over the residual capacity, or NaN when neither anchor exists
     * @param restVolts     voltage at the end of the rest before the step
     * @param amps          current of the pulse (charge positive)
     * @param afterSeconds  the time after the step the voltage was read
     * @param ohms          ΔV/ΔI
     */
    public record Resistance(double atSeconds, double socPercent, double restVolts, double amps,
                             double afterSeconds, double ohms) {
    }

    /**
     * A rest and what it shows.
     *
     * @param startSeconds   first reading at rest
     * @param hours          length
     * @param socPercent     state of charge at the rest, as for resistances
     * @param ocvVolts       the rest's last voltage: the open-circuit voltage when the rest is long enough
     * @param driftMvPerHour voltage slope over the rest's second half: relaxation early, self-discharge over long
     *                       rests (negative = falling)
     */
    public record RestOcv(double startSeconds, double hours, double socPercent, double ocvVolts,
                          double driftMvPerHour) {
    }
}
