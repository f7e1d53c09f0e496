package io.voltrace.common.wire;

/**
 * One pack telemetry sample as the edge sends it. Current is positive when charging, negative when discharging.
 * {@code ahCharged}/{@code ahDischarged} are cumulative coulomb counters kept by the edge at full CAN rate, so the
 * cloud can take exact charge throughput between any two samples however sparse they are.
 *
 * @param ts             sample time, epoch milliseconds
 * @param packVoltage    volts
 * @param packCurrent    amperes, charge positive
 * @param soc            the BMS's own state of charge, percent
 * @param ahCharged      cumulative ampere-hours into the pack since the agent's counter began
 * @param ahDischarged   cumulative ampere-hours out of the pack since the agent's counter began
 * @param cellVoltageMin lowest cell voltage, volts
 * @param cellVoltageMax highest cell voltage, volts
 * @param cellVoltageAvg mean cell voltage, volts
 * @param tempMin        lowest cell temperature, °C
 * @param tempMax        highest cell temperature, °C
 */
public record PackSample(
        long ts,
        double packVoltage,
        double packCurrent,
        double soc,
        double ahCharged,
        double ahDischarged,
        double cellVoltageMin,
        double cellVoltageMax,
        double cellVoltageAvg,
        double tempMin,
        double tempMax) {

    /** Number of stored data points (fields besides time and battery) in one sample. */
    public static final int POINTS = 10;
}
