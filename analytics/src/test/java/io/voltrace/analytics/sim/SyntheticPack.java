package io.voltrace.analytics.sim;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.common.wire.PackSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic synthetic pack with a known true capacity, for testing estimators against the truth.
 *
 * <p>One equivalent cell stands for the series string: terminal voltage = OCV(SOC) from the chemistry's curve + R0·I +
 * one RC relaxation. Each day it parks overnight, drives to work, parks, drives home, and charges partially when low
 * (CC, then CV at the full-charge voltage). The edge's coulomb counters integrate the measured current (true current
 * plus sensor noise ≤ 0.1 A) every 10 s; telemetry is sampled every 60 s, some samples dropped. The BMS SOC counts
 * against nameplate, as real ones do, so it is wrong for an aged pack.
 *
 * @param chemistry       cell chemistry (its OCV curve is the truth)
 * @param cellsSeries     cells in series
 * @param nominalAh       nameplate capacity
 * @param trueCapacityAh  the capacity to be found
 * @param days            days simulated
 * @param seed            random seed
 * @param chargeBelowSoc  evening charge when true SOC is below this
 * @param chargeTargetSoc partial charge target (±5 % jitter)
 * @param fullChargeShare share of evening charges that go to 100 %
 * @param restless        parked time has a 3 A load every 10 min (no rest of 20 min ever)
 * @param cellSpreadVolts cell-voltage spread at rest
 * @param peakTempC       if not NaN, cell temperature peaks here for 10 min at noon on day 2
 * @param tauSeconds      relaxation time constant
 * @param dropoutShare    share of 60 s samples lost
 */
