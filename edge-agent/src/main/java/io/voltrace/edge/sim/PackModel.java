package io.voltrace.edge.sim;

import io.voltrace.common.chemistry.OcvCurve;
import java.util.SplittableRandom;

/**
 * An equivalent-circuit model of a series pack: per cell an OCV–SOC curve, an ohmic resistance and one RC pair for
 * relaxation, a capacity that fades with age; one lumped thermal mass for the pack. Resistance rises with age and
 * with cold. Arrays rather than cell objects: this runs tens of millions of steps per demo.
 */
final class PackModel {
    /** Fresh-cell ohmic resistance at 25 °C for a 60 Ah cell, scaled inversely with capacity. */
    private static final double R0_60AH = 0.0009;
    private static final double RC_TAU_S = 90;
    private static final double ACTIVATION_K = 3000; // Arrhenius temperature of resistance, kelvin
    private static final double THERMAL_MASS_J_PER_K = 250_000;
    private static final double COOLING_W_PER_K = 40;
    private static final int TEMP_SENSORS = 16;

    private OcvCurve ocv;
    private final int cells;
    private final double[] capacityAh;
    private final double[] soc;
    private final double[] r0;
    private final double[] vRc;
    private final double[] sensorOffsetC = new double[TEMP_SENSORS];
    private double packTempC;

    PackModel(PackSpec spec, SplittableRandom random, double initialSoc) {
        this.ocv = spec.chemistry().ocv();
        this.cells = spec.cellsSeries();
        this.capacityAh = new double[cells];
        this.soc = new double[cells];
        this.r0 = new double[cells];
        this.vRc = new double[cells];
        double fade = 1 - spec.trueSoh() / 100.0;
        double r0Base = R0_60AH * 60.0 / spec.nominalAh() * (1 + 2.5 * Math.max(0, fade));
        double meanCap = spec.nominalAh() * spec.trueSoh() / 100.0;
        double[] spread = new double[cells];
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            spread[i] = 0.006 * gaussian(random);
            sum += spread[i];
        }
        for (int i = 0; i < cells; i++) {
            // Centre the spread so the mean cell capacity is exactly the stated true SOH.
            capacityAh[i] = meanCap * (1 + spread[i] - sum / cells);
            soc[i] = clamp(initialSoc + 0.4 * gaussian(random), 0, 100);
            r0[i] = r0Base * (1 + 0.05 * gaussian(random));
        }
        for (int s = 0; s < TEMP_SENSORS; s++) {
            sensorOffsetC[s] = 0.8 * gaussian(random);
        }
        packTempC = spec.climateC();
        ocv = deviate(ocv, 0.002 * (0.5 + random.nextDouble()), 2 * Math.PI * random.nextDouble());
    }

    /**
     * This pack's cells do not sit exactly on the reference curve the cloud estimates with: a smooth deviation of a
     * few millivolts, tabulated once so the hot loop stays a table lookup.
     */
    private static OcvCurve deviate(OcvCurve reference, double amplitudeVolts, double phase) {
        double[] soc = new double[201];
        double[] volts = new double[soc.length];
        for (int k = 0; k < soc.length; k++) {
            soc[k] = k * 0.5;
            volts[k] = reference.voltsAt(soc[k]) + amplitudeVolts * Math.sin(soc[k] / 100 * 3 * Math.PI + phase);
        }
        return OcvCurve.of(soc, volts);
    }

    private double ocvVolts(double socPercent) {
        return ocv.voltsAt(socPercent);
    }

    /** Advances by {@code dt} seconds at pack current {@code amps} (positive charges). */
    void step(double amps, double dt, double ambientC) {
        double tempFactor = Math.exp(ACTIVATION_K * (1 / (packTempC + 273.15) - 1 / 298.15));
        double decay = Math.exp(-dt / RC_TAU_S);
        double heatW = 0;
        for (int i = 0; i < cells; i++) {
            double r = r0[i] * tempFactor;
            soc[i] = clamp(soc[i] + amps * dt / 36.0 / capacityAh[i], 0, 100);
            vRc[i] = vRc[i] * decay + 0.5 * r * amps * (1 - decay);
            heatW += amps * amps * r * 1.5;
        }
        packTempC += dt * (heatW - COOLING_W_PER_K * (packTempC - ambientC)) / THERMAL_MASS_J_PER_K;
        lastAmps = amps;
        lastTempFactor = tempFactor;
    }

    private double lastAmps;
    private double lastTempFactor = 1;

    /**
     * The current a BMS would allow: {@code amps} limited so that no cell's terminal voltage leaves [vMin, vMax]
     * (the CV phase of a charger, the power limit while driving).
     */
    double limitCurrent(double amps, double vMin, double vMax) {
        double tempFactor = Math.exp(ACTIVATION_K * (1 / (packTempC + 273.15) - 1 / 298.15));
        double limited = amps;
        for (int i = 0; i < cells; i++) {
            double r = r0[i] * tempFactor * 1.5;
            double rest = ocvVolts(soc[i]) + vRc[i];
            if (limited > 0) {
                limited = Math.min(limited, Math.max(0, (vMax - rest) / r));
            } else if (limited < 0) {
                limited = Math.max(limited, Math.min(0, (vMin - rest) / r));
            }
        }
        return limited;
    }

    double cellVolts(int i) {
        return ocvVolts(soc[i]) + lastAmps * r0[i] * lastTempFactor + vRc[i];
    }

    double packVolts() {
        double v = 0;
        for (int i = 0; i < cells; i++) {
            v += cellVolts(i);
        }
        return v;
    }

    double meanSoc() {
        double s = 0;
        for (int i = 0; i < cells; i++) {
            s += soc[i];
        }
        return s / cells;
    }

    double maxSoc() {
        double m = 0;
        for (int i = 0; i < cells; i++) {
            m = Math.max(m, soc[i]);
        }
        return m;
    }

    double minSoc() {
        double m = 100;
        for (int i = 0; i < cells; i++) {
            m = Math.min(m, soc[i]);
        }
        return m;
    }

    double sensorTempC(int sensor) {
        return packTempC + sensorOffsetC[sensor];
    }

    int cells() {
        return cells;
    }

    static int tempSensors() {
        return TEMP_SENSORS;
    }

    /** The pack's true state of health: mean cell capacity over nominal, percent. */
    double meanCapacityAh() {
        double s = 0;
        for (double c : capacityAh) {
            s += c;
        }
        return s / cells;
    }

    double trueSohPercent(double nominalAh) {
        double s = 0;
        for (double c : capacityAh) {
            s += c;
        }
        return s / cells / nominalAh * 100;
    }

    static double gaussian(SplittableRandom random) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static double clamp(double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }
}
