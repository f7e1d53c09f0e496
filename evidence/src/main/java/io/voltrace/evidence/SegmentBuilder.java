package io.voltrace.evidence;

import java.util.Arrays;

/** The open segment's running sums; constant size whatever the segment's length. */
final class SegmentBuilder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final Direction direction;
    private final ExtractorConfig config;
    final long startMillis;
    private final double startVolts;
    private final double restVoltsBefore;
    private boolean fromFull;

    private long endMillis;
    private double endVolts;
    private long firstActiveMillis = -1;
    private double ahIn;
    private double ahOut;
    private double whIn;
    private double whOut;
    private double minVolts = Double.POSITIVE_INFINITY;
    private double maxVolts = Double.NEGATIVE_INFINITY;
    private double ampSeconds;
    private double amp2Seconds;
    private double seconds;
    private double minTemp = Double.NaN;
    private double maxTemp = Double.NaN;
    private double maxSpread = Double.NaN;
    private int readings;
    private int reversals;
    private boolean interrupted;
    private double maxAbsAmps;
    private double lastAbsAmps;
    private double ahToCutoff = Double.NaN;
    private double[] curve;
    private double curveExtreme = Double.NaN;
    private double prevVolts = Double.NaN;
    private double prevAh;

    SegmentBuilder(Direction direction, ExtractorConfig config, long startMillis, double startVolts,
                   double restVoltsBefore, boolean fromFull) {
        this.direction = direction;
        this.config = config;
        this.startMillis = startMillis;
        this.startVolts = startVolts;
        this.restVoltsBefore = restVoltsBefore;
        this.fromFull = fromFull;
        this.endMillis = startMillis;
        this.endVolts = startVolts;
        this.curve = new double[config.curveLevels()];
        Arrays.fill(curve, Double.NaN);
    }

    /**
     * Charge and energy of one interval (offset removed, split by direction), and, when the interval ends at a reading
     * with current ({@code readingAmps} not NaN), that reading's current held over it for the current's mean and
     * spread. Intervals into a pause count for charge only: a cycler's constant current stays constant to its end.
     */
    void addInterval(double dIn, double dOut, double meanVolts, double readingAmps, double dtSeconds) {
        ahIn += dIn;
        ahOut += dOut;
        whIn += dIn * meanVolts * config.seriesCells();
        whOut += dOut * meanVolts * config.seriesCells();
        if (!Double.isNaN(readingAmps)) {
            ampSeconds += readingAmps * dtSeconds;
            amp2Seconds += readingAmps * readingAmps * dtSeconds;
            seconds += dtSeconds;
        }
    }

    /** A reading with current in this segment's direction. */
    void addActive(Point p, double amps) {
        if (firstActiveMillis < 0) {
            firstActiveMillis = p.timeMillis();
        }
        readings++;
        endMillis = p.timeMillis();
        endVolts = p.voltage();
        minVolts = Math.min(minVolts, p.voltage());
        maxVolts = Math.max(maxVolts, p.voltage());
        minTemp = nanMin(minTemp, p.tempMinC());
        maxTemp = nanMax(maxTemp, p.tempMaxC());
        if (p.hasCellVoltages()) {
            maxSpread = nanMax(maxSpread, p.cellMaxVolts() - p.cellMinVolts());
        }
        maxAbsAmps = Math.max(maxAbsAmps, Math.abs(amps));
        lastAbsAmps = Math.abs(amps);
        double q = ah();
        if (direction == Direction.DISCHARGE && Double.isNaN(ahToCutoff) && p.voltage() <= config.cutoffVolts()) {
            ahToCutoff = q;
        }
        if (curve != null) {
            trace(p.voltage(), q);
        }
    }

    /** Records the first passage of each grid level, interpolating between this reading and the previous one. */
    private void trace(double v, double q) {
        if (Double.isNaN(curveExtreme)) {
            curveExtreme = v;
        } else if (direction == Direction.DISCHARGE ? v < curveExtreme : v > curveExtreme) {
            double lo = Math.min(v, curveExtreme);
            double hi = Math.max(v, curveExtreme);
            int first = (int) Math.ceil((lo - config.curveLowestVolts()) / config.curveStepVolts() - 1e-9);
            int last = (int) Math.floor((hi - config.curveLowestVolts()) / config.curveStepVolts() + 1e-9);
            for (int i = Math.max(0, first); i <= Math.min(curve.length - 1, last); i++) {
                double level = config.curveLowestVolts() + i * config.curveStepVolts();
                if (!Double.isNaN(curve[i]) || level == curveExtreme) {
                    continue;
                }
                double f = (prevVolts - level) / (prevVolts - v);
                curve[i] = prevAh + Math.max(0, Math.min(1, f)) * (q - prevAh);
            }
            curveExtreme = v;
        }
        prevVolts = v;
        prevAh = q;
    }

    /** Folds a short run of opposite current (regenerative braking) into this segment. */
    void absorb(SegmentBuilder reversal) {
        ahIn += reversal.ahIn;
        ahOut += reversal.ahOut;
        whIn += reversal.whIn;
        whOut += reversal.whOut;
        ampSeconds += reversal.ampSeconds;
        amp2Seconds += reversal.amp2Seconds;
        seconds += reversal.seconds;
        readings += reversal.readings;
        if (reversal.readings > 0) {
            endMillis = Math.max(endMillis, reversal.endMillis);
            endVolts = reversal.endVolts;
            minVolts = Math.min(minVolts, reversal.minVolts);
            maxVolts = Math.max(maxVolts, reversal.maxVolts);
            minTemp = nanMin(minTemp, reversal.minTemp);
            maxTemp = nanMax(maxTemp, reversal.maxTemp);
            maxSpread = nanMax(maxSpread, reversal.maxSpread);
        }
        reversals += 1 + reversal.reversals;
        interrupted |= reversal.interrupted;
        // A curve with the current running backwards inside it no longer maps voltage to charge.
        curve = null;
    }

    /** Whether a discharge begins at full charge, known only once the segment before it has closed. */
    void fromFull(boolean full) {
        fromFull = full;
    }

    void markInterrupted() {
        interrupted = true;
    }

    boolean hasActiveReadings() {
        return readings > 0;
    }

    long firstActiveMillis() {
        return firstActiveMillis;
    }

    /** Net charge in this segment's direction so far. */
    double ah() {
        return direction.sign() * (ahIn - ahOut);
    }

    boolean reachedFull() {
        return direction == Direction.CHARGE && maxVolts >= config.chargeEndVolts() && maxAbsAmps > 0
                && lastAbsAmps <= 0.5 * maxAbsAmps;
    }

    Segment build() {
        double mean = seconds > 0 ? ampSeconds / seconds : 0;
        double variance = seconds > 0 ? Math.max(0, amp2Seconds / seconds - mean * mean) : 0;
        return new Segment(direction, startMillis, endMillis, ahIn, ahOut, whIn, whOut, startVolts, endVolts,
                minVolts, maxVolts, mean, Math.sqrt(variance), minTemp, maxTemp, maxSpread, readings, reversals,
                interrupted, direction == Direction.DISCHARGE && fromFull, reachedFull(), restVoltsBefore,
                ahToCutoff, curve == null ? null
                        : new VoltageCurve(direction, config.curveLowestVolts(), config.curveStepVolts(), curve));
    }

    private static double nanMin(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double nanMax(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
