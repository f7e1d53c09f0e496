package io.voltrace.analytics.rul;

/**
 * Time or throughput left until SOH falls to a threshold, counted from the last reading.
 *
 * @param thresholdPercent SOH threshold
 * @param value            central estimate; 0 when the fit is already below
 * @param low              lower end of the interval
 * @param high             upper end, or null when open (fade not told from zero in too many resamples)
 * @param note             what to know when reading the figure, or null
 */
public record Remaining(double thresholdPercent, double value, double low, Double high, String note) {
}
