package io.voltrace.edge.diag;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSink;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a vehicle's ECUs over ISO-TP as its {@link PollDefinition} lists: one request at a time, each at the interval
 * its definition gives for the current {@link VehicleState}; waits for the response up to the request's timeout
 * (extended while the ECU answers 0x78 "response pending"); stops asking for a PID the ECU refuses as not supported
 * ({@value #REFUSALS_TO_DISABLE} times in a row); keeps its own frames under a bus-load limit; and falls silent while
 * another tester works on the bus (a request on a module's id that is not ours, a functional 0x7DF request, a
 * response nobody here asked for), so the agent never talks across a workshop tool.
 *
 * <p>Time comes from the caller ({@link #tick}, {@link #accept}), in microseconds, so the same code runs on a live
 * bus and in a test with a simulated ECU. Not thread-safe: call from one thread.
 */
public final class DiagPoller {
    private static final Logger LOG = LoggerFactory.getLogger(DiagPoller.class);
    static final int REFUSALS_TO_DISABLE = 3;
    private static final int OBD_FUNCTIONAL_ID = 0x7DF;
    private static final int RESPONSE_PENDING = 0x78;
    private static final int BUSY_REPEAT = 0x21;

    /**
     * @param maxFramesPerSecond the most frames the poller sends in any second (requests and flow control)
     * @param quietSeconds       how long to stay silent after another tester was last seen
     * @param pendingSeconds     P2*: how long to wait after a 0x78 "response pending"
     */
    public record Settings(int maxFramesPerSecond, double quietSeconds, double pendingSeconds) {
        public static final Settings DEFAULT = new Settings(20, 5, 5);

        public Settings {
            if (maxFramesPerSecond < 2) {
                throw new IllegalArgumentException("diag.maxFramesPerSecond must be at least 2 (a request and its "
                        + "flow control), found " + maxFramesPerSecond);
            }
            if (quietSeconds < 0 || pendingSeconds <= 0) {
                throw new IllegalArgumentException("diag.quietSeconds >= 0 and diag.pendingSeconds > 0 expected");
            }
        }
    }

    /** What the poller has done. */
    public record Stats(long requests, long responses, long timeouts, long negatives, long pending, long errors,
                        long framesSent, long deferredForLoad, long otherTesterSeen, int disabled) {
    }

    private final PollDefinition definition;
    private final CanFrameSink bus;
    private final Settings settings;
    private final Consumer<DiagResponse> out;
    private final DiagDecoder decoder;
    private final Map<PollRequest, Long> nextDue = new HashMap<>();
    private final Map<PollRequest, Integer> refusals = new HashMap<>();
    private final ArrayDeque<Long> sentTimes = new ArrayDeque<>();
    private VehicleState state = VehicleState.PARKED;
    private long now = -1;

    private PollRequest awaiting;
    private long sentAt;
    private long deadline;
    private long quietUntil = Long.MIN_VALUE;

    private long requests;
    private long responses;
    private long timeouts;
    private long negatives;
    private long pending;
    private long errors;
    private long framesSent;
    private long deferredForLoad;
    private long otherTesterSeen;

    // UDS sessions (a module whose definition names one, e.g. 0x03 extended): opened with 0x10 before its polls and
    // kept with tester present (0x3E 0x80, no answer wanted) well inside the ECU's S3 timeout.
    /** ISO 14229-2 S3server: an ECU falls back to the default session after 5 s without a request. */
    static final long S3_MICROS = 5_000_000;
    /** Tester present this often, well inside S3. */
    static final long TESTER_PRESENT_MICROS = 2_000_000;
    /** After an ECU refuses a session, its polls go in the default session and the session is asked again after this. */
    static final long SESSION_RETRY_MICROS = 60_000_000;
    private final Map<PollModule, Long> sessionUntil = new HashMap<>();
    private final Map<PollModule, Long> testerPresentDue = new HashMap<>();
    private final Map<PollModule, Long> sessionRetryAt = new HashMap<>();
    private PollModule sessionAwaiting;
    private long sessionDeadline;
    private long sessionsOpened;
    private long testerPresents;

    public DiagPoller(PollDefinition definition, CanFrameSink bus, Settings settings, Consumer<DiagResponse> out) {
        this.definition = definition;
        this.bus = bus;
        this.settings = settings;
        this.out = out;
        this.decoder = new DiagDecoder(definition, this::send, new DiagDecoder.Listener() {
            @Override
            public void response(DiagResponse r) {
                onResponse(r);
            }

            @Override
            public void negative(long t, PollModule module, int service, int code) {
                onNegative(module, service, code);
            }

            @Override
            public void other(long t, PollModule module, byte[] payload) {
                if (module == sessionAwaiting && payload.length >= 2 && (payload[0] & 0xFF) == 0x50
                        && (payload[1] & 0x7F) == module.session()) {
                    sessionOpened(module);
                    return;
                }
                if (awaiting != null && awaiting.module() == module) {
                    LOG.debug("{} answered {} bytes that match no request", module.name(), payload.length);
                }
            }

            @Override
            public void error(long t, PollModule module, String reason) {
                errors++;
                LOG.debug("ISO-TP from {} ({}): {}", module.name(), module.response(), reason);
            }
        });
    }

    /** Sets the vehicle state that picks the intervals. */
    public void state(VehicleState s) {
        this.state = s;
    }

    public VehicleState state() {
        return state;
    }

    /** Every frame seen on the bus (including responses), at {@code nowMicros}. */
    public void accept(long nowMicros, CanFrame f) {
        now = nowMicros;
        if (isOtherTester(f)) {
            otherTesterSeen++;
            if (nowMicros >= quietUntil) {
                LOG.info("another tester is active on the bus (frame 0x{}); polling pauses for {} s",
                        Integer.toHexString(f.id()).toUpperCase(java.util.Locale.ROOT), settings.quietSeconds());
            }
            quietUntil = nowMicros + (long) (settings.quietSeconds() * 1e6);
            if (awaiting != null) {
                awaiting = null; // its response may be the other tester's; it is asked again later
            }
            return;
        }
        decoder.accept(f);
    }

    private boolean isOtherTester(CanFrame f) {
        if (!f.extended() && f.id() == OBD_FUNCTIONAL_ID) {
            return true;
        }
        for (PollModule m : definition.modules()) {
            if (m.request().matches(f)) {
                return true; // we never receive our own frames
            }
            if (m.response().matches(f) && (awaiting == null || awaiting.module() != m) && sessionAwaiting != m) {
                int p = m.response().pciOffset();
                boolean flowControl = f.length() > p && (f.data()[p] & 0xF0) == 0x30;
                if (!flowControl) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Advances time: times out a request, sends the next one that is due. */
    public void tick(long nowMicros) {
        now = nowMicros;
        decoder.expire(nowMicros);
        if (awaiting != null) {
            if (nowMicros <= deadline) {
                return;
            }
            timeouts++;
            LOG.debug("{}: no response within {} s", awaiting, (deadline - sentAt) / 1e6);
            schedule(awaiting, sentAt);
            awaiting = null;
        }
        if (sessionAwaiting != null) {
            if (nowMicros <= sessionDeadline) {
                return;
            }
            timeouts++;
            LOG.debug("{}: no answer to opening session 0x{} within the timeout", sessionAwaiting.name(),
                    Integer.toHexString(sessionAwaiting.session()));
            sessionRetryAt.put(sessionAwaiting, nowMicros + 1_000_000);
            sessionAwaiting = null;
        }
        if (nowMicros < quietUntil) {
            return;
        }
        keepSessions(nowMicros);
        PollRequest next = null;
        long nextAt = Long.MAX_VALUE;
        for (PollRequest r : definition.requests()) {
            if (r.interval(state) <= 0 || refusals.getOrDefault(r, 0) >= REFUSALS_TO_DISABLE) {
                continue;
            }
            long due = nextDue.getOrDefault(r, Long.MIN_VALUE);
            if (due <= nowMicros && due < nextAt) {
                next = r;
                nextAt = due;
            }
        }
        if (next == null) {
            return;
        }
        if (!loadAllows(nowMicros, 2)) {
            deferredForLoad++;
            return;
        }
        PollModule module = next.module();
        if (needsSession(module, nowMicros)) {
            openSession(module, next.timeoutSeconds(), nowMicros);
            return;
        }
        if (module.session() != 0 && sessionUntil.getOrDefault(module, Long.MIN_VALUE) > nowMicros) {
            sessionUntil.put(module, nowMicros + S3_MICROS); // any request restarts the ECU's S3 timer
        }
        requests++;
        awaiting = next;
        sentAt = nowMicros;
        deadline = nowMicros + (long) (next.timeoutSeconds() * 1e6);
        byte[] payload = next.requestPayload();
        byte[] d = new byte[8];
        java.util.Arrays.fill(d, (byte) 0xAA);
        IsoTpAddress a = next.module().request();
        int p = a.pciOffset();
        if (p == 1) {
            d[0] = (byte) a.addressByte();
        }
        d[p] = (byte) payload.length;
        System.arraycopy(payload, 0, d, p + 1, payload.length);
        send(new CanFrame(CanFrame.NO_TIMESTAMP, a.id(), a.extendedId(), false, d, 8));
    }

    /** The module's session must be opened first: it needs one, it is not open, and it was not refused lately. */
    private boolean needsSession(PollModule m, long nowMicros) {
        return m.session() != 0 && sessionUntil.getOrDefault(m, Long.MIN_VALUE) <= nowMicros
                && sessionRetryAt.getOrDefault(m, Long.MIN_VALUE) <= nowMicros;
    }

    private void openSession(PollModule m, double timeoutSeconds, long nowMicros) {
        sessionAwaiting = m;
        sessionDeadline = nowMicros + (long) (timeoutSeconds * 1e6);
        sendSingle(m, new byte[] {0x10, (byte) m.session()});
    }

    private void sessionOpened(PollModule m) {
        sessionAwaiting = null;
        sessionsOpened++;
        sessionUntil.put(m, now + S3_MICROS);
        testerPresentDue.put(m, now + TESTER_PRESENT_MICROS);
        LOG.debug("{}: session 0x{} open", m.name(), Integer.toHexString(m.session()));
    }

    /** Tester present to every module whose session is open, before the ECU's S3 timeout closes it. */
    private void keepSessions(long nowMicros) {
        for (Map.Entry<PollModule, Long> e : sessionUntil.entrySet()) {
            PollModule m = e.getKey();
            if (e.getValue() <= nowMicros || testerPresentDue.getOrDefault(m, Long.MAX_VALUE) > nowMicros
                    || !loadAllows(nowMicros, 1)) {
                continue;
            }
            testerPresents++;
            sendSingle(m, new byte[] {0x3E, (byte) 0x80}); // 0x80: suppress the positive answer
            e.setValue(nowMicros + S3_MICROS);
            testerPresentDue.put(m, nowMicros + TESTER_PRESENT_MICROS);
        }
    }

    /** One single-frame request (payload of at most 6 bytes) to a module. */
    private void sendSingle(PollModule m, byte[] payload) {
        byte[] d = new byte[8];
        java.util.Arrays.fill(d, (byte) 0xAA);
        IsoTpAddress a = m.request();
        int p = a.pciOffset();
        if (p == 1) {
            d[0] = (byte) a.addressByte();
        }
        d[p] = (byte) payload.length;
        System.arraycopy(payload, 0, d, p + 1, payload.length);
        send(new CanFrame(CanFrame.NO_TIMESTAMP, a.id(), a.extendedId(), false, d, 8));
    }

    /** Sessions opened so far (the first, and each again after the ECU dropped one). */
    public long sessionsOpened() {
        return sessionsOpened;
    }

    /** Tester-present messages sent so far. */
    public long testerPresents() {
        return testerPresents;
    }

    private boolean loadAllows(long nowMicros, int frames) {
        while (!sentTimes.isEmpty() && sentTimes.peekFirst() <= nowMicros - 1_000_000) {
            sentTimes.pollFirst();
        }
        return sentTimes.size() + frames <= settings.maxFramesPerSecond();
    }

    private void send(CanFrame f) {
        sentTimes.addLast(now);
        framesSent++;
        try {
            bus.send(f);
        } catch (IOException e) {
            errors++;
            LOG.warn("cannot send a diagnostic frame: {}", e.getMessage());
        }
    }

    private void onResponse(DiagResponse r) {
        if (awaiting == null || r.request() != awaiting) {
            return; // late or someone else's
        }
        responses++;
        refusals.remove(awaiting);
        schedule(awaiting, sentAt);
        awaiting = null;
        out.accept(new DiagResponse(now, r.request(), r.bytes(), r.values(), r.bms()));
    }

    private void onNegative(PollModule module, int service, int code) {
        if (service == 0x10 && module == sessionAwaiting) {
            if (code == RESPONSE_PENDING) {
                sessionDeadline = now + (long) (settings.pendingSeconds() * 1e6);
                return;
            }
            negatives++;
            sessionAwaiting = null;
            sessionRetryAt.put(module, now + SESSION_RETRY_MICROS);
            LOG.warn("{} refused diagnostic session 0x{} ({}); its polls go in the default session, the session is "
                    + "asked again in {} s", module.name(), Integer.toHexString(module.session()),
                    NegativeResponse.describe(code), SESSION_RETRY_MICROS / 1_000_000);
            return;
        }
        if (awaiting == null || awaiting.module() != module || service != awaiting.service()) {
            return;
        }
        if ((code == 0x7E || code == 0x7F) && module.session() != 0) {
            // Not supported in the active session: the ECU fell back to the default one. Open it again, ask again.
            negatives++;
            PollRequest r = awaiting;
            awaiting = null;
            sessionUntil.remove(module);
            sessionRetryAt.remove(module);
            nextDue.put(r, now);
            return;
        }
        if (code == RESPONSE_PENDING) {
            pending++;
            deadline = now + (long) (settings.pendingSeconds() * 1e6);
            return;
        }
        negatives++;
        PollRequest r = awaiting;
        awaiting = null;
        if (code == BUSY_REPEAT) {
            nextDue.put(r, now + 1_000_000);
            return;
        }
        if (code == 0x11 || code == 0x12 || code == 0x31) { // not supported, sub-function not supported, out of range
            int n = refusals.merge(r, 1, Integer::sum);
            if (n == REFUSALS_TO_DISABLE) {
                LOG.warn("{} refused {} ({}) {} times in a row; no longer polled", module.name(), r,
                        NegativeResponse.describe(code), n);
            }
        }
        schedule(r, sentAt);
    }

    private void schedule(PollRequest r, long from) {
        double interval = r.interval(state);
        nextDue.put(r, from + (long) (Math.max(interval, 0.001) * 1e6));
    }

    public Stats stats() {
        int disabled = 0;
        for (int n : refusals.values()) {
            if (n >= REFUSALS_TO_DISABLE) {
                disabled++;
            }
        }
        return new Stats(requests, responses, timeouts, negatives, pending, errors, framesSent, deferredForLoad,
                otherTesterSeen, disabled);
    }

    /** The requests no longer polled because the ECU refused them. */
    public List<PollRequest> disabled() {
        return refusals.entrySet().stream().filter(e -> e.getValue() >= REFUSALS_TO_DISABLE).map(Map.Entry::getKey)
                .toList();
    }

    /** Whether the poller is silent because another tester is active. */
    public boolean quiet() {
        return now < quietUntil;
    }
}