public record SyntheticPack(
        Chemistry chemistry, int cellsSeries, double nominalAh, double trueCapacityAh, int days, long seed,
        double chargeBelowSoc, double chargeTargetSoc, double fullChargeShare, boolean restless,
        double cellSpreadVolts, double peakTempC, double tauSeconds, double dropoutShare) {

    public static final long START_MS = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
    private static final int STEP_S = 10;
    private static final int SAMPLE_S = 60;

    /** A 30-day pack at the given SOH with typical use. */
    public static SyntheticPack of(Chemistry chemistry, double nominalAh, double sohPercent) {
        return new SyntheticPack(chemistry, 96, nominalAh, nominalAh * sohPercent / 100.0, 30, 1, 55, 80, 0.15,
                false, 0.012, Double.NaN, 240, 0.1);
    }

    public SyntheticPack days(int d) {
        return new SyntheticPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, d, seed, chargeBelowSoc,
                chargeTargetSoc, fullChargeShare, restless, cellSpreadVolts, peakTempC, tauSeconds, dropoutShare);
    }

    public SyntheticPack seed(long s) {
        return new SyntheticPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, days, s, chargeBelowSoc,
                chargeTargetSoc, fullChargeShare, restless, cellSpreadVolts, peakTempC, tauSeconds, dropoutShare);
    }

    public SyntheticPack charging(double belowSoc, double targetSoc, double fullShare) {
        return new SyntheticPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, days, seed, belowSoc, targetSoc,
                fullShare, restless, cellSpreadVolts, peakTempC, tauSeconds, dropoutShare);
    }

    public SyntheticPack restless(boolean r) {
        return new SyntheticPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, days, seed, chargeBelowSoc,
                chargeTargetSoc, fullChargeShare, r, cellSpreadVolts, peakTempC, tauSeconds, dropoutShare);
    }

    public SyntheticPack cellSpread(double volts) {
        return new SyntheticPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, days, seed, chargeBelowSoc,
                chargeTargetSoc, fullChargeShare, restless, volts, peakTempC, tauSeconds, dropoutShare);
    }

    public SyntheticPack peakTemp(double celsius) {
        return new SyntheticPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, days, seed, chargeBelowSoc,
                chargeTargetSoc, fullChargeShare, restless, cellSpreadVolts, celsius, tauSeconds, dropoutShare);
    }

    public SyntheticPack dropout(double share) {
        return new SyntheticPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, days, seed, chargeBelowSoc,
                chargeTargetSoc, fullChargeShare, restless, cellSpreadVolts, peakTempC, tauSeconds, share);
    }

    public List<PackSample> samples() {
        return new Run().days();
    }

    /** One simulation run; all state lives here so the record stays a plain description. */
    private final class Run {
        private final Random rnd = new Random(seed);
        private final OcvCurve ocv = chemistry.ocv();
        private final double soh = trueCapacityAh / nominalAh;
        private final double r0 = 0.15 / nominalAh * (2 - soh);
        private final double r1 = 0.10 / nominalAh * (2 - soh);
        private final double decay = Math.exp(-STEP_S / tauSeconds);
        private final double thermalDecay = Math.exp(-STEP_S / 1200.0);
        private final List<PackSample> out = new ArrayList<>();
        private final double bmsSoc0;
        private double soc;
        private double v1;
        private double ahCharged;
        private double ahDischarged;
        private double tempC = 22;
        private long t;

        Run() {
            soc = 60 + 20 * rnd.nextDouble();
            bmsSoc0 = soc;
        }

        List<PackSample> days() {
            emit(0);
            for (int d = 0; d < days; d++) {
                long day = d * 86_400L;
                parkUntil(day + 7 * 3600 + 1800 + jitterSeconds(20));
                drive(25 + 25 * rnd.nextDouble(), 8 + 10 * rnd.nextDouble());
                parkUntil(day + 12 * 3600);
                if (rnd.nextDouble() < 0.3 && soc < 60) {
                    charge(chargeTargetSoc + 10 * rnd.nextDouble() - 5);
                }
                parkUntil(day + 17 * 3600 + 1800 + jitterSeconds(20));
                drive(25 + 25 * rnd.nextDouble(), 8 + 10 * rnd.nextDouble());
                parkUntil(day + 19 * 3600);
                if (soc < chargeBelowSoc) {
                    charge(rnd.nextDouble() < fullChargeShare ? 100 : chargeTargetSoc + 10 * rnd.nextDouble() - 5);
                }
                parkUntil(day + 86_400);
            }
            return out;
        }

        private long jitterSeconds(int minutes) {
            return Math.round((rnd.nextDouble() * 2 - 1) * minutes * 60);
        }

        private void parkUntil(long end) {
            while (t < end) {
                // A restless pack feeds a 3 A hotel load 2 minutes in every 10.
                boolean load = restless && (t % 600) >= 480;
                step(load ? -3 : 0);
            }
        }

        private void drive(double minutes, double deltaSocPercent) {
            double meanAmps = deltaSocPercent / 100 * trueCapacityAh / (minutes / 60) / 0.855;
            for (int m = 0; m < minutes && soc > 8; m++) {
                double r = rnd.nextDouble();
                double amps;
                if (r < 0.10) {
                    amps = 0; // traffic light
                } else if (r < 0.25) {
                    amps = meanAmps * (0.1 + 0.4 * rnd.nextDouble()); // regen
                } else {
                    amps = -meanAmps * (0.6 + 1.2 * rnd.nextDouble());
                }
                for (int s = 0; s < SAMPLE_S / STEP_S; s++) {
                    step(amps);
                }
            }
        }

        private void charge(double targetSoc) {
            double cc = 0.3 * nominalAh;
            double cv = ocv.maxVolts() + 0.01;
            long giveUp = t + 10 * 3600;
            while (soc < Math.min(targetSoc, 100) && t < giveUp) {
                double amps = Math.min(cc, (cv - ocv.voltsAt(soc) - v1) / r0);
                if (amps < 0.05 * nominalAh) {
                    break; // CV taper done
                }
                step(amps);
            }
        }

        private void step(double amps) {
            double measured = amps + (rnd.nextDouble() * 2 - 1) * 0.1;
            double hours = STEP_S / 3600.0;
            soc = Math.min(100, Math.max(0, soc + amps * hours / trueCapacityAh * 100));
            ahCharged += Math.max(measured, 0) * hours;
            ahDischarged += Math.max(-measured, 0) * hours;
            v1 = v1 * decay + r1 * amps * (1 - decay);
            double targetTemp = 22 + 15 * Math.abs(amps) / nominalAh;
            tempC = targetTemp + (tempC - targetTemp) * thermalDecay;
            t += STEP_S;
            if (t % SAMPLE_S == 0 && rnd.nextDouble() >= dropoutShare) {
                emit(measured);
            }
        }

        private void emit(double measuredAmps) {
            double terminal = ocv.voltsAt(soc) + r0 * measuredAmps + v1;
            double avg = millivolts(terminal + rnd.nextGaussian() * 0.0003);
            double spread = cellSpreadVolts + 0.0003 * Math.abs(measuredAmps);
            double tempMax = tempC + 2;
            if (!Double.isNaN(peakTempC) && t >= 86_400 + 12 * 3600 && t < 86_400 + 12 * 3600 + 600) {
                tempMax = peakTempC;
            }
            double bmsSoc = Math.min(100, Math.max(0, bmsSoc0 + (ahCharged - ahDischarged) / nominalAh * 100));
            out.add(new PackSample(START_MS + t * 1000, avg * cellsSeries, measuredAmps, bmsSoc, ahCharged,
                    ahDischarged, millivolts(avg - 0.6 * spread), millivolts(avg + 0.4 * spread), avg, tempC - 1.5,
                    tempMax));
        }

        private double millivolts(double volts) {
            return Math.round(volts * 1000) / 1000.0;
        }
    }
}
