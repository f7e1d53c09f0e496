package io.voltrace.ingest.health;

import io.voltrace.analytics.grading.DayExtremes;
import io.voltrace.analytics.grading.OcvDrift;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.analytics.passport.TelemetryTotals;
import io.voltrace.evidence.CurrentStep;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.NegativeEvent;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import io.voltrace.evidence.Throughput;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ReducedEvidence} in a compact binary form for the registry: a version byte, then each list with its count.
 * Times are epoch milliseconds; measured values are single-precision floats (7 significant digits, finer than any
 * sensor behind them) except counters, which are sums that grow over a battery's life and keep double precision.
 * Segments are stored without their charge-voltage curve (the service's assessment has no reference curve to match
 * them against). A year of one-a-minute telemetry reduces to about 30 kB.
 */
public final class EvidenceCodec {
    /**
     * 3: the battery condition's telemetry totals follow the screens' rests. 2: an OCV drift carries the mean cell too.
     * Versions 1 and 2 are still read: their drifts without the mean cell, their totals null (not counted yet).
     */
    private static final byte VERSION = 3;

    private EvidenceCodec() {
    }

    public static byte[] encode(ReducedEvidence e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32_768);
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            o.writeByte(VERSION);
            o.writeLong(e.samples());
            o.writeLong(e.lateSamples());
            o.writeLong(e.firstTs());
            o.writeLong(e.lastTs());
            throughput(o, e.throughput());
            o.writeInt(e.segments().size());
            for (Segment s : e.segments()) {
                segment(o, s);
            }
            o.writeInt(e.rests().size());
            for (Rest r : e.rests()) {
                o.writeLong(r.startMillis());
                o.writeLong(r.endMillis());
                o.writeFloat((float) r.ocvVolts());
                o.writeFloat((float) r.voltsPerHour());
                o.writeBoolean(r.relaxed());
                o.writeDouble(r.netAh());
                o.writeInt(r.epoch());
                o.writeFloat((float) r.meanAmps());
                o.writeFloat((float) r.tempC());
                o.writeFloat((float) r.cellSpreadVolts());
            }
            o.writeInt(e.steps().size());
            for (CurrentStep s : e.steps()) {
                o.writeLong(s.endMillis());
                o.writeFloat((float) s.fromAmps());
                o.writeFloat((float) s.toAmps());
                o.writeFloat((float) s.deltaVolts());
                o.writeFloat((float) s.ohms());
                o.writeFloat((float) s.seconds());
                o.writeFloat((float) s.tempC());
                o.writeFloat((float) s.voltsBefore());
            }
            o.writeInt(e.events().size());
            for (NegativeEvent n : e.events()) {
                o.writeByte(n.kind().ordinal());
                o.writeLong(n.startMillis());
                o.writeLong(n.endMillis());
                o.writeFloat((float) n.extreme());
            }
            o.writeInt(e.days().size());
            for (DayExtremes d : e.days()) {
                o.writeLong(d.dayStartTs());
                o.writeInt(d.samples());
                o.writeFloat((float) d.minCellVolts());
                o.writeInt((int) (d.minCellTs() - d.dayStartTs()));
                o.writeFloat((float) d.maxCellVolts());
                o.writeInt((int) (d.maxCellTs() - d.dayStartTs()));
                o.writeFloat((float) d.maxTempC());
                o.writeInt((int) (d.maxTempTs() - d.dayStartTs()));
            }
            o.writeInt(e.screenRests().size());
            for (RestEvidence r : e.screenRests()) {
                o.writeLong(r.startTs());
                o.writeLong(r.endTs());
                o.writeFloat((float) r.cellSpreadVolts());
                OcvDrift d = r.drift();
                o.writeBoolean(d != null);
                if (d != null) {
                    o.writeLong(d.fromTs());
                    o.writeLong(d.toTs());
                    o.writeDouble(d.fromCellVolts());
                    o.writeDouble(d.toCellVolts());
                    o.writeDouble(d.netAh());
                    o.writeDouble(d.fromMeanCellVolts());
                    o.writeDouble(d.toMeanCellVolts());
                }
            }
            totals(o, e.telemetry());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not reduced evidence of this version */
    public static ReducedEvidence decode(byte[] bytes) {
        try {
            In in = new In(bytes);
            byte version = in.readByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("reduced evidence of version " + version
                        + ", this ingest reads 1 to " + VERSION);
            }
            long samples = in.readLong();
            long late = in.readLong();
            long first = in.readLong();
            long last = in.readLong();
            Throughput throughput = throughput(in);
            List<Segment> segments = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                segments.add(segment(in));
            }
            List<Rest> rests = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                rests.add(new Rest(in.readLong(), in.readLong(), in.readFloat(), in.readFloat(), in.readBoolean(),
                        in.readDouble(), in.readInt(), in.readFloat(), in.readFloat(), in.readFloat()));
            }
            List<CurrentStep> steps = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                steps.add(new CurrentStep(in.readLong(), in.readFloat(), in.readFloat(), in.readFloat(),
                        in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat()));
            }
            List<NegativeEvent> events = new ArrayList<>();
            NegativeEvent.Kind[] kinds = NegativeEvent.Kind.values();
            for (int i = count(in); i > 0; i--) {
                events.add(new NegativeEvent(kinds[in.readByte()], in.readLong(), in.readLong(), in.readFloat()));
            }
            List<DayExtremes> days = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                long start = in.readLong();
                int n = in.readInt();
                double min = in.readFloat();
                long minTs = start + in.readInt();
                double max = in.readFloat();
                long maxTs = start + in.readInt();
                double temp = in.readFloat();
                long tempTs = start + in.readInt();
                days.add(new DayExtremes(start, n, min, minTs, max, maxTs, temp, tempTs));
            }
            List<RestEvidence> screen = new ArrayList<>();
            for (int i = count(in); i > 0; i--) {
                long start = in.readLong();
                long end = in.readLong();
                double spread = in.readFloat();
                OcvDrift drift = null;
                if (in.readBoolean()) {
                    drift = new OcvDrift(in.readLong(), in.readLong(), in.readDouble(), in.readDouble(),
                            in.readDouble());
                    if (version >= 2) {
                        drift = new OcvDrift(drift.fromTs(), drift.toTs(), drift.fromCellVolts(),
                                drift.toCellVolts(), drift.netAh(), in.readDouble(), in.readDouble());
                    }
                }
                screen.add(new RestEvidence(start, end, spread, drift));
            }
            TelemetryTotals totals = version >= 3 ? totals(in) : null;
            if (in.buffer.hasRemaining()) {
                throw new IOException(in.buffer.remaining() + " bytes after the evidence");
            }
            return new ReducedEvidence(samples, late, first, last, throughput, segments, rests, steps, events, days,
                    screen, totals);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("reduced evidence of version")) {
                throw iae;
            }
            throw new IllegalArgumentException("reduced evidence unreadable: " + e, e);
        }
    }

    private static int count(In in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("list length " + n + " out of range");
        }
        return n;
    }

    /** Sums and the last sample in full precision: the totals grow over the battery's life. */
    private static void totals(DataOutputStream o, TelemetryTotals t) throws IOException {
        o.writeBoolean(t != null);
        if (t == null) {
            return;
        }
        o.writeLong(t.samples());
        o.writeLong(t.firstTs());
        o.writeDouble(t.throughputAh());
        o.writeDouble(t.energyKwh());
        o.writeInt(t.counterRestarts());
        o.writeDouble(t.minutesAboveHigh());
        o.writeDouble(t.minutesBelowLow());
        o.writeDouble(t.minutesChargingAboveHigh());
        o.writeDouble(t.minutesChargingBelowLow());
        o.writeDouble(t.unobservedMinutes());
        for (TelemetryTotals.Episodes e : List.of(t.deepDischarge(), t.overVoltage(), t.overTemperature())) {
            o.writeInt(e.count());
            o.writeBoolean(e.inside());
            o.writeDouble(e.worst());
            o.writeLong(e.lastTs());
        }
        TelemetryTotals.Last l = t.last();
        o.writeBoolean(l != null);
        if (l != null) {
            o.writeLong(l.ts());
            o.writeDouble(l.packVoltage());
            o.writeDouble(l.packCurrent());
            o.writeDouble(l.soc());
            o.writeDouble(l.ahCharged());
            o.writeDouble(l.ahDischarged());
            o.writeDouble(l.tempMin());
            o.writeDouble(l.tempMax());
        }
    }

    private static TelemetryTotals totals(In in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        long samples = in.readLong();
        long first = in.readLong();
        double ah = in.readDouble();
        double kwh = in.readDouble();
        int restarts = in.readInt();
        double above = in.readDouble();
        double below = in.readDouble();
        double chargingAbove = in.readDouble();
        double chargingBelow = in.readDouble();
        double unobserved = in.readDouble();
        TelemetryTotals.Episodes[] e = new TelemetryTotals.Episodes[3];
        for (int i = 0; i < e.length; i++) {
            e[i] = new TelemetryTotals.Episodes(in.readInt(), in.readBoolean(), in.readDouble(), in.readLong());
        }
        TelemetryTotals.Last last = !in.readBoolean() ? null : new TelemetryTotals.Last(in.readLong(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble());
        return new TelemetryTotals(samples, first, ah, kwh, restarts, above, below, chargingAbove, chargingBelow,
                unobserved, e[0], e[1], e[2], last);
    }

    private static void throughput(DataOutputStream o, Throughput t) throws IOException {
        o.writeDouble(t.ahCharged());
        o.writeDouble(t.ahDischarged());
        o.writeDouble(t.whCharged());
        o.writeDouble(t.whDischarged());
        o.writeDouble(t.fullEquivalentCycles());
        o.writeDouble(t.deepDischargeSeconds());
        o.writeDouble(t.overVoltageSeconds());
        o.writeDouble(t.extremeTemperatureSeconds());
        o.writeDouble(t.chargingAtExtremeTempSeconds());
        o.writeInt(t.negativeEvents());
        o.writeDouble(t.currentOffsetAmps());
        o.writeLong(t.readings());
        o.writeLong(t.rejectedReadings());
        o.writeDouble(t.uncountedSeconds());
    }

    private static Throughput throughput(In in) throws IOException {
        return new Throughput(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(), in.readDouble(),
                in.readLong(), in.readLong(), in.readDouble());
    }

    private static void segment(DataOutputStream o, Segment s) throws IOException {
        o.writeByte(s.direction().ordinal());
        o.writeLong(s.startMillis());
        o.writeLong(s.endMillis());
        o.writeDouble(s.ahCharged());
        o.writeDouble(s.ahDischarged());
        o.writeFloat((float) s.whCharged());
        o.writeFloat((float) s.whDischarged());
        o.writeFloat((float) s.startVolts());
        o.writeFloat((float) s.endVolts());
        o.writeFloat((float) s.minVolts());
        o.writeFloat((float) s.maxVolts());
        o.writeFloat((float) s.meanAmps());
        o.writeFloat((float) s.ampsStdDev());
        o.writeFloat((float) s.minTempC());
        o.writeFloat((float) s.maxTempC());
        o.writeFloat((float) s.maxCellSpreadVolts());
        o.writeInt(s.readings());
        o.writeInt(s.reversals());
        o.writeByte((s.interrupted() ? 1 : 0) | (s.fromFull() ? 2 : 0) | (s.reachedFull() ? 4 : 0));
        o.writeFloat((float) s.restVoltsBefore());
        o.writeDouble(s.ahToCutoff());
    }

    private static Segment segment(In in) throws IOException {
        Direction direction = Direction.values()[in.readByte()];
        long start = in.readLong();
        long end = in.readLong();
        double ahIn = in.readDouble();
        double ahOut = in.readDouble();
        double whIn = in.readFloat();
        double whOut = in.readFloat();
        double startV = in.readFloat();
        double endV = in.readFloat();
        double minV = in.readFloat();
        double maxV = in.readFloat();
        double mean = in.readFloat();
        double sd = in.readFloat();
        double minT = in.readFloat();
        double maxT = in.readFloat();
        double spread = in.readFloat();
        int readings = in.readInt();
        int reversals = in.readInt();
        int flags = in.readByte();
        double before = in.readFloat();
        double toCutoff = in.readDouble();
        return new Segment(direction, start, end, ahIn, ahOut, whIn, whOut, startV, endV, minV, maxV, mean, sd, minT,
                maxT, spread, readings, reversals, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, before,
                toCutoff, null);
    }

    /**
     * Big-endian reads as {@link java.io.DataInputStream}'s over the array, without its stream's per-byte lock: an
     * assessment decodes some 40 kB of evidence, and the synchronized {@code ByteArrayInputStream.read()} was its
     * largest cost. Running past the end throws {@link EOFException}, as the stream did.
     */
    private static final class In {
        private final ByteBuffer buffer;

        In(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream wrote it
        }

        private void need(int n) throws EOFException {
            if (buffer.remaining() < n) {
                throw new EOFException();
            }
        }

        byte readByte() throws EOFException {
            need(1);
            return buffer.get();
        }

        boolean readBoolean() throws EOFException {
            return readByte() != 0;
        }

        int readInt() throws EOFException {
            need(4);
            return buffer.getInt();
        }

        long readLong() throws EOFException {
            need(8);
            return buffer.getLong();
        }

        float readFloat() throws EOFException {
            return Float.intBitsToFloat(readInt());
        }

        double readDouble() throws EOFException {
            return Double.longBitsToDouble(readLong());
        }
    }
}
