package io.voltrace.edge.agent;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSource;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands on a recorded or simulated source's frames the way a bus would: at the recorded timing (or a multiple of
 * it), at a fixed frame rate, or as fast as they come; optionally restamped, and optionally starting over at the end.
 *
 * <p>Restamping moves a log's time (which may count from the logger's boot) to now. At the recorded pace and at a
 * fixed frame rate each frame gets the wall clock on delivery, as on a live bus. Faster than recorded (max, 10x) the
 * wall clock would squeeze minutes of recording into a second of stamps, and the samples taken every second of frame
 * time with them; so there the recorded spacing is kept and the whole pass is shifted to end at the moment it began
 * (one extra read of the log finds its span): every stamp lies in the past, in order. A looping pass continues
 * after the previous one.
 */
final class PacedSource implements CanFrameSource, io.voltrace.edge.can.BusTagged {

    /** Opens the underlying source again, for looping. */
    @FunctionalInterface
    interface Opener {
        CanFrameSource open() throws IOException;
    }

    /** Sleeping for less than this costs more than it saves; the pacing catches up on the next frames. */
    private static final long MIN_SLEEP_NANOS = 2_000_000;

    private final Opener opener;
    private final AgentConfig.Pace pace;
    private final boolean restamp;
    private final boolean loop;
    private CanFrameSource source;
    private long startNanos = -1;
    private long firstMicros = -1;
    private long delivered;
    private long lastStampMicros;
    private long loops;
    /** Restamp by shifting recorded time (fast paces) rather than with the wall clock. */
    private final boolean shiftRecorded;
    private long shiftMicros;
    private boolean shiftSet;
    private volatile boolean closed;

    PacedSource(Opener opener, AgentConfig.Pace pace, boolean restamp, boolean loop) throws IOException {
        this.opener = opener;
        this.pace = pace;
        this.restamp = restamp;
        this.loop = loop;
        this.shiftRecorded = restamp && (pace.unpaced() || (pace.framesPerSecond() == 0 && pace.speed() != 1));
        this.source = opener.open();
    }

    /** First and last timestamp of a pass, read ahead; null when the source has no times. */
    private long[] span() throws IOException {
        long first = -1;
        long last = -1;
        try (CanFrameSource s = opener.open()) {
            CanFrame f;
            while ((f = s.next()) != null) {
                if (f.timestampMicros() >= 0) {
                    if (first < 0) {
                        first = f.timestampMicros();
                    }
                    last = Math.max(last, f.timestampMicros());
                }
            }
        }
        return first < 0 ? null : new long[] {first, last};
    }

    @Override
    public CanFrame next() throws IOException {
        CanFrame f = source.next();
        if (f == null && loop && !closed) {
            source.close();
            source = opener.open();
            loops++;
            firstMicros = -1;
            shiftSet = false;
            f = source.next();
            if (f == null) {
                return null; // an empty source would loop forever
            }
        }
        if (f == null) {
            return null;
        }
        pace(f);
        delivered++;
        if (!restamp) {
            return f;
        }
        java.time.Instant t = java.time.Instant.now();
        long now = t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        if (shiftRecorded && f.timestampMicros() >= 0) {
            if (!shiftSet) {
                shiftSet = true;
                if (loops == 0) {
                    long[] span = span();
                    shiftMicros = span == null ? 0 : now - span[1];
                } else {
                    shiftMicros = lastStampMicros + 1000 - f.timestampMicros();
                }
            }
            now = f.timestampMicros() + shiftMicros;
        }
        lastStampMicros = Math.max(lastStampMicros + 1, now);
        return new CanFrame(lastStampMicros, f.id(), f.extended(), f.fd(), f.data(), f.length());
    }

    private void pace(CanFrame f) {
        if (pace.unpaced()) {
            return;
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        long dueNanos;
        if (pace.framesPerSecond() > 0) {
            dueNanos = startNanos + (long) (delivered * 1e9 / pace.framesPerSecond());
        } else {
            if (f.timestampMicros() < 0) {
                return;
            }
            if (firstMicros < 0) {
                // A new pass (or the first): recorded time restarts from here.
                firstMicros = f.timestampMicros();
                startNanos = now;
            }
            dueNanos = startNanos + (long) ((f.timestampMicros() - firstMicros) * 1000 / pace.speed());
        }
        long ahead = dueNanos - now;
        if (ahead > MIN_SLEEP_NANOS) {
            LockSupport.parkNanos(ahead);
        }
    }

    /** One frame in, one out: the bus is the underlying source's. */
    @Override
    public int bus() {
        return io.voltrace.edge.can.BusTagged.of(source);
    }

    long loops() {
        return loops;
    }

    @Override
    public String describe() {
        return source.describe() + " (pace " + pace + (restamp ? ", live timestamps" : "") + (loop ? ", looping" : "")
                + ")";
    }

    @Override
    public void close() throws IOException {
        closed = true;
        source.close();
    }
}
