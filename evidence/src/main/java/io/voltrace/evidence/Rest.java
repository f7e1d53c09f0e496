package io.voltrace.evidence;

/**
 * A period without current. At its end the cell voltage approaches the open-circuit voltage, which gives the state
 * of charge through the chemistry's curve; with the charge counter at the same moment it anchors a capacity reading.
 *
 * @param startMillis     first reading at rest
 * @param endMillis       last reading at rest
 * @param ocvVolts        mean cell voltage over the rest's final window: the relaxed voltage
 * @param voltsPerHour    voltage slope over that window: near 0 when relaxed, large just after a load
 * @param relaxed         the rest lasted at least the configured relaxation time
 * @param netAh           net charge counter (charge positive, current-sensor offset removed) over that window
 * @param epoch           counting epoch: net charge compares only between rests of the same epoch (a data gap
 *                        without counters, or a counter reset, starts a new one)
 * @param meanAmps        mean measured current during the rest: the sensor's offset, if nothing else flows
 * @param tempC           mean temperature over the final window (hottest reading), or NaN
 * @param cellSpreadVolts mean of (highest − lowest cell) over the final window, or NaN
 */
public record Rest(long startMillis, long endMillis, double ocvVolts, double voltsPerHour, boolean relaxed,
                   double netAh, int epoch, double meanAmps, double tempC, double cellSpreadVolts)
        implements Evidence {

    public double minutes() {
        return (endMillis - startMillis) / 60_000.0;
    }
}
