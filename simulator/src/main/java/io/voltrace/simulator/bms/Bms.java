package io.voltrace.simulator.bms;

import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.simulator.cell.Gaussian;
import io.voltrace.simulator.pack.Pack;
import java.util.SplittableRandom;

/**
 * The pack's BMS: what it measures and what it believes. Its current sensor has a gain error and an offset, its cell
 * voltages an offset per channel, noise and 1 mV quantisation. Its SOC counts the measured current against a stale
 * capacity (the capacity at its last full calibration, months of fade ago, so too large) and is re-anchored from its
 * own OCV table after a long rest, and set to 100 % when a charge ends in its CV taper; it reports whole percent.
 * Its rest reading includes whatever hysteresis and unrelaxed polarisation the cells still hold, as a real BMS's does.
 */
public final class Bms {
    /** Rest the BMS waits before trusting a rest voltage, seconds. */
    static final double REST_CALIBRATION_S = 2 * 3600;
    private static final double CURRENT_NOISE_A = 0.05;
    private static final double CELL_NOISE_V = 0.001;
    private static final double CELL_LSB_V = 0.001;

    private final Pack pack;
    private final SplittableRandom rnd;
    private final OcvCurve table;
    private final double currentGain;
    private final double currentOffsetA;
    private final double[] cellOffsetV;
    private final double staleCapacityAh;
    private double socAh;
    private double restSeconds;

    /**
     * @param table the BMS maker's OCV table (the chemistry's published one: it does not know this pack's cells)
     */
    public Bms(Pack pack, SplittableRandom rnd, OcvCurve table) {
        this.pack = pack;
        this.rnd = rnd;
        this.table = table;
        this.currentGain = 1 + 0.004 * Gaussian.next(rnd);
        this.currentOffsetA = 0.05 * Gaussian.next(rnd);
        this.cellOffsetV = new double[pack.cells()];
        for (int i = 0; i < cellOffsetV.length; i++) {
            cellOffsetV[i] = 0.0005 * Gaussian.next(rnd);
        }
        // Last full calibration 1–6 months ago: the pack has faded since, by 0.5–4 % of its capacity.
        this.staleCapacityAh = pack.meanCapacityAh() * (1.005 + 0.035 * rnd.nextDouble());
        this.socAh = staleCapacityAh * table.socAt(meanCellVolts()) / 100;
    }

    /** What the current sensor reads for the true pack current {@code amps}. */
    public double measureCurrent(double amps) {
        return currentGain * amps + currentOffsetA + CURRENT_NOISE_A * Gaussian.next(rnd);
    }

    /** What cell {@code i}'s voltage channel reads now, volts. */
    public double measureCell(int i) {
        double v = pack.cellVolts(i) + cellOffsetV[i] + CELL_NOISE_V * Gaussian.next(rnd);
        return Math.round(v / CELL_LSB_V) * CELL_LSB_V;
    }

    /** The mean of the cell channels, as the BMS computes it for its rest correction. */
    public double meanCellVolts() {
        double s = 0;
        for (int i = 0; i < pack.cells(); i++) {
            s += measureCell(i);
        }
        return s / pack.cells();
    }

    /**
     * Counts {@code measuredAmps} over {@code dt}; after {@link #REST_CALIBRATION_S} at rest re-anchors once from the
     * table; {@code chargedFull} (the charger ended in its CV taper) sets the SOC to 100 %.
     */
    public void track(double measuredAmps, double dt, boolean resting, boolean chargedFull) {
        socAh += measuredAmps * dt / 3600;
        if (resting) {
            restSeconds += dt;
            if (restSeconds >= REST_CALIBRATION_S && restSeconds - dt < REST_CALIBRATION_S) {
                socAh = staleCapacityAh * table.socAt(meanCellVolts()) / 100;
            }
        } else {
            restSeconds = 0;
        }
        if (chargedFull) {
            socAh = staleCapacityAh;
        }
        socAh = Math.max(0, Math.min(staleCapacityAh, socAh));
    }

    /** The SOC it shows and broadcasts: whole percent. */
    public int displayedSoc() {
        return (int) Math.round(100 * socAh / staleCapacityAh);
    }

    /** The capacity it counts against, ampere-hours (the truth is {@link Pack#meanCapacityAh()}). */
    public double staleCapacityAh() {
        return staleCapacityAh;
    }

    public double currentGain() {
        return currentGain;
    }

    public double currentOffsetAmps() {
        return currentOffsetA;
    }
}
