package io.voltrace.edge.telemetry;

import io.voltrace.common.wire.CellSnapshot;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot of every cell voltage and temperature at a configured rate of frame time, from the latest values
 * the decoder holds. A snapshot waits until every configured cell and sensor has reported once; if some never do
 * within three intervals (at least ten minutes: a parked BMS may report its cells only every few minutes), it goes out
 * with those values absent (and says so once in the log), rather than never.
 */
public final class CellSnapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(CellSnapshotter.class);

    private final int cells;
    private final int sensors;
    private final long intervalMicros;
    private final long graceMicros;
    private final IntToDoubleFunction voltage;
    private final IntToDoubleFunction temperature;
    private final Consumer<CellSnapshot> out;
    private long nextMicros = -1;
    private long firstDueMicros = -1;
    private boolean gapsLogged;
    private long taken;

    /**
     * @param cells       cells in series (snapshot length)
     * @param sensors     temperature sensors
     * @param interval    seconds of frame time between snapshots
     * @param voltage     latest voltage of a 0-based cell, NaN when not yet reported
     * @param temperature latest temperature of a 0-based sensor, NaN when not yet reported
     */
    public CellSnapshotter(int cells, int sensors, double interval, IntToDoubleFunction voltage,
                           IntToDoubleFunction temperature, Consumer<CellSnapshot> out) {
        if (cells < 0 || sensors < 0 || cells + sensors == 0) {
            throw new IllegalArgumentException("a cell snapshot needs cells or sensors");
        }
        if (!(interval > 0)) {
            throw new IllegalArgumentException("snapshot interval must be positive, was " + interval);
        }
        this.cells = cells;
        this.sensors = sensors;
        this.intervalMicros = Math.round(interval * 1_000_000);
        this.graceMicros = Math.max(3 * intervalMicros, 600_000_000L);
        this.voltage = voltage;
        this.temperature = temperature;
        this.out = out;
    }

    /** Called after each decoded frame with its timestamp; emits a snapshot when one is due. */
    public void onFrame(long timestampMicros) {
        if (timestampMicros < 0) {
            return;
        }
        if (nextMicros < 0) {
            nextMicros = timestampMicros + intervalMicros;
            return;
        }
        if (timestampMicros < nextMicros) {
            return;
        }
        if (firstDueMicros < 0) {
            firstDueMicros = timestampMicros;
        }
        double[] v = new double[cells];
        double[] t = new double[sensors];
        int missing = 0;
        for (int i = 0; i < cells; i++) {
            v[i] = voltage.applyAsDouble(i);
            missing += Double.isNaN(v[i]) ? 1 : 0;
        }
        for (int i = 0; i < sensors; i++) {
            t[i] = temperature.applyAsDouble(i);
            missing += Double.isNaN(t[i]) ? 1 : 0;
        }
        if (missing > 0 && timestampMicros - firstDueMicros < graceMicros) {
            return; // give every cell a chance to report first
        }
        if (missing > 0 && !gapsLogged) {
            gapsLogged = true;
            LOG.warn("{} of {} cells and sensors have not reported within {} s; snapshots go out "
                    + "with them absent (check cells.count and cells.sensors against the mapping)", missing,
                    cells + sensors, graceMicros / 1_000_000);
        }
        out.accept(new CellSnapshot(timestampMicros / 1000, v, t));
        taken++;
        firstDueMicros = -1;
        nextMicros += intervalMicros * Math.max(1, (timestampMicros - nextMicros) / intervalMicros + 1);
    }

    public long taken() {
        return taken;
    }
}
