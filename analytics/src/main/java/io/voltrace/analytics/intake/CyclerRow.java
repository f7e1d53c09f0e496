package io.voltrace.analytics.intake;

/**
 * One reading of a test bench, in the bench's own order.
 *
 * @param seconds       test time
 * @param amps          current, charge positive
 * @param volts         cell (or pack) voltage
 * @param step          the bench's step number, or -1 when the file has none
 * @param dischargeAh   the bench's cumulative discharge counter, or NaN
 * @param dischargeWh   the bench's cumulative discharge-energy counter, or NaN
 */
public record CyclerRow(double seconds, double amps, double volts, int step, double dischargeAh, double dischargeWh) {
}
