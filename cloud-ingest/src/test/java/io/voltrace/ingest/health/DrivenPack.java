package io.voltrace.ingest.health;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic telemetry of a pack with a known capacity and resistance, a row a minute as the edge stores it. One
 * equivalent cell stands for the series string: cell voltage = OCV(true SOC) + R·I (charge positive), no relaxation,
 * so every rest reads its true OCV. Each day: parked overnight, a half-hour commute each way in stop-and-go (current
 * switching between two levels every 2 min, which gives current steps), parked between, and an evening charge back to
 * 90 %. Counters integrate the true current every 10 s.
 *
 * @param chemistry       cell chemistry (its OCV curve is the truth)
 * @param cellsSeries     cells in series
 * @param nominalAh       nameplate capacity
 * @param trueCapacityAh  the capacity to be found
 * @param cellOhms        cell resistance at 25 °C
 * @param cellSpreadVolts cell-voltage spread (max − min cell), at rest and in use
 * @param days            days of telemetry
 * @param startMs         first row, epoch ms (a UTC midnight)
 */
record DrivenPack(Chemistry chemistry, int cellsSeries, double nominalAh, double trueCapacityAh, double cellOhms,
                  double cellSpreadVolts, double days, long startMs) {

    private static final int STEP_S = 10;
    private static final int SAMPLE_S = 60;
    private static final double TEMP_C = 25;

    /** A 50 Ah NMC pack of 96 cells at {@code sohPercent}, 1.2 mΩ cells, 10 mV spread, ten days. */
    static DrivenPack nmc(double sohPercent, long startMs) {
        return new DrivenPack(Chemistry.NMC, 96, 50, 50 * sohPercent / 100, 0.0012, 0.010, 10, startMs);
    }

    DrivenPack withCellSpread(double volts) {
        return new DrivenPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, cellOhms, volts, days, startMs);
    }

    DrivenPack withCellOhms(double ohms) {
        return new DrivenPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, ohms, cellSpreadVolts, days, startMs);
    }

    DrivenPack withDays(double d) {
        return new DrivenPack(chemistry, cellsSeries, nominalAh, trueCapacityAh, cellOhms, cellSpreadVolts, d, startMs);
    }

    /** Current at second {@code t} of the day, amperes, charge positive; {@code soc} decides when charging ends. */
    private double amps(long secondOfDay, double soc, boolean[] charging) {
        if (charging[0] && soc >= 90) {
            charging[0] = false;
        }
        if (secondOfDay == 20 * 3600) {
            charging[0] = true;
        }
        if (charging[0]) {
            return 0.4 * nominalAh; // 0.4 C
        }
        boolean commute = secondOfDay >= 7 * 3600 && secondOfDay < 7.5 * 3600
                || secondOfDay >= 17 * 3600 && secondOfDay < 17.5 * 3600;
        if (commute) {
            // Stop-and-go: 0.25 C and 0.75 C alternating every two minutes, 0.5 C on average.
            return (secondOfDay / 120) % 2 == 0 ? -0.25 * nominalAh : -0.75 * nominalAh;
        }
        return 0;
    }

    List<PackSample> samples() {
        OcvCurve ocv = chemistry.ocv();
        List<PackSample> out = new ArrayList<>();
        double soc = 90;
        double ahIn = 0;
        double ahOut = 0;
        boolean[] charging = {false};
        long steps = Math.round(days * 86_400 / STEP_S);
        for (long i = 0; i < steps; i++) {
            long t = i * STEP_S;
            double amps = amps(t % 86_400, soc, charging);
            if (t % SAMPLE_S == 0) {
                double cell = ocv.voltsAt(soc) + cellOhms * amps;
                out.add(new PackSample(startMs + t * 1000, cell * cellsSeries, amps, soc * trueCapacityAh / nominalAh,
                        ahIn, ahOut, cell - cellSpreadVolts / 2, cell + cellSpreadVolts / 2, cell, TEMP_C - 1,
                        TEMP_C));
            }
            double ah = amps * STEP_S / 3600;
            soc += ah / trueCapacityAh * 100;
            if (ah > 0) {
                ahIn += ah;
            } else {
                ahOut -= ah;
            }
        }
        return out;
    }
}
