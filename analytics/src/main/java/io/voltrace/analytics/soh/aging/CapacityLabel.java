package io.voltrace.analytics.soh.aging;

/**
 * One cycle's measured capacity, from a {@code <cell>_capacity.csv}.
 *
 * @param cycle          the cycle counter shared with the time series
 * @param capacityAh     discharge capacity as the source gives it (CALCE: max − min of the tester's counter over the
 *                       discharge step's rows, which misses the charge before its first logged row)
 * @param startSeconds   {@code test_time_s} of the discharge's first row, or NaN
 * @param endSeconds     {@code test_time_s} of its last row, or NaN
 */
public record CapacityLabel(int cycle, double capacityAh, double startSeconds, double endSeconds) {
}
