package io.voltrace.analytics.grading;

import io.voltrace.common.wire.PackSample;
import io.voltrace.simulator.bms.Bms;
import io.voltrace.simulator.pack.Pack;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.usage.UsageProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Telemetry of a simulator pack in a simulated owner's use, a row a minute as the edge stores it, without the CAN
 * bus: the simulator's {@link Pack} (relaxation of 60 s, 20 min and 2 h, hysteresis), driven and charged by its
 * {@link UsageProfile}, measured by its {@link Bms} (current-sensor gain and offset, 1 mV cell channels with noise).
 * The same loop as the simulator's CAN source, so rests hold the relaxation the demo's telemetry holds.
 */
final class SimulatedUse {
    static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long ROW_MS = 60_000;

    private SimulatedUse() {
    }

    /** {@code days} of use of the pack {@code spec} describes; {@code fit} may give it a fault before it starts. */
    static List<PackSample> of(PackSpec spec, double days, Consumer<Pack> fit) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        Pack pack = new Pack(spec, random, 60 + 30 * random.nextDouble());
        fit.accept(pack);
        Bms bms = new Bms(pack, random.split(), spec.chemistry().ocv());
        UsageProfile usage = new UsageProfile(random.split(), spec.nominalAh());
        double vMin = spec.chemistry().ocv().minVolts() + 0.05;
        double vMax = spec.chemistry().ocv().maxVolts() + 0.01;
        double limpVolts = spec.chemistry().ocv().voltsAt(5);
        double minCellVolts = bms.meanCellVolts();
        double ahCharged = 0;
        double ahDischarged = 0;
        double t = 0;
        long nextRowMs = 0;
        double end = days * 86_400;
        List<PackSample> rows = new ArrayList<>();
        while (t < end) {
            double dt = usage.stepSeconds();
            double requested = usage.request(t, bms.displayedSoc(), minCellVolts, limpVolts);
            double amps = pack.limitCurrent(requested, vMin, vMax);
            usage.flowed(amps);
            double ambient = spec.climateC() + 6 * Math.sin(2 * Math.PI * (t / 86_400.0 - 0.375));
            pack.step(amps, dt, ambient);
            t += dt;
            double measured = bms.measureCurrent(amps);
            if (measured > 0) {
                ahCharged += measured * dt / 3600;
            } else {
                ahDischarged -= measured * dt / 3600;
            }
            bms.track(measured, dt, usage.mode() == UsageProfile.Mode.PARKED, usage.endedFull());
            long ms = Math.round(t * 1000);
            if (ms >= nextRowMs) {
                nextRowMs = (ms / ROW_MS + 1) * ROW_MS;
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                double sum = 0;
                for (int i = 0; i < pack.cells(); i++) {
                    double v = bms.measureCell(i);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    sum += v;
                }
                minCellVolts = lo;
                double tLo = Double.MAX_VALUE;
                double tHi = -Double.MAX_VALUE;
                for (int s = 0; s < Pack.tempSensors(); s++) {
                    tLo = Math.min(tLo, pack.sensorTempC(s));
                    tHi = Math.max(tHi, pack.sensorTempC(s));
                }
                rows.add(new PackSample(START_MS + ms, sum, measured, bms.displayedSoc(), ahCharged, ahDischarged, lo,
                        hi, sum / pack.cells(), tLo, tHi));
            }
        }
        return rows;
    }
}
