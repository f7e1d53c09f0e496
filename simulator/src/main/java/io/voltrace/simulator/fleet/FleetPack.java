package io.voltrace.simulator.fleet;

import io.voltrace.common.chemistry.Chemistry;
import java.time.LocalDate;
import java.util.List;

/**
 * One pack of a simulated fleet: what its owner registered, its aging history as monthly SOH readings, what is wrong
 * with it, and its screening days and rests (from the simulator's cells, see {@link FleetSimulator}).
 *
 * @param code            GB/T 34014 battery code
 * @param model           vehicle model
 * @param chemistry       cell chemistry
 * @param nominalAh       nameplate capacity
 * @param cellsSeries     cells in series
 * @param commissioned    first day in service
 * @param climate         hot, temperate or cold
 * @param beginOfLifeMs   commissioning instant, epoch ms
 * @param soh             monthly SOH readings as an estimator would report them (noise, the odd bad one)
 * @param resistance      resistance growth over begin of life, percent, monthly
 * @param finding         what is wrong with it, if anything
 * @param insulationOhms  an insulation test's result, ohms, or null if never tested
 * @param testVolts       the voltage that test was made at
 * @param days            screening days, oldest first
 * @param rests           screening rests, oldest first
 */
public record FleetPack(String code, String model, Chemistry chemistry, double nominalAh, int cellsSeries,
                        LocalDate commissioned, String climate, long beginOfLifeMs, List<SohReading> soh,
                        List<ResistanceReading> resistance, Finding finding, Double insulationOhms, double testVolts,
                        List<Day> days, List<Rest> rests) {

    public enum Finding { NONE, INSULATION_FAULT, THERMAL_EVENT, MECHANICAL_DAMAGE, BMS_FAULT, LEAKING_CELL, WEAK_CELL }

    public record SohReading(long ts, double sohPercent, double cycles) {
    }

    public record ResistanceReading(long ts, double increasePercent) {
    }

    /** One day's extremes: lowest cell under load, highest cell at the end of charge, hottest pack. */
    public record Day(long dayStartMs, double minCellVolts, long minAt, double maxCellVolts, long maxAt,
                      double maxTempC, long tempAt) {
    }

    /**
     * A rest: the cell spread at its end and, for long rests, the lowest cell's voltage 2 h in and at the end with the
     * charge that flowed between (the BMS's own draw).
     */
    public record Rest(long start, long end, double cellSpreadVolts, Drift drift) {
    }

    public record Drift(long from, long to, double fromVolts, double toVolts, double netAh) {
    }

    /** The last SOH reading. */
    public SohReading latest() {
        return soh.get(soh.size() - 1);
    }
}
