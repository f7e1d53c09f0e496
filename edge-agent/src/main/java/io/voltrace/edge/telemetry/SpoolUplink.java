package io.voltrace.edge.telemetry;

import io.voltrace.common.wire.CellSnapshot;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.PackTelemetry;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.common.wire.WireFormat;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.mqtt.ReasonCodes;
import io.voltrace.edge.spool.RecordKind;
import io.voltrace.edge.spool.Spool;
import io.voltrace.edge.spool.SpoolRecord;
import io.voltrace.edge.spool.SpoolStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the spool to the broker: reads records in offset order, groups a battery's consecutive telemetry records
 * into one message (up to a count, or when the oldest has waited long enough), publishes at QoS 1 within the link's
 * window, and acknowledges to the spool only the longest run of messages the server has acknowledged, so the spool
 * never deletes a record before its PUBACK. Messages in flight when the connection drops are sent again, in their
 * original order, before anything new.
 *
 * <p>A message the server refuses (PUBACK 0x80 or above: not authorised, bad payload) would be refused again, so it
 * is not retried: it is logged with the reason, counted, and its payload kept under {@code refusedDir} for a person to
 * look at, and the spool moves on.
 */
public final class SpoolUplink implements MqttLink.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolUplink.class);
    private static final long REFUSED_DIR_LIMIT_BYTES = 16L << 20;
    /** A refusing server refuses every message: one line a minute says so, the rest go to debug. */
    private static final long REFUSAL_LOG_INTERVAL_NANOS = 60_000_000_000L;

    /**
     * @param device               the device id: topic segment and payload field
     * @param format               payload encoding
     * @param maxRecordsPerMessage samples and snapshots per message at most
     * @param maxDelay             how long a record may wait for others to fill its message
     * @param maxMessageBytes      bound on one payload
     * @param refusedDir           where refused payloads are kept, or null to keep none
     */
    public record Settings(String device, WireFormat format, int maxRecordsPerMessage, Duration maxDelay,
                           int maxMessageBytes, Path refusedDir) {
        public Settings {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(format, "format");
            if (maxRecordsPerMessage < 1) {
                throw new IllegalArgumentException("maxRecordsPerMessage must be at least 1");
            }
            if (maxMessageBytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024");
            }
        }
    }

    /** Counters since start. */
    public record Stats(boolean online, long messagesSent, long messagesAcknowledged, long recordsDelivered,
                        long messagesResent, long messagesRefused, long recordsRefused, int inFlight,
                        long oldestUndeliveredTimestamp) {
    }

    private enum State { QUEUED, SENT, DONE }

    private static final class Pending {
        final long first;
        final long last;
        final int records;
        final String battery;
        final String topic;
        final byte[] payload;
        final MqttProperties properties;
        final long firstTimestamp;
        State state = State.QUEUED;
        long epoch = -1;
        boolean sentBefore;
        boolean refused;

        Pending(long first, long last, int records, String battery, String topic, byte[] payload,
                MqttProperties properties, long firstTimestamp) {
            this.first = first;
            this.last = last;
            this.records = records;
            this.battery = battery;
            this.topic = topic;
            this.payload = payload;
            this.properties = properties;
            this.firstTimestamp = firstTimestamp;
        }
    }

    private record Staged(SpoolRecord record, long seenNanos) {
    }

    private final Spool spool;
    private final Spool.Cursor cursor;
    private final Settings settings;
    private final String telemetryTopic;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Read from the spool, not yet in a message; touched only by the uplink thread. */
    private final ArrayDeque<Staged> staged = new ArrayDeque<>();
    private volatile int stagedCount;
    private volatile long stagedOldest = Long.MIN_VALUE;
    private final Thread thread;
    private MqttLink link;
    private boolean online;
    private int window = 1;
    private long epoch;
    private boolean closing;
    private boolean stopped;
    private long messagesSent;
    private long messagesAcknowledged;
    private long recordsDelivered;
    private long messagesResent;
    private long messagesRefused;
    private long recordsRefused;
    private String lastRefusal;
    private long refusedDirBytes;
    private long lastRefusalLogNanos;
    private long refusalsNotLogged;
    private boolean everOnline;
    private boolean catchingUp;
    private long catchUpHeld;
    private long catchUpStartNanos;
    private long catchUpTarget;

    public SpoolUplink(Spool spool, Settings settings) {
        this.spool = spool;
        this.cursor = spool.cursor();
        this.settings = settings;
        this.telemetryTopic = Topics.telemetry(settings.device());
        this.thread = new Thread(this::run, "spool-uplink");
        this.thread.setDaemon(true);
    }

    /** Starts publishing through a link created with this uplink as its listener. */
    public void start(MqttLink mqttLink) {
        this.link = mqttLink;
        SpoolStats s = spool.stats();
        if (s.heldRecords() > 0) {
            LOG.info("{} records held in the spool from before; they go first", s.heldRecords());
            startCatchUp(s.heldRecords());
        }
        thread.start();
    }

    @Override
    public void online(int newWindow) {
        synchronized (lock) {
            online = true;
            window = Math.max(1, newWindow);
            epoch++;
            int resend = 0;
            for (Pending p : pending) {
                if (p.state == State.SENT) {
                    p.state = State.QUEUED;
                }
                resend += p.state == State.QUEUED && p.sentBefore ? 1 : 0;
            }
            SpoolStats s = spool.stats();
            if (everOnline && s.heldRecords() > 0) {
                LOG.info("sending {} records held in the spool ({} unacknowledged messages go again first)",
                        s.heldRecords(), resend);
                startCatchUp(s.heldRecords());
            }
            everOnline = true;
            lock.notifyAll();
        }
    }

    @Override
    public void offline(String reason) {
        synchronized (lock) {
            online = false;
            epoch++;
            for (Pending p : pending) {
                if (p.state == State.SENT) {
                    p.state = State.QUEUED;
                }
            }
            SpoolStats s = spool.stats();
            LOG.warn("offline: {}; the spool holds {} records ({} on disk), reading goes on", reason,
                    s.heldRecords(), human(s.diskBytes()));
            lock.notifyAll();
        }
    }

    public Stats stats() {
        synchronized (lock) {
            int inFlight = 0;
            for (Pending p : pending) {
                inFlight += p.state == State.SENT ? 1 : 0;
            }
            long oldest = pending.isEmpty() ? stagedOldest : pending.peekFirst().firstTimestamp;
            return new Stats(online, messagesSent, messagesAcknowledged, recordsDelivered, messagesResent,
                    messagesRefused, recordsRefused, inFlight, oldest);
        }
    }

    /**
     * Sends what the spool holds (partial messages too) and waits until all of it is acknowledged or the timeout
     * passes, then stops. Returns whether everything was delivered.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
            while (!(pending.isEmpty() && stagedCount == 0 && cursor.nextOffset() >= spool.stats().nextOffset())) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.min(left, 100));
            }
            return true;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                Pending next;
                synchronized (lock) {
                    if (stopped) {
                        return;
                    }
                    if (!online) {
                        lock.wait(500);
                        continue;
                    }
                    int inFlight = 0;
                    next = null;
                    for (Pending p : pending) {
                        if (p.state == State.SENT) {
                            inFlight++;
                        } else if (p.state == State.QUEUED && next == null) {
                            next = p;
                        }
                    }
                    if (inFlight >= window || (next == null && pending.size() >= window)) {
                        lock.wait(500);
                        continue;
                    }
                }
                if (next == null) {
                    next = nextMessage();
                    if (next == null) {
                        continue;
                    }
                    synchronized (lock) {
                        pending.addLast(next);
                        stagedCount = staged.size(); // the message's records now count as pending
                    }
                }
                send(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("the uplink stopped: {}", e.toString(), e);
        }
    }

    private void send(Pending p) throws InterruptedException {
        long e;
        synchronized (lock) {
            if (!online || p.state != State.QUEUED) {
                return;
            }
            if (p.sentBefore) {
                messagesResent++;
            }
            p.state = State.SENT;
            p.sentBefore = true;
            e = epoch;
            p.epoch = e;
            messagesSent++;
        }
        MqttLink.Sent result = link.publish(p.topic, p.payload, p.properties, new MqttLink.Delivery() {
            @Override
            public void acknowledged(int reasonCode) {
                onAcknowledged(p, reasonCode, null);
            }

            @Override
            public void acknowledged(int reasonCode, String reasonString) {
                onAcknowledged(p, reasonCode, reasonString);
            }

            @Override
            public void failed(Throwable cause) {
                onFailed(p, e, cause);
            }
        });
        if (result != MqttLink.Sent.SENT) {
            synchronized (lock) {
                messagesSent--;
                if (p.state == State.SENT && p.epoch == e) {
                    p.state = State.QUEUED;
                }
            }
            Thread.sleep(result == MqttLink.Sent.BUSY ? 20 : 200);
        }
    }

    private void onAcknowledged(Pending p, int reasonCode, String reasonString) {
        synchronized (lock) {
            if (p.state == State.DONE) {
                return; // a late acknowledgement of an earlier copy: the record is stored either way
            }
            p.state = State.DONE;
            if (ReasonCodes.isFailure(reasonCode)) {
                refused(p, reasonCode, reasonString);
            } else {
                messagesAcknowledged++;
            }
            advance();
            lock.notifyAll();
        }
    }

    private void onFailed(Pending p, long e, Throwable cause) {
        synchronized (lock) {
            if (p.state == State.SENT && p.epoch == e) {
                p.state = State.QUEUED;
                LOG.debug("message {}..{} not acknowledged ({}), will go again", p.first, p.last, cause.toString());
                lock.notifyAll();
            }
        }
    }

    /** Pops acknowledged messages off the head and tells the spool how far delivery has come. */
    private void advance() {
        long upTo = -1;
        while (!pending.isEmpty() && pending.peekFirst().state == State.DONE) {
            Pending done = pending.pollFirst();
            upTo = done.last;
            if (!done.refused) {
                recordsDelivered += done.records;
            }
        }
        if (upTo < 0) {
            return;
        }
        try {
            spool.acknowledge(upTo);
        } catch (IOException e) {
            LOG.error("cannot record delivery up to offset {} in the spool: {}", upTo, e.toString());
        }
        if (catchingUp && upTo >= catchUpTarget) {
            catchingUp = false;
            LOG.info("caught up: the {} records held in the spool are through ({} since reconnecting, {} refused "
                    + "so far)", catchUpHeld, human(Duration.ofNanos(System.nanoTime() - catchUpStartNanos)),
                    recordsRefused);
        }
    }

    /** From now on, the records held at this moment are the backlog; "caught up" when the last one is through. */
    private void startCatchUp(long held) {
        catchingUp = true;
        catchUpTarget = spool.stats().nextOffset() - 1;
        catchUpHeld = held;
        catchUpStartNanos = System.nanoTime();
    }

    private void refused(Pending p, int reasonCode, String reasonString) {
        p.refused = true;
        lastRefusal = ReasonCodes.describe(reasonCode) + (reasonString == null ? "" : " (" + printable(reasonString)
                + ")");
        messagesRefused++;
        recordsRefused += p.records;
        String kept = keepRefused(p, reasonCode);
        long now = System.nanoTime();
        if (lastRefusalLogNanos != 0 && now - lastRefusalLogNanos < REFUSAL_LOG_INTERVAL_NANOS) {
            refusalsNotLogged++;
            LOG.debug("refused: records {}..{} ({})", p.first, p.last, ReasonCodes.describe(reasonCode));
            return;
        }
        lastRefusalLogNanos = now;
        if (refusalsNotLogged > 0) {
            LOG.warn("{} more messages were refused since the last such line", refusalsNotLogged);
            refusalsNotLogged = 0;
        }
        LOG.warn("refused by {}: {} records of battery {} (spool offsets {}..{}) on {}: {}{}; not retried, the "
                        + "server would refuse them again{}", link.config().serverUri(), p.records, p.battery, p.first,
                p.last, p.topic, lastRefusal, hint(reasonCode),
                kept == null ? "" : "; payload kept in " + kept);
    }

    /** The server's words, without control characters (they go into the log). */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c != 0x7F ? c : '?');
        }
        return sb.toString();
    }

    /** The last refusal's reason code and the server's reason string, or null when nothing was refused. */
    public String lastRefusal() {
        synchronized (lock) {
            return lastRefusal;
        }
    }

    private String hint(int reasonCode) {
        return switch (reasonCode) {
            case 0x87 -> " (the broker's ACL or the registry does not let " + link.config().username()
                    + " publish this; check that the battery is registered to device " + settings.device() + ")";
            case 0x90 -> " (the server does not take this topic)";
            case 0x99 -> " (the server cannot read the payload format)";
            default -> "";
        };
    }

    private String keepRefused(Pending p, int reasonCode) {
        if (settings.refusedDir() == null || refusedDirBytes > REFUSED_DIR_LIMIT_BYTES) {
            return null;
        }
        String suffix = settings.format() == WireFormat.JSON || !p.topic.equals(telemetryTopic) ? ".json" : ".bin";
        Path file = settings.refusedDir().resolve(String.format(Locale.ROOT, "%020d-%020d-0x%02X%s", p.first, p.last,
                reasonCode, suffix));
        try {
            Files.createDirectories(settings.refusedDir());
            Files.write(file, p.payload);
            refusedDirBytes += p.payload.length;
            return file.toString();
        } catch (IOException e) {
            LOG.warn("cannot keep refused payload in {}: {}", file, e.toString());
            return null;
        }
    }

    /**
     * The next message to send, or null when none is ready yet (after waiting a little for records or for the
     * oldest staged record's delay to run out).
     */
    private Pending nextMessage() throws IOException, InterruptedException {
        int want = settings.maxRecordsPerMessage() * 2;
        if (staged.size() < want) {
            long now = System.nanoTime();
            // Under the lock: the cursor moves past records and they count as staged in one step, so a drain never
            // sees the cursor at the spool's end while the records it read are not yet counted.
            synchronized (lock) {
                for (SpoolRecord r : cursor.read(want - staged.size(), 4L * settings.maxMessageBytes())) {
                    staged.addLast(new Staged(r, now));
                }
                noteStaged();
            }
        }
        if (staged.isEmpty()) {
            spool.awaitRecord(cursor.nextOffset(), 200);
            return null;
        }
        Staged head = staged.peekFirst();
        SpoolRecord first = head.record();
        if (!isTelemetry(first.kind())) {
            staged.pollFirst();
            noteStaged(1);
            // Evidence and events are spooled already encoded (HealthEvidence JSON): one per message, as they are.
            return new Pending(first.offset(), first.offset(), 1, first.key(), Topics.evidence(settings.device()),
                    first.payload(), jsonProperties(), first.timestamp());
        }
        int count = 0;
        boolean boundary = false;
        for (Staged s : staged) {
            SpoolRecord r = s.record();
            if (!isTelemetry(r.kind()) || !r.key().equals(first.key())) {
                boundary = true;
                break;
            }
            if (++count == settings.maxRecordsPerMessage()) {
                break;
            }
        }
        boolean full = count == settings.maxRecordsPerMessage() || boundary;
        boolean draining;
        synchronized (lock) {
            draining = closing;
        }
        if (!full && !draining) {
            long waited = System.nanoTime() - head.seenNanos();
            long left = settings.maxDelay().toNanos() - waited;
            if (left > 0) {
                spool.awaitRecord(cursor.nextOffset(), Math.max(1, Math.min(left / 1_000_000, 200)));
                return null;
            }
        }
        return build(count);
    }

    /** Builds a message from the first {@code count} staged records, halving it while the payload is too large. */
    private Pending build(int count) {
        while (true) {
            List<PackSample> samples = new ArrayList<>();
            List<CellSnapshot> cells = new ArrayList<>();
            Iterator<Staged> it = staged.iterator();
            SpoolRecord first = null;
            SpoolRecord last = null;
            for (int i = 0; i < count; i++) {
                SpoolRecord r = it.next().record();
                if (first == null) {
                    first = r;
                }
                last = r;
                if (r.kind() == RecordKind.PACK_SAMPLE) {
                    samples.add(SpoolPayloads.decodeSample(r.payload()));
                } else {
                    cells.add(SpoolPayloads.decodeSnapshot(r.payload()));
                }
            }
            byte[] payload = WireCodec.encode(new PackTelemetry(settings.device(), first.key(), first.offset(),
                    samples, cells), settings.format());
            if (payload.length > settings.maxMessageBytes() && count > 1) {
                count = Math.max(1, count / 2);
                continue;
            }
            for (int i = 0; i < count; i++) {
                staged.pollFirst();
            }
            noteStaged(count);
            return new Pending(first.offset(), last.offset(), count, first.key(), telemetryTopic, payload,
                    settings.format() == WireFormat.JSON ? jsonProperties() : null, first.timestamp());
        }
    }

    private void noteStaged() {
        noteStaged(0);
    }

    /**
     * @param inHand records taken off the staged queue for a message not yet pending: they still count, so a drain
     *               never sees "nothing left" between the two
     */
    private void noteStaged(int inHand) {
        stagedOldest = staged.isEmpty() ? Long.MIN_VALUE : staged.peekFirst().record().timestamp();
        stagedCount = staged.size() + inHand;
    }

    private static MqttProperties jsonProperties() {
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(true);
        return p;
    }

    private static boolean isTelemetry(RecordKind kind) {
        return kind == RecordKind.PACK_SAMPLE || kind == RecordKind.CELL_SNAPSHOT;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
