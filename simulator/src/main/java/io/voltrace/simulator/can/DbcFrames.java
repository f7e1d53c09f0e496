package io.voltrace.simulator.can;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import java.util.Queue;
import java.util.function.IntToDoubleFunction;

/** The reference DBC's BMS messages, encoded from the simulator's readings. */
final class DbcFrames {
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

    DbcFrames(DbcDatabase dbc, int cells, int tempSensors) {
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
        iTemp = new int[tempSensors];
        for (int s = 0; s < iTemp.length; s++) {
            iTemp[s] = index(temperatures, String.format("CellTemp%02d", s + 1));
        }
        iCellPage = index(cellVoltages, "CellPage");
        iCell = new int[cells];
        for (int c = 0; c < iCell.length; c++) {
            iCell[c] = index(cellVoltages, String.format("CellVoltage%03d", c + 1));
        }
        iIsolation = index(isolation, "IsolationResistance");
    }

    int cellPages() {
        return (iCell.length + 3) / 4;
    }

    void packStatus(double volts, double amps, int soc, int state, int counter, long micros, Queue<CanFrame> out) {
        statusValues[iVoltage] = volts;
        statusValues[iCurrent] = amps;
        statusValues[iSoc] = soc;
        statusValues[iState] = state;
        statusValues[iCounter] = counter;
        emit(packStatus, statusValues, micros, out);
    }

    void cellPage(int page, double[] volts, long micros, Queue<CanFrame> out) {
        cellValues[iCellPage] = page;
        for (int slot = 0; slot < 4; slot++) {
            int cell = page * 4 + slot;
            if (cell < iCell.length) {
                cellValues[iCell[cell]] = volts[slot];
            }
        }
        emit(cellVoltages, cellValues, micros, out);
    }

    void tempPage(int page, IntToDoubleFunction sensorC, long micros, Queue<CanFrame> out) {
        tempValues[iTempPage] = page;
        for (int slot = 0; slot < 7; slot++) {
            int sensor = page * 7 + slot;
            if (sensor < iTemp.length) {
                tempValues[iTemp[sensor]] = sensorC.applyAsDouble(sensor);
            }
        }
        emit(temperatures, tempValues, micros, out);
    }

    void isolation(double kOhm, long micros, Queue<CanFrame> out) {
        isolationValues[iIsolation] = kOhm;
        emit(isolation, isolationValues, micros, out);
    }

    private static void emit(DbcMessage message, double[] values, long micros, Queue<CanFrame> out) {
        byte[] data = new byte[message.length()];
        message.encode(values, data);
        out.add(new CanFrame(micros, message.id(), message.extended(), false, data, data.length));
    }

    private static DbcMessage require(DbcDatabase dbc, String name) {
        DbcMessage m = dbc.messageByName(name);
        if (m == null) {
            throw new IllegalArgumentException("the simulator's DBC has no message " + name
                    + "; the simulator speaks voltrace's reference DBC");
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
