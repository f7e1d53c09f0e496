package io.voltrace.edge.sim;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSource;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A vehicle's BMS on the CAN bus, in accelerated time: a {@link PackModel} driven by a {@link UsageProfile},
 * its readings encoded into frames with the reference DBC ({@code dbc/voltrace-bms.dbc}), with sensor noise and the
 * quantisation the DBC imposes. Frames come out in time order, stamped with simulated time.
 *
 * <p>While current flows the model steps each second and sends pack status every step and two cell-voltage pages;
 * while parked it steps each minute and sends every page each fifth step, as a sleeping BMS would wake to report.
 */
public final class BmsSimulator implements CanFrameSource {
    private static final double CURRENT_NOISE_A = 0.05;
    private static final double CELL_NOISE_V = 0.0008;

    private final PackSpec spec;
    private final PackModel pack;
    private final UsageProfile usage;
    private final SplittableRandom random;
    private final long startMicros;
    private final double endSeconds;
    private final ArrayDeque<CanFrame> pending = new ArrayDeque<>();

    private final DbcMessage packStatus;
    private final DbcMessage temperatures;
    private final DbcMessage cellVoltages;
    private final DbcMessage isolation;
    private final double[] statusValues;
    private final double[] tempValues;
    private final double[] cellValues;
    private final double[] isolationValues;
    private final int iVoltage;
    private final int iCurrent;
    private final int iSoc;
    private final int iState;
    private final int iCounter;
    private final int iTempPage;
    private final int[] iTemp;
    private final int iCellPage;
    private final int[] iCell;
    private final int iIsolation;

    private double t;
    private long steps;
    private int nextCellPage;
    private int nextTempPage;
    private int counter;
    private double displayedSocAh;
    private double restSeconds;
    private double trueNetAh;
    /** What the BMS believes the capacity is: learned, so close to the truth but not exact. */
    private final double bmsCapacityAh;

    public BmsSimulator(DbcDatabase dbc, PackSpec spec, long startEpochMillis, double days) {
        this.spec = spec;
        this.random = new SplittableRandom(spec.seed());
        double initialSoc = 60 + 30 * random.nextDouble();
        this.pack = new PackModel(spec, random, initialSoc);
        this.usage = new UsageProfile(random.split(), spec.nominalAh());
        this.startMicros = startEpochMillis * 1000;
        this.endSeconds = days * 86_400;
        this.bmsCapacityAh = pack.meanCapacityAh() * (1 + 0.02 * PackModel.gaussian(random));
        this.displayedSocAh = bmsCapacityAh * pack.meanSoc() / 100;

        packStatus = require(dbc, "BMS_PackStatus");
        temperatures = require(dbc, "BMS_Temperatures");
        cellVoltages = require(dbc, "BMS_CellVoltages");
        isolation = require(dbc, "BMS_Isolation");
        statusValues = new double[packStatus.signals().size()];
        tempValues = new double[temperatures.signals().size()];
        cellValues = new double[cellVoltages.signals().size()];
        isolationValues = new double[isolation.signals().size()];
        iVoltage = index(packStatus, "PackVoltage");
        iCurrent = index(packStatus, "PackCurrent");
        iSoc = index(packStatus, "PackSoc");
        iState = index(packStatus, "BmsState");
        iCounter = index(packStatus, "PackStatusCounter");
        iTempPage = index(temperatures, "TempPage");
        iTemp = new int[PackModel.tempSensors()];
        for (int s = 0; s < iTemp.length; s++) {
            iTemp[s] = index(temperatures, String.format("CellTemp%02d", s + 1));
        }
        iCellPage = index(cellVoltages, "CellPage");
        iCell = new int[spec.cellsSeries()];
        for (int c = 0; c < iCell.length; c++) {
            iCell[c] = index(cellVoltages, String.format("CellVoltage%03d", c + 1));
        }
        iIsolation = index(isolation, "IsolationResistance");
    }

    public PackSpec spec() {
        return spec;
    }

    /** The pack's true SOH (mean cell capacity over nominal, percent): what the cloud should estimate. */
    public double trueSohPercent() {
        return pack.trueSohPercent(spec.nominalAh());
    }

