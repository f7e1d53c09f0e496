package io.voltrace.simulator.telemetry;

import io.voltrace.common.wire.PackSample;
import java.util.List;

/**
 * A simulated pack's stored telemetry and the truth behind it.
 *
 * @param samples          rows a minute as the edge stores them (time order)
 * @param trueSohPercent   mean cell capacity over nominal, percent: what an estimator should find
 * @param trueCapacityAh   mean cell capacity, ampere-hours
 * @param bmsCapacityAh    the stale capacity the BMS's SOC counts against
 * @param sensorOffsetAmps the BMS current sensor's offset
 * @param ohmicMilliohms   the string's ohmic resistance at 25 °C (the cells' RC pairs and temperature come on top)
 */
public record Telemetry(List<PackSample> samples, double trueSohPercent, double trueCapacityAh, double bmsCapacityAh,
                        double sensorOffsetAmps, double ohmicMilliohms) {
}
