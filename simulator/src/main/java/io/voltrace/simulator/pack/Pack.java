package io.voltrace.simulator.pack;

import io.voltrace.simulator.cell.CellType;
import io.voltrace.simulator.cell.Gaussian;
import io.voltrace.simulator.cell.OcvForm;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A series pack of equivalent-circuit cells, each with its own OCV curve, capacity, ohmic resistance, three RC pairs
 * (60 s, 20 min, 2 h) and a one-state hysteresis (Plett): {@code h ← e^(−|γ·i·dt/Q|)·h + (1 − e^(…))·sgn(i)}, the
 * cell's voltage moved by {@code h} times half its branch gap. One lumped thermal mass; resistance follows Arrhenius.
 * A cell may be given an internal short ({@link #leak}): a resistance across it that drains its charge whatever
 * the terminals do, the self-discharge a safety screen looks for. None by default.
 * Arrays rather than cell objects: this runs tens of millions of cell steps per simulated month.
 */
public final class Pack {
    /** Fresh-cell ohmic resistance at 25 °C for a 60 Ah cell, scaled inversely with capacity. */
    private static final double R0_60AH = 0.0009;
    private static final double ACTIVATION_K = 3000;
    private static final double THERMAL_MASS_J_PER_K = 250_000;
    private static final double COOLING_W_PER_K = 40;
    private static final int TEMP_SENSORS = 16;
    /** Cell-to-cell capacity, one sigma: matched cells of one lot (Baumhöfer et al., J. Power Sources 247, 2014). */
    private static final double CAPACITY_SPREAD = 0.006;
    private static final double RESISTANCE_SPREAD = 0.08;

    private final CellType type;
    private final int cells;
    private final double nominalAh;
    private final double[][] ocv;
    private final double[] capacityAh;
    private final double[] z;
    private final double[] r0;
    private final double[][] vRc;
    private final double[] h;
    private final double[] halfGap;
    /** Internal short across each cell, ohms; infinite (none) unless {@link #leak} sets one. */
    private final double[] leakOhms;
    private final double[] sensorOffsetC = new double[TEMP_SENSORS];
    private final double leakPerSecond;
    private double packTempC;
    private double lastAmps;
    private double lastTempFactor = 1;

    public Pack(PackSpec spec, SplittableRandom rnd, double initialSocPercent) {
        this(spec, rnd, initialSocPercent, Defects.none());
    }

    /** A pack with {@code defects}; the random draws are those of a sound pack, so a defect changes nothing else. */
    public Pack(PackSpec spec, SplittableRandom rnd, double initialSocPercent, Defects defects) {
        this.type = CellType.of(spec.chemistry());
        this.cells = spec.cellsSeries();
        this.nominalAh = spec.nominalAh();
        ocv = new double[cells][];
        capacityAh = new double[cells];
        z = new double[cells];
        r0 = new double[cells];
        vRc = new double[cells][CellType.RC_TAU_S.length];
        h = new double[cells];
        halfGap = new double[cells];
        leakOhms = new double[cells];
        Arrays.fill(leakOhms, Double.POSITIVE_INFINITY);
        double fade = Math.max(0, 1 - spec.trueSoh() / 100.0);
        double r0Base = R0_60AH * 60.0 / spec.nominalAh() * (1 + 2.5 * fade);
        double meanCap = spec.nominalAh() * spec.trueSoh() / 100.0;
        double packGap = type.minGapVolts() + (type.maxGapVolts() - type.minGapVolts()) * rnd.nextDouble();
        double[] spread = new double[cells];
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            spread[i] = CAPACITY_SPREAD * Gaussian.next(rnd);
            sum += spread[i];
        }
        for (int i = 0; i < cells; i++) {
            // Centred, so the mean cell capacity is exactly the stated true SOH: the truth to score against.
            capacityAh[i] = meanCap * (1 + spread[i] - sum / cells);
            z[i] = clamp(initialSocPercent / 100 + 0.004 * Gaussian.next(rnd), 0, 1);
            r0[i] = r0Base * Math.max(0.5, 1 + RESISTANCE_SPREAD * Gaussian.next(rnd));
            halfGap[i] = 0.5 * packGap * Math.max(0.5, 1 + 0.1 * Gaussian.next(rnd));
            h[i] = -1; // parked after a drive
            ocv[i] = type.ocv().perturbed(rnd, 0.002, 0.02).tabulate();
        }
        for (int s = 0; s < TEMP_SENSORS; s++) {
            sensorOffsetC[s] = 0.8 * Gaussian.next(rnd);
        }
        // The weak cell sits mid-string; the truth (mean capacity) counts it as it is.
        capacityAh[cells / 2] *= defects.weakCellCapacity();
        leakPerSecond = defects.leakPercentPerDay() / 100 / 86_400;
        packTempC = spec.climateC();
    }

    /** Advances by {@code dt} seconds at pack current {@code amps} (positive charges). */
    public void step(double amps, double dt, double ambientC) {
        double tempFactor = tempFactor();
        double heatW = 0;
        int pairs = CellType.RC_TAU_S.length;
        double[] decay = new double[pairs];
        for (int k = 0; k < pairs; k++) {
            decay[k] = Math.exp(-dt / CellType.RC_TAU_S[k]);
        }
        double sign = Math.signum(amps);
        for (int i = 0; i < cells; i++) {
            double r = r0[i] * tempFactor;
            double dq = amps * dt / 3600 / capacityAh[i];
            if (leakOhms[i] != Double.POSITIVE_INFINITY) {
                // The short sees the cell's open-circuit voltage; its charge never passes the current sensor.
                z[i] = clamp(z[i] - OcvForm.lookup(ocv[i], z[i]) / leakOhms[i] * dt / 3600 / capacityAh[i], 0, 1);
            }
            z[i] = clamp(z[i] + dq, 0, 1);
            double[] v = vRc[i];
            for (int k = 0; k < pairs; k++) {
                v[k] = v[k] * decay[k] + CellType.RC_FRACTION[k] * r * amps * (1 - decay[k]);
            }
            if (amps != 0) {
                double f = Math.exp(-Math.abs(type.hysteresisRate() * dq));
                h[i] = f * h[i] + (1 - f) * sign;
            }
            heatW += amps * amps * r * 2.25;
        }
        if (leakPerSecond > 0) {
            // The leaking cell is the last of the string.
            z[cells - 1] = clamp(z[cells - 1] - leakPerSecond * dt, 0, 1);
        }
        packTempC += dt * (heatW - COOLING_W_PER_K * (packTempC - ambientC)) / THERMAL_MASS_J_PER_K;
        lastAmps = amps;
        lastTempFactor = tempFactor;
    }

    /**
     * Puts a resistance of {@code ohms} across cell {@code cell}: an internal (soft) short. A 3.7 V cell of 60 Ah
     * across 75 Ω loses about 2 % of its charge a day.
     */
    public void leak(int cell, double ohms) {
        if (cell < 0 || cell >= cells) {
            throw new IllegalArgumentException("cell must be 0.." + (cells - 1) + ", was " + cell);
        }
        if (!(ohms > 0)) {
            throw new IllegalArgumentException("a leak's resistance must be positive, was " + ohms + " Ω");
        }
        leakOhms[cell] = ohms;
    }

    /** Cell {@code i}'s leak current now, amperes (0 without a short). */
    public double leakAmps(int i) {
        return OcvForm.lookup(ocv[i], z[i]) / leakOhms[i];
    }

    private double tempFactor() {
        return Math.exp(ACTIVATION_K * (1 / (packTempC + 273.15) - 1 / 298.15));
    }

    /** Cell {@code i}'s voltage with no ohmic drop: OCV, hysteresis and the RC pairs' polarisation. */
    private double restVolts(int i) {
        double v = OcvForm.lookup(ocv[i], z[i]) + halfGap[i] * h[i];
        for (double p : vRc[i]) {
            v += p;
        }
        return v;
    }

    /** Cell {@code i}'s terminal voltage after the last step, volts (true, before any sensor). */
    public double cellVolts(int i) {
        return restVolts(i) + lastAmps * r0[i] * lastTempFactor;
    }

    /**
     * The current the pack allows: {@code amps} limited so no cell's terminal voltage leaves [vMin, vMax] (a
     * charger's CV phase, the power limit while driving).
     */
    public double limitCurrent(double amps, double vMin, double vMax) {
        double tempFactor = tempFactor();
        double limited = amps;
        for (int i = 0; i < cells; i++) {
            // Ohmic plus the fast RC pair's share of the coming second: a BMS limits with a short-term resistance.
            double r = r0[i] * tempFactor * (1 + CellType.RC_FRACTION[0] * (1 - Math.exp(-1 / CellType.RC_TAU_S[0])));
            double rest = restVolts(i);
            if (limited > 0) {
                limited = Math.min(limited, Math.max(0, (vMax - rest) / r));
            } else if (limited < 0) {
                limited = Math.max(limited, Math.min(0, (vMin - rest) / r));
            }
        }
        return limited;
    }

    /**
     * Passive balancing at the top of a charge: every cell bled down to the lowest one's state of charge (a real BMS
     * takes hours to do it; the fleet's coarse days let it finish overnight).
     */
    public void balance() {
        double low = 1;
        for (double v : z) {
            low = Math.min(low, v);
        }
        java.util.Arrays.fill(z, low);
    }

    /** The lowest and the highest cell terminal voltage now, volts. */
    public double minCellVolts() {
        double m = Double.MAX_VALUE;
        for (int i = 0; i < cells; i++) {
            m = Math.min(m, cellVolts(i));
        }
        return m;
    }

    public double maxCellVolts() {
        double m = -Double.MAX_VALUE;
        for (int i = 0; i < cells; i++) {
            m = Math.max(m, cellVolts(i));
        }
        return m;
    }

    public double packVolts() {
        double v = 0;
        for (int i = 0; i < cells; i++) {
            v += cellVolts(i);
        }
        return v;
    }

    public double sensorTempC(int sensor) {
        return packTempC + sensorOffsetC[sensor];
    }

    public double tempC() {
        return packTempC;
    }

    public int cells() {
        return cells;
    }

    public CellType type() {
        return type;
    }

    public static int tempSensors() {
        return TEMP_SENSORS;
    }

    /** The truth: the string's ohmic resistance at 25 °C, ohms (no RC pair, no temperature). */
    public double ohmicOhms() {
        double s = 0;
        for (double r : r0) {
            s += r;
        }
        return s;
    }

    /** The truth: mean cell capacity, ampere-hours. */
    public double meanCapacityAh() {
        double s = 0;
        for (double c : capacityAh) {
            s += c;
        }
        return s / cells;
    }

    /** The truth: mean cell capacity over nominal, percent. */
    public double trueSohPercent() {
        return meanCapacityAh() / nominalAh * 100;
    }

    /** The truth: mean cell state of charge, percent. */
    public double meanSocPercent() {
        double s = 0;
        for (double v : z) {
            s += v;
        }
        return 100 * s / cells;
    }

    static double clamp(double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }
}
