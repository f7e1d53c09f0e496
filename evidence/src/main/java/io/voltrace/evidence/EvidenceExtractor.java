package io.voltrace.evidence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Cuts one pack's time-ordered readings into health evidence as they arrive, in constant memory: charge and discharge
 * {@link Segment}s with ampere-hours counted, {@link Rest}s with their relaxed voltage, {@link CurrentStep}s with
 * ΔV/ΔI, and {@link NegativeEvent}s; running totals in {@link #throughput()}.
 *
 * <p>Charge comes from the upstream coulomb counters when the readings carry them (exact however sparse the readings),
 * otherwise from the trapezoid of the current. Either way the current sensor's offset, learned as the mean current
 * over long rests, is taken out: a 0.1 A offset is 2.4 Ah a day, more than a partial charge's error budget.
 *
 * <p>Not thread-safe: one extractor per pack, fed from one thread. Bad readings (not finite, or not later than the
 * previous one) are refused and counted, never thrown, so one bad line does not stop a pack.
 *
 * <p>Its running state can be saved ({@link #snapshot}) and resumed ({@link #restore}), so a service that reduces a
 * pack's telemetry as it arrives carries on after a restart exactly where it stopped.
 */
public final class EvidenceExtractor implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double COUNTER_SLACK_AH = 1e-6;
    /** A snapshot holds this package's state types, their arrays and boxed numbers, and nothing else. */
    private static final ObjectInputFilter SNAPSHOT_CLASSES = ObjectInputFilter.Config.createFilter(
            "maxbytes=4000000;maxdepth=20;io.voltrace.evidence.*;java.lang.Enum;java.lang.Number;java.lang.Double;"
                    + "java.lang.Long;java.lang.Integer;java.lang.Boolean;!*");

    private final ExtractorConfig config;
    private transient Consumer<Evidence> out;

    // The previous accepted reading.
    private boolean started;
    private Point last;
    private double lastAmps; // offset removed

    // Totals.
    private double ahIn;
    private double ahOut;
    private double whIn;
    private double whOut;
    private double netAh;
    private int epoch;
    private long readings;
    private long rejected;
    private double uncountedSeconds;

    // Current-sensor offset, learned over long rests.
    private double offsetAmps;
    private double offsetAmpSeconds;
    private double offsetSeconds;

    // Rest (or, while a segment is open, a pause that may become one).
    private boolean resting;
    private long restStart = -1;
    private long restEnd;
    private double restRawAh;
    private double restSeconds;
    private final RestWindow window = new RestWindow();

    // Segments: the open one, and an opposite run that may be regen or a new segment.
    private SegmentBuilder segment;
    private SegmentBuilder reversal;
    private double restVoltsBefore = Double.NaN;
    private boolean fullSinceDischarge;

    private final EventTracker deep = new EventTracker(NegativeEvent.Kind.DEEP_DISCHARGE, true);
    private final EventTracker over = new EventTracker(NegativeEvent.Kind.OVER_VOLTAGE, false);
    private final EventTracker cold = new EventTracker(NegativeEvent.Kind.EXTREME_TEMPERATURE, true);
    private final EventTracker hot = new EventTracker(NegativeEvent.Kind.EXTREME_TEMPERATURE, false);
    private final EventTracker coldCharge =
            new EventTracker(NegativeEvent.Kind.CHARGING_AT_EXTREME_TEMPERATURE, true);
    private final EventTracker hotCharge =
            new EventTracker(NegativeEvent.Kind.CHARGING_AT_EXTREME_TEMPERATURE, false);

    public EvidenceExtractor(ExtractorConfig config, Consumer<Evidence> out) {
        if (config == null || out == null) {
            throw new IllegalArgumentException("an extractor needs a configuration and a consumer");
        }
        this.config = config;
        this.out = out;
    }

    public ExtractorConfig config() {
        return config;
    }

    /** The running state (configuration, totals, what is open), to {@link #restore} later; the consumer is not in it. */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(this);
        } catch (IOException e) {
            throw new UncheckedIOException("extractor state cannot be written", e);
        }
        return bytes.toByteArray();
    }

    /**
     * An extractor that carries on from a {@link #snapshot}, sending its evidence to {@code out}.
     *
     * @throws IllegalArgumentException when the bytes are not an extractor snapshot (of this version)
     */
    public static EvidenceExtractor restore(byte[] snapshot, Consumer<Evidence> out) {
        if (snapshot == null || out == null) {
            throw new IllegalArgumentException("restoring an extractor needs its snapshot and a consumer");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(snapshot))) {
            in.setObjectInputFilter(SNAPSHOT_CLASSES);
            Object o = in.readObject();
            if (!(o instanceof EvidenceExtractor e)) {
                throw new IllegalArgumentException("not an extractor snapshot: " + o.getClass().getName());
            }
            e.out = out;
            return e;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("extractor snapshot unreadable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Takes the next reading. Returns false, and counts it, when the reading is refused: current or voltage not
     * finite, or not later than the previous reading.
     */
    public boolean accept(Point p) {
        if (p == null || !Double.isFinite(p.current()) || !Double.isFinite(p.voltage())
                || (started && p.timeMillis() <= last.timeMillis())) {
            rejected++;
            return false;
        }
        readings++;
        double amps = p.current() - offsetAmps;
        if (!started) {
            started = true;
            begin(p, amps);
            observeEvents(p, amps, 0);
            remember(p, amps);
            return true;
        }
        double dt = (p.timeMillis() - last.timeMillis()) / 1000.0;
        Interval iv = interval(p, amps, dt);
        // Time in a condition is held from reading to reading, but not across a gap nobody saw.
        observeEvents(p, amps, iv == null ? 0 : dt);
        if (iv == null) {
            // Nothing is known about what happened in the gap: close what is open as of the last reading.
            uncountedSeconds += dt;
            epoch++;
            closeOpen(true);
            begin(p, amps);
            remember(p, amps);
            return true;
        }
        ahIn += iv.in;
        ahOut += iv.out;
        whIn += iv.in * iv.meanVolts * config.seriesCells();
        whOut += iv.out * iv.meanVolts * config.seriesCells();
        netAh += iv.in - iv.out;
        step(p, dt);

        boolean restLike = Math.abs(amps) < config.restAmps()
                && (!iv.counted || iv.in + iv.out <= config.restAmps() * dt / 3600 + COUNTER_SLACK_AH);
        if (segment == null) {
            if (restLike) {
                continueRest(p, iv, dt);
            } else {
                closeRest();
                openSegment(p, amps, iv);
            }
        } else if (restLike) {
            foldReversal();
            segment.addInterval(iv.in, iv.out, iv.meanVolts, Double.NaN, dt);
            if (restStart < 0) {
                startRest(p);
            } else {
                continueRest(p, iv, dt);
            }
            if (restEnd - restStart >= config.minRestSeconds() * 1000) {
                closeSegment();
            }
        } else {
            restStart = -1; // a pause too short to be a rest: the segment goes on
            Direction d = Direction.of(amps);
            if (d == segment.direction) {
                foldReversal();
                segment.addInterval(iv.in, iv.out, iv.meanVolts, amps, dt);
                segment.addActive(p, amps);
            } else {
                if (reversal == null) {
                    reversal = new SegmentBuilder(d, config, last.timeMillis(), last.voltage(), Double.NaN,
                            fullSinceDischarge);
                }
                reversal.addInterval(iv.in, iv.out, iv.meanVolts, amps, dt);
                reversal.addActive(p, amps);
                if (p.timeMillis() - reversal.firstActiveMillis() >= config.reversalSeconds() * 1000) {
                    SegmentBuilder next = reversal;
                    reversal = null;
                    closeSegment();
                    next.fromFull(fullSinceDischarge);
                    segment = next;
                }
            }
        }
        remember(p, amps);
        return true;
    }

    /** Ends the stream: what is open is closed and reported. */
    public void finish() {
        if (!started) {
            return;
        }
        closeOpen(false);
        long t = last.timeMillis();
        for (EventTracker e : trackers()) {
            e.close(t, out);
        }
    }

    public Throughput throughput() {
        int events = 0;
        for (EventTracker e : trackers()) {
            events += e.count();
        }
        return new Throughput(ahIn, ahOut, whIn, whOut, ahOut / config.nominalAh(), deep.seconds(), over.seconds(),
                cold.seconds() + hot.seconds(), coldCharge.seconds() + hotCharge.seconds(), events, offsetAmps,
                readings, rejected, uncountedSeconds);
    }

    /** The current-sensor offset now being removed, amperes. */
    public double currentOffsetAmps() {
        return offsetAmps;
    }

    private EventTracker[] trackers() {
        return new EventTracker[]{deep, over, cold, hot, coldCharge, hotCharge};
    }

    private void begin(Point p, double amps) {
        if (Math.abs(amps) < config.restAmps()) {
            restVoltsBefore = Double.NaN;
            startRest(p);
        } else {
            segment = new SegmentBuilder(Direction.of(amps), config, p.timeMillis(), p.voltage(), Double.NaN,
                    fullSinceDischarge);
            segment.addActive(p, amps);
        }
    }

    private void remember(Point p, double amps) {
        last = p;
        lastAmps = amps;
    }

    /** Charge of the interval from the previous reading, or null when it cannot be counted. */
    private Interval interval(Point p, double amps, double dt) {
        double meanVolts = (last.voltage() + p.voltage()) / 2;
        double offsetAh = offsetAmps * dt / 3600;
        if (p.hasCounters() && last.hasCounters()) {
            double dIn = p.ahCharged() - last.ahCharged();
            double dOut = p.ahDischarged() - last.ahDischarged();
            if (dIn >= -COUNTER_SLACK_AH && dOut >= -COUNTER_SLACK_AH) {
                double raw = dIn - dOut;
                // The counters integrated the offset too; take it off the side the current was on.
                if (raw - offsetAh >= 0) {
                    dIn -= offsetAh;
                } else {
                    dOut += offsetAh;
                }
                if (dIn < 0) {
                    dOut -= dIn;
                    dIn = 0;
                }
                if (dOut < 0) {
                    dIn -= dOut;
                    dOut = 0;
                }
                return new Interval(dIn, dOut, raw, meanVolts, true);
            }
            // A counter ran backwards (an agent restarted): fall back to the current for this interval.
        }
        if (dt > config.maxGapSeconds()) {
            return null;
        }
        double a = lastAmps;
        double b = amps;
        double in;
        double outAh;
        if (a >= 0 && b >= 0) {
            in = (a + b) / 2 * dt / 3600;
            outAh = 0;
        } else if (a <= 0 && b <= 0) {
            in = 0;
            outAh = -(a + b) / 2 * dt / 3600;
        } else {
            // The current crossed zero inside the interval: split the trapezoid at the crossing.
            double f = a / (a - b);
            double first = a * f * dt / 2 / 3600;
            double second = b * (1 - f) * dt / 2 / 3600;
            in = Math.max(first, 0) + Math.max(second, 0);
            outAh = -Math.min(first, 0) - Math.min(second, 0);
        }
        double raw = (last.current() + p.current()) / 2 * dt / 3600;
        return new Interval(in, outAh, raw, meanVolts, false);
    }

    private void step(Point p, double dt) {
        double deltaAmps = p.current() - last.current();
        if (dt > config.stepMaxSeconds() || Math.abs(deltaAmps) < config.stepMinAmps()) {
            return;
        }
        double deltaVolts = p.voltage() - last.voltage();
        double ohms = deltaVolts / deltaAmps;
        // V = OCV + R·I with charge positive: a real step moves voltage with current. The other sign is a step
        // taken while something else moved the voltage more (a relaxation, a reading glitch): not a resistance.
        if (ohms > 0 && Double.isFinite(ohms)) {
            out.accept(new CurrentStep(p.timeMillis(), last.current(), p.current(), deltaVolts, ohms, dt,
                    p.tempMaxC(), last.voltage()));
        }
    }

    private void observeEvents(Point p, double amps, double dt) {
        Limits l = config.limits();
        long t = p.timeMillis();
        double low = p.hasCellVoltages() ? p.cellMinVolts() : p.voltage();
        double high = p.hasCellVoltages() ? p.cellMaxVolts() : p.voltage();
        deep.observe(t, dt, low < l.deepDischargeVolts(), low, out);
        over.observe(t, dt, high > l.overVoltageVolts(), high, out);
        double tMin = Double.isNaN(p.tempMinC()) ? p.tempMaxC() : p.tempMinC();
        double tMax = Double.isNaN(p.tempMaxC()) ? p.tempMinC() : p.tempMaxC();
        boolean charging = amps >= config.restAmps();
        cold.observe(t, dt, tMin < l.lowTempC(), tMin, out);
        hot.observe(t, dt, tMax > l.highTempC(), tMax, out);
        coldCharge.observe(t, dt, charging && tMin < l.chargeLowTempC(), tMin, out);
        hotCharge.observe(t, dt, charging && tMax > l.chargeHighTempC(), tMax, out);
    }

    private void startRest(Point p) {
        restStart = p.timeMillis();
        restEnd = p.timeMillis();
        restRawAh = 0;
        restSeconds = 0;
        window.clear();
        addToWindow(p);
    }

    private void continueRest(Point p, Interval iv, double dt) {
        if (restStart < 0) {
            startRest(p);
            return;
        }
        restEnd = p.timeMillis();
        restRawAh += iv.rawAh;
        restSeconds += dt;
        addToWindow(p);
    }

    private void addToWindow(Point p) {
        double spread = p.hasCellVoltages() ? p.cellMaxVolts() - p.cellMinVolts() : Double.NaN;
        window.add(p.timeMillis(), p.voltage(), netAh, p.tempMaxC(), spread);
    }

    /** Reports the rest that just ended (if long enough) and learns the sensor offset from it. */
    private void closeRest() {
        if (restStart < 0 || window.isEmpty()) {
            restStart = -1;
            return;
        }
        double seconds = (restEnd - restStart) / 1000.0;
        boolean relaxed = seconds >= config.relaxedRestSeconds();
        long from = relaxed
                ? Math.max(restStart + (long) (config.relaxedRestSeconds() * 1000),
                        restEnd - (long) (config.ocvWindowSeconds() * 1000))
                : Math.max(restStart, restEnd - (long) (config.ocvWindowSeconds() * 1000));
        RestWindow.Summary s = window.summarize(from);
        restVoltsBefore = s.volts();
        if (restVoltsBefore >= config.fullRestVolts()) {
            fullSinceDischarge = true;
        }
        double meanAmps = restSeconds > 0 ? restRawAh * 3600 / restSeconds : 0;
        if (seconds >= config.minRestSeconds()) {
            out.accept(new Rest(restStart, restEnd, s.volts(), s.voltsPerHour(), relaxed, s.netAh(), epoch,
                    meanAmps, s.tempC(), s.spread()));
        }
        if (seconds >= config.offsetRestSeconds() && Math.abs(meanAmps) < config.restAmps()) {
            offsetAmpSeconds += meanAmps * restSeconds;
            offsetSeconds += restSeconds;
            offsetAmps = offsetAmpSeconds / offsetSeconds;
        }
        restStart = -1;
    }

    private void openSegment(Point p, double amps, Interval iv) {
        double before = last.timeMillis() == restEnd ? restVoltsBefore : Double.NaN;
        segment = new SegmentBuilder(Direction.of(amps), config, last.timeMillis(), last.voltage(), before,
                fullSinceDischarge);
        segment.addInterval(iv.in, iv.out, iv.meanVolts, amps, (p.timeMillis() - last.timeMillis()) / 1000.0);
        segment.addActive(p, amps);
        restVoltsBefore = Double.NaN;
    }

    private void foldReversal() {
        if (reversal != null) {
            segment.absorb(reversal);
            reversal = null;
        }
    }

    /** Closes the open segment; a rest that ended it stays open. */
    private void closeSegment() {
        foldReversal();
        if (segment.hasActiveReadings()) {
            Segment s = segment.build();
            out.accept(s);
            if (s.direction() == Direction.DISCHARGE) {
                fullSinceDischarge = false;
            } else if (s.reachedFull()) {
                fullSinceDischarge = true;
            }
        }
        segment = null;
    }

    private void closeOpen(boolean interrupted) {
        if (segment != null) {
            if (interrupted) {
                segment.markInterrupted();
            }
            restStart = -1; // a pause inside a segment is not a rest of its own
            closeSegment();
        } else {
            closeRest();
        }
        restStart = -1;
    }

    /**
     * One interval's charge with the offset removed: {@code in} and {@code out} ampere-hours, the raw net as measured
     * (for learning the offset), mean cell voltage, and whether upstream counters (not the current) gave it.
     */
    private record Interval(double in, double out, double rawAh, double meanVolts, boolean counted) {
    }
}