    /** Net charge the simulated current really moved so far, ampere-hours (charge positive): the counters' truth. */
    public double trueNetAh() {
        return trueNetAh;
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
        double requested = usage.currentAt(t, displayedSoc(), pack.maxSoc(), pack.minSoc());
        double amps = pack.limitCurrent(requested, spec.chemistry().ocv().minVolts() + 0.05,
                spec.chemistry().ocv().maxVolts() + 0.01);
        double ambient = spec.climateC() + 6 * Math.sin(2 * Math.PI * (t / 86_400.0 - 0.375));
        pack.step(amps, dt, ambient);
        trueNetAh += amps * dt / 3600;
        t += dt;
        steps++;
        double measuredAmps = amps + CURRENT_NOISE_A * PackModel.gaussian(random);
        trackDisplayedSoc(measuredAmps, dt);
        long micros = startMicros + (long) (t * 1_000_000);

        statusValues[iVoltage] = pack.packVolts();
        statusValues[iCurrent] = measuredAmps;
        statusValues[iSoc] = displayedSoc();
        statusValues[iState] = switch (usage.mode()) {
            case PARKED -> 0;
            case DRIVING -> 1;
            case CHARGING -> 2;
        };
        statusValues[iCounter] = counter++ & 0xF;
        emit(packStatus, statusValues, micros);

        boolean parked = usage.mode() == UsageProfile.Mode.PARKED;
        int pages = (iCell.length + 3) / 4;
        if (parked) {
            if (steps % 5 == 0) {
                for (int p = 0; p < pages; p++) {
                    emitCellPage(p, micros);
                }
                for (int p = 0; p < 3; p++) {
                    emitTempPage(p, micros);
                }
                emitIsolation(micros);
            }
        } else {
            for (int k = 0; k < 2; k++) {
                emitCellPage(nextCellPage, micros);
                nextCellPage = (nextCellPage + 1) % pages;
            }
            if (steps % 10 == 0) {
                emitTempPage(nextTempPage, micros);
                nextTempPage = (nextTempPage + 1) % 3;
            }
            if (steps % 100 == 0) {
                emitIsolation(micros);
            }
        }
    }

    /**
     * The BMS's own SOC: it counts charge against the capacity it has learned (a little off the truth, so it drifts)
     * and re-anchors on the rest voltage after half an hour parked, as real BMSes do.
     */
    private void trackDisplayedSoc(double measuredAmps, double dt) {
        displayedSocAh += measuredAmps * dt / 3600;
        if (usage.mode() == UsageProfile.Mode.PARKED) {
            restSeconds += dt;
            if (restSeconds >= 1800 && restSeconds - dt < 1800) {
                double meanCell = pack.packVolts() / pack.cells();
                displayedSocAh = bmsCapacityAh * spec.chemistry().ocv().socAt(meanCell) / 100;
            }
        } else {
            restSeconds = 0;
        }
        displayedSocAh = PackModel.clamp(displayedSocAh, 0, bmsCapacityAh);
    }

    private double displayedSoc() {
        return 100 * displayedSocAh / bmsCapacityAh;
    }

    private void emitCellPage(int page, long micros) {
        cellValues[iCellPage] = page;
        for (int slot = 0; slot < 4; slot++) {
            int cell = page * 4 + slot;
            if (cell < iCell.length) {
                cellValues[iCell[cell]] = pack.cellVolts(cell) + CELL_NOISE_V * PackModel.gaussian(random);
            }
        }
        emit(cellVoltages, cellValues, micros);
    }

    private void emitTempPage(int page, long micros) {
        tempValues[iTempPage] = page;
        for (int slot = 0; slot < 7; slot++) {
            int sensor = page * 7 + slot;
            if (sensor < iTemp.length) {
                tempValues[iTemp[sensor]] = pack.sensorTempC(sensor);
            }
        }
        emit(temperatures, tempValues, micros);
    }

    private void emitIsolation(long micros) {
        isolationValues[iIsolation] = 2500 + 50 * PackModel.gaussian(random);
        emit(isolation, isolationValues, micros);
    }

    private void emit(DbcMessage message, double[] values, long micros) {
        byte[] data = new byte[message.length()];
        message.encode(values, data);
        pending.add(new CanFrame(micros, message.id(), message.extended(), false, data, data.length));
    }

    private static DbcMessage require(DbcDatabase dbc, String name) {
        DbcMessage m = dbc.messageByName(name);
        if (m == null) {
            throw new IllegalArgumentException("the simulator's DBC has no message " + name);
        }
        return m;
    }

    private static int index(DbcMessage message, String signal) {
        int i = message.signalIndex(signal);
        if (i < 0) {
            throw new IllegalArgumentException("message " + message.name() + " has no signal " + signal);
        }
        return i;
    }
}
