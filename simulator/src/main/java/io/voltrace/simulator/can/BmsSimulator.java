package io.voltrace.simulator.can;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSource;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.simulator.bms.Bms;
import io.voltrace.simulator.cell.Gaussian;
import io.voltrace.simulator.pack.Defects;
import io.voltrace.simulator.pack.Pack;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.usage.UsageProfile;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A vehicle's BMS on the CAN bus, in accelerated time: a {@link Pack} driven by a {@link UsageProfile}, measured and
 * reported by its {@link Bms}, encoded with the reference DBC ({@code dbc/voltrace-bms.dbc}), which adds its own
 * quantisation. Frames come out in time order, stamped with simulated time.
 *
 * <p>While current flows the pack steps each second and the BMS sends pack status every step and two cell-voltage
 * pages; while parked it steps each minute and sends every page each fifth step, as a sleeping BMS would wake to report.
 */
public final class BmsSimulator implements CanFrameSource {
    private final PackSpec spec;
    private final Pack pack;
    private final Bms bms;
    private final UsageProfile usage;
    private final SplittableRandom random;
    private final long startMicros;
    private final double endSeconds;
    private final double vMin;
    private final double vMax;
    /** The car limps home when a cell reads below the BMS table's 5 %: no one drives a pack to its last cell's 0 %. */
    private final double limpVolts;
    private final ArrayDeque<CanFrame> pending = new ArrayDeque<>();
    private final DbcFrames frames;

    private double t;
    private long steps;
    private int nextCellPage;
    private int nextTempPage;
    private int counter;
    private double trueNetAh;
    private double measuredNetAh;
    private double minCellVolts;

    public BmsSimulator(DbcDatabase dbc, PackSpec spec, long startEpochMillis, double days) {
        this(dbc, spec, startEpochMillis, days, UsageProfile.Habits.typical(), Defects.none());
    }

    /** A pack with {@code defects} used with {@code habits}; the same seed gives the same pack and the same days. */
    public BmsSimulator(DbcDatabase dbc, PackSpec spec, long startEpochMillis, double days,
                        UsageProfile.Habits habits, Defects defects) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        this.pack = new Pack(spec, random, 60 + 30 * random.nextDouble(), defects);
        this.bms = new Bms(pack, random.split(), spec.chemistry().ocv());
        this.usage = new UsageProfile(random.split(), spec.nominalAh(), habits);
        this.startMicros = startEpochMillis * 1000;
        this.endSeconds = days * 86_400;
        this.vMin = spec.chemistry().ocv().minVolts() + 0.05;
        this.vMax = spec.chemistry().ocv().maxVolts() + 0.01;
        this.limpVolts = spec.chemistry().ocv().voltsAt(5);
        this.frames = new DbcFrames(dbc, spec.cellsSeries(), Pack.tempSensors());
        this.minCellVolts = bms.meanCellVolts();
    }

    public PackSpec spec() {
        return spec;
    }

    /** The pack's true SOH (mean cell capacity over nominal, percent): what the cloud should estimate. */
    public double trueSohPercent() {
        return pack.trueSohPercent();
    }

    /** The pack's ohmic resistance at 25 °C, milliohms: what a resistance estimate should come near. */
    public double packOhmicMilliohms() {
        return pack.ohmicOhms() * 1000;
    }

    /** Net charge the current really moved so far, ampere-hours (charge positive). */
    public double trueNetAh() {
        return trueNetAh;
    }

    /** Net charge as the BMS's current sensor read it (gain, offset and noise included), ampere-hours. */
    public double measuredNetAh() {
        return measuredNetAh;
    }

    /** The BMS: its sensor errors and the capacity its SOC counts against. */
    public Bms bms() {
        return bms;
    }

    /** Simulated seconds elapsed so far. */
    public double elapsedSeconds() {
        return t;
    }

    @Override
    public CanFrame next() {
        while (pending.isEmpty()) {
            if (t >= endSeconds) {
                return null;
            }
            step();
        }
        return pending.poll();
    }

    @Override
    public String describe() {
        return "simulated BMS (" + spec.cellsSeries() + "s " + spec.chemistry() + ", " + spec.nominalAh() + " Ah)";
    }

    @Override
    public void close() {
        pending.clear();
    }

    private void step() {
        double dt = usage.stepSeconds();
        if (t + dt > endSeconds) {
            t = endSeconds; // no frame past the end: a history that ends now must not reach into the future
            return;
        }
        double requested = usage.request(t, bms.displayedSoc(), minCellVolts, limpVolts);
        double amps = pack.limitCurrent(requested, vMin, vMax);
        usage.flowed(amps);
        double ambient = spec.climateC() + 6 * Math.sin(2 * Math.PI * (t / 86_400.0 - 0.375));
        pack.step(amps, dt, ambient);
        trueNetAh += amps * dt / 3600;
        t += dt;
        steps++;
        double measuredAmps = bms.measureCurrent(amps);
        measuredNetAh += measuredAmps * dt / 3600;
        // A parked pack feeding a load is not at rest: the BMS re-anchors only on a still pack.
        bms.track(measuredAmps, dt, usage.mode() == UsageProfile.Mode.PARKED && amps == 0, usage.endedFull());
        long micros = startMicros + (long) (t * 1_000_000);

        frames.packStatus(pack.packVolts(), measuredAmps, bms.displayedSoc(), switch (usage.mode()) {
            case PARKED -> 0;
            case DRIVING -> 1;
            case CHARGING -> 2;
        }, counter++ & 0xF, micros, pending);

        int pages = frames.cellPages();
        if (usage.mode() == UsageProfile.Mode.PARKED) {
            if (steps % 5 == 0) {
                for (int p = 0; p < pages; p++) {
                    cellPage(p, micros);
                }
                for (int p = 0; p < 3; p++) {
                    frames.tempPage(p, pack::sensorTempC, micros, pending);
                }
                frames.isolation(2500 + 50 * Gaussian.next(random), micros, pending);
            }
        } else {
            for (int k = 0; k < 2; k++) {
                cellPage(nextCellPage, micros);
                nextCellPage = (nextCellPage + 1) % pages;
            }
            if (steps % 10 == 0) {
                frames.tempPage(nextTempPage, pack::sensorTempC, micros, pending);
                nextTempPage = (nextTempPage + 1) % 3;
            }
            if (steps % 100 == 0) {
                frames.isolation(2500 + 50 * Gaussian.next(random), micros, pending);
            }
        }
    }

    private void cellPage(int page, long micros) {
        double[] volts = new double[4];
        for (int slot = 0; slot < 4; slot++) {
            int cell = page * 4 + slot;
            if (cell < spec.cellsSeries()) {
                volts[slot] = bms.measureCell(cell);
                if (page == 0 && slot == 0 || volts[slot] < minCellVolts) {
                    minCellVolts = page == 0 && slot == 0 ? volts[slot] : Math.min(minCellVolts, volts[slot]);
                }
            }
        }
        frames.cellPage(page, volts, micros, pending);
    }
}
