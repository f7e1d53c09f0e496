package io.voltrace.ingest.health;

import io.voltrace.analytics.grading.DayExtremes;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.analytics.passport.ConditionThresholds;
import io.voltrace.analytics.passport.TelemetryCounter;
import io.voltrace.analytics.passport.TelemetryTotals;
import io.voltrace.common.wire.PackSample;
import io.voltrace.evidence.CurrentStep;
import io.voltrace.evidence.Evidence;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.NegativeEvent;
import io.voltrace.evidence.Point;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One battery's reducer: the evidence extractor and the screens' reducer fed with its samples in time order, and the
 * evidence they closed, each list bounded as {@link ReducedEvidence} says. A sample at or before the watermark (the
 * last sample fed) changes nothing. Not thread-safe: one reducer per battery, used by one
 * thread at a time (under the battery's lease).
 */
final class BatteryReducer {
    private static final ObjectInputFilter SCREEN_CLASSES = ObjectInputFilter.Config.createFilter(
            "maxbytes=1000000;maxdepth=10;io.voltrace.ingest.health.ScreenReducer;java.util.ArrayDeque;"
                    + "java.lang.Object;!*");

    private final EvidenceExtractor extractor;
    private final ScreenReducer screen;
    private final Closed closed;
    private final ConditionThresholds thresholds;
    /** The passport's telemetry totals; null in a state saved before they were kept, until {@link #backfill}. */
    private TelemetryCounter condition;
    private TelemetryCounter backfilling;
    private long samples;
    private long late;
    private long implausible;
    private long firstTs;
    private long lastTs;

    /**
     * The evidence closed so far, newest kept. Current steps are kept only when the assessment's resistance estimate
     * can use them (taken above its lowest voltage): the bounded list then holds usable steps, not whatever came last.
     */
    private static final class Closed implements java.util.function.Consumer<Evidence>, ScreenReducer.Sink {
        final double minStepVolts;
        final ArrayDeque<Segment> segments = new ArrayDeque<>();
        final ArrayDeque<Rest> rests = new ArrayDeque<>();
        final ArrayDeque<CurrentStep> steps = new ArrayDeque<>();
        final ArrayDeque<NegativeEvent> events = new ArrayDeque<>();
        final ArrayDeque<DayExtremes> days = new ArrayDeque<>();
        final ArrayDeque<RestEvidence> screenRests = new ArrayDeque<>();

        Closed(double minStepVolts) {
            this.minStepVolts = minStepVolts;
        }

        @Override
        public void accept(Evidence e) {
            if (e instanceof Segment s) {
                bounded(segments, s, ReducedEvidence.MAX_SEGMENTS);
            } else if (e instanceof Rest r) {
                bounded(rests, r, ReducedEvidence.MAX_RESTS);
            } else if (e instanceof CurrentStep c) {
                if (c.voltsBefore() >= minStepVolts) {
                    bounded(steps, c, ReducedEvidence.MAX_STEPS);
                }
            } else if (e instanceof NegativeEvent n) {
                bounded(events, n, ReducedEvidence.MAX_EVENTS);
            }
        }

        @Override
        public void day(DayExtremes day) {
            bounded(days, day, ReducedEvidence.MAX_DAYS);
        }

        @Override
        public void rest(RestEvidence rest) {
            bounded(screenRests, rest, ReducedEvidence.MAX_SCREEN_RESTS);
        }

        private static <T> void bounded(ArrayDeque<T> list, T item, int max) {
            list.addLast(item);
            if (list.size() > max) {
                list.removeFirst();
            }
        }

        void addAll(ReducedEvidence e) {
            e.segments().forEach(this);
            e.rests().forEach(this);
            e.steps().forEach(this);
            e.events().forEach(this);
            e.days().forEach(this::day);
            e.screenRests().forEach(this::rest);
        }
    }

    private BatteryReducer(EvidenceExtractor extractor, ScreenReducer screen, Closed closed,
                           ConditionThresholds thresholds, TelemetryCounter condition) {
        this.extractor = extractor;
        this.screen = screen;
        this.closed = closed;
        this.thresholds = thresholds;
        this.condition = condition;
    }

    /**
     * @param minStepVolts current steps taken below this mean cell voltage are not kept
     * @param thresholds   what the passport's telemetry totals count against
     */
    static BatteryReducer fresh(ExtractorConfig config, GradingPolicy policy, double minStepVolts,
                                ConditionThresholds thresholds) {
        Closed closed = new Closed(minStepVolts);
        return new BatteryReducer(new EvidenceExtractor(config, closed), new ScreenReducer(policy), closed,
                thresholds, new TelemetryCounter(thresholds));
    }

    /** Feeds one sample; false when it is not after the watermark (it changes nothing). */
    boolean feed(PackSample s) {
        if (samples > 0 && s.ts() <= lastTs) {
            return false;
        }
        extractor.accept(Point.of(s));
        screen.accept(s, closed);
        if (condition != null) {
            condition.accept(s);
        }
        if (samples == 0) {
            firstTs = s.ts();
        }
        samples++;
        lastTs = s.ts();
        return true;
    }

    /**
     * Consumes a sample the intake marked implausible (#15) without letting it reach the evidence: it moves the
     * watermark and counts in {@link #samples()} and in {@link #implausible()}, never as late. False when it is not after
     * the watermark.
     */
    boolean skip(PackSample s) {
        if (samples > 0 && s.ts() <= lastTs) {
            return false;
        }
        if (samples == 0) {
            firstTs = s.ts();
        }
        samples++;
        implausible++;
        lastTs = s.ts();
        return true;
    }

    /**
     * Whether the passport's telemetry totals are missing: a state saved before they were kept. {@link #backfill}
     * counts them once from the stored history up to the watermark, then {@link #backfilled} takes them up.
     */
    boolean needsBackfill() {
        return condition == null;
    }

    /**
     * Counts a page of the stored history into the totals a state saved before they were kept lacks: stored samples
     * at or before the watermark, not marked implausible, in time order, page after page.
     */
    void backfill(List<PackSample> page) {
        if (condition != null) {
            throw new IllegalStateException("the telemetry totals are there: nothing to backfill");
        }
        if (backfilling == null) {
            backfilling = new TelemetryCounter(thresholds);
        }
        for (PackSample s : page) {
            if (s.ts() > lastTs) {
                throw new IllegalArgumentException("backfill sample at " + s.ts() + " is after the watermark "
                        + lastTs);
            }
            backfilling.accept(s);
        }
    }

    /** Drops a partial {@link #backfill}: the next one starts from the first stored sample again. */
    void abandonBackfill() {
        backfilling = null;
    }

    /** The history has been counted ({@link #backfill}): its totals are the reducer's from now on. */
    void backfilled() {
        condition = backfilling == null ? new TelemetryCounter(thresholds) : backfilling;
        backfilling = null;
    }

    /** Sets how many stored samples lie at or before the watermark without having been reduced. */
    void late(long n) {
        late = n;
    }

    long watermark() {
        return lastTs;
    }

    /** Samples consumed after the watermark: fed into the evidence, or set aside as implausible. */
    long samples() {
        return samples;
    }

    /** Of {@link #samples()}, those set aside as implausible. */
    long implausible() {
        return implausible;
    }

    long late() {
        return late;
    }

    /** The state and the evidence, taken together. */
    record Checkpoint(byte[] state, ReducedEvidence evidence) {
    }

    Checkpoint checkpoint() {
        byte[] machine = extractor.snapshot();
        byte[] screenBytes = serialize(screen);
        ReducedEvidence closedEvidence = evidence(closed, extractor.throughput(), null, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(machine.length + screenBytes.length + 32_768);
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            o.writeInt(machine.length);
            o.write(machine);
            o.writeInt(screenBytes.length);
            o.write(screenBytes);
            o.write(EvidenceCodec.encode(closedEvidence));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // What is open counts as ended at the watermark: finish a copy, never the reducer itself.
        Closed withOpen = new Closed(closed.minStepVolts);
        withOpen.addAll(closedEvidence);
        EvidenceExtractor copy = EvidenceExtractor.restore(machine, withOpen);
        copy.finish();
        return new Checkpoint(bytes.toByteArray(),
                evidence(withOpen, copy.throughput(), screen.openDay(), screen.openRest()));
    }

    /** @throws IllegalArgumentException when the bytes are not a reducer state */
    static BatteryReducer restore(byte[] state, double minStepVolts, ConditionThresholds thresholds, long samples,
                                  long late, long implausible, long firstTs, long watermark) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            byte[] machine = new byte[length(in)];
            in.readFully(machine);
            byte[] screenBytes = new byte[length(in)];
            in.readFully(screenBytes);
            ReducedEvidence closedEvidence = EvidenceCodec.decode(in.readAllBytes());
            Closed closed = new Closed(minStepVolts);
            closed.addAll(closedEvidence);
            TelemetryTotals totals = closedEvidence.telemetry();
            BatteryReducer r = new BatteryReducer(EvidenceExtractor.restore(machine, closed),
                    deserializeScreen(screenBytes), closed, thresholds,
                    totals == null ? null : new TelemetryCounter(thresholds, totals));
            r.samples = samples;
            r.late = late;
            r.implausible = implausible;
            r.firstTs = firstTs;
            r.lastTs = watermark;
            return r;
        } catch (IOException e) {
            throw new IllegalArgumentException("reducer state unreadable: " + e.getMessage(), e);
        }
    }

    private ReducedEvidence evidence(Closed c, io.voltrace.evidence.Throughput throughput, DayExtremes openDay,
                                     RestEvidence openRest) {
        List<DayExtremes> days = new ArrayList<>(c.days);
        if (openDay != null) {
            days.add(openDay);
            if (days.size() > ReducedEvidence.MAX_DAYS) {
                days.remove(0);
            }
        }
        List<RestEvidence> screenRests = new ArrayList<>(c.screenRests);
        if (openRest != null) {
            screenRests.add(openRest);
            if (screenRests.size() > ReducedEvidence.MAX_SCREEN_RESTS) {
                screenRests.remove(0);
            }
        }
        return new ReducedEvidence(samples, late, firstTs, lastTs, throughput, new ArrayList<>(c.segments),
                new ArrayList<>(c.rests), new ArrayList<>(c.steps), new ArrayList<>(c.events), days, screenRests,
                condition == null ? null : condition.totals());
    }

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 8_000_000) {
            throw new IOException("section length " + n + " out of range");
        }
        return n;
    }

    private static byte[] serialize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static ScreenReducer deserializeScreen(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(SCREEN_CLASSES);
            Object o = in.readObject();
            if (!(o instanceof ScreenReducer s)) {
                throw new IOException("not a screen reducer: " + o.getClass().getName());
            }
            return s;
        } catch (ClassNotFoundException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "BatteryReducer[samples=" + samples + ", late=" + late + ", implausible=" + implausible + ", watermark=" + lastTs + ", closed="
                + Arrays.asList(closed.segments.size(), closed.rests.size(), closed.steps.size()) + "]";
    }
}
