package io.voltrace.evidence;

/**
 * A pack's running totals since the extractor started: what the battery passport calls energy and capacity
 * throughput, full equivalent cycles and time spent in negative events.
 *
 * @param ahCharged                       charge in, ampere-hours (sensor offset removed)
 * @param ahDischarged                    charge out
 * @param whCharged                       energy in, watt-hours (pack level)
 * @param whDischarged                    energy out
 * @param fullEquivalentCycles            charge out over rated capacity
 * @param deepDischargeSeconds            time with a cell below the deep-discharge voltage
 * @param overVoltageSeconds              time with a cell above the over-voltage limit
 * @param extremeTemperatureSeconds       time outside the use temperature range
 * @param chargingAtExtremeTempSeconds    time charging outside the charge temperature range
 * @param negativeEvents                  negative events so far (all kinds)
 * @param currentOffsetAmps               the current-sensor offset learned at rest and removed
 * @param readings                        readings accepted
 * @param rejectedReadings                readings refused (not finite, or not after the previous one)
 * @param uncountedSeconds                time charge could not be counted (gaps without counters, counter resets)
 */
public record Throughput(
        double ahCharged,
        double ahDischarged,
        double whCharged,
        double whDischarged,
        double fullEquivalentCycles,
        double deepDischargeSeconds,
        double overVoltageSeconds,
        double extremeTemperatureSeconds,
        double chargingAtExtremeTempSeconds,
        int negativeEvents,
        double currentOffsetAmps,
        long readings,
        long rejectedReadings,
        double uncountedSeconds) {
}
