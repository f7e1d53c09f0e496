package io.voltrace.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of long work, on standard error so that standard output stays a clean result for scripts.
 *
 * <p>On a terminal it redraws one bar in place a few times a second; piped or logged, it writes a plain line at most
 * every {@code lineEvery} (10 s by default) so CI logs show the work moving without flooding. Nothing is shown before
 * the first interval has passed, so quick runs stay silent, and {@link #close()} draws the final state only when
 * something was drawn before. {@code --quiet} style callers pass {@link #silent()} (see {@link ProgressOptions}).
 * Thread-safe: workers call {@link #advance}, anyone may call {@link #set}.
 */
public final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int BAR_WIDTH = 28;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final String unit;
    private final boolean terminal;
    private final long lineEveryNanos;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private long lastDrawn;
    /** The count the last line showed, -1 before any: a final line that would say nothing new is not written again. */
    private long drawnValue = -1;
    private boolean closed;

    private Progress(PrintStream out, String label, long total, String unit, boolean terminal, long lineEveryNanos) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
        this.lineEveryNanos = lineEveryNanos;
        this.lastDrawn = started;
    }

    /**
     * Starts a progress display on standard error.
     *
     * @param total the amount of work, or 0 when it is not known in advance (then only a count and a rate are shown)
     * @param unit  what is counted, plural ("frames", "packs", "cycles")
     */
    public static Progress start(String label, long total, String unit) {
        return new Progress(System.err, label, total, unit, stderrIsTerminal(), 10_000_000_000L);
    }

    /**
     * Whether standard error is a terminal. On Linux its file descriptor says so even when standard output is piped
     * ({@code voltrace can decode ... > frames.jsonl} still shows a bar); elsewhere a console means a terminal.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /**
     * A progress display to a given stream, drawn as plain lines (tests, logs): the first once {@code lineEveryMillis}
     * have passed since the start, then at most one per interval; 0 draws on every change.
     */
    public static Progress lines(PrintStream out, String label, long total, String unit, long lineEveryMillis) {
        return new Progress(out, label, total, unit, false, lineEveryMillis * 1_000_000L);
    }

    /** A progress that shows nothing (for {@code --quiet} and for machine output on standard error). */
    public static Progress silent() {
        return new Progress(null, "", 0, "", false, Long.MAX_VALUE);
    }

    /**
     * Prints a message on standard error (or the lines' stream) without garbling the bar: on a terminal the bar is
     * cleared, the message printed, and the bar drawn again below it. A silent progress still prints messages, to
     * standard error: they are news of the work (a restart, a skipped file), not progress.
     */
    public void note(String message) {
        PrintStream to = out == null ? System.err : out;
        synchronized (this) {
            if (terminal && drawn() && !closed) {
                to.print("\r\u001b[K" + message + "\n");
                draw(System.nanoTime(), false);
            } else {
                to.println(message);
            }
            to.flush();
        }
    }

    public void advance(long amount) {
        done.addAndGet(amount);
        maybeDraw();
    }

    public void set(long value) {
        done.set(value);
        maybeDraw();
    }

    public long done() {
        return done.get();
    }

    private void maybeDraw() {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        long every = terminal ? REDRAW_NANOS : lineEveryNanos;
        synchronized (this) {
            if (closed || now - lastDrawn < every) {
                return;
            }
            lastDrawn = now;
            draw(now, false);
        }
    }

    private void draw(long now, boolean last) {
        long value = done.get();
        drawnValue = value;
        double seconds = (now - started) / 1e9;
        StringBuilder line = new StringBuilder(96);
        line.append(label).append(' ');
        if (total > 0) {
            double fraction = Math.min(1.0, value / (double) total);
            if (terminal) {
                int filled = (int) Math.round(fraction * BAR_WIDTH);
                line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
            }
            line.append(String.format(Locale.ROOT, "%3.0f%% %,d/%,d %s", 100 * fraction, value, total, unit));
        } else {
            line.append(String.format(Locale.ROOT, "%,d %s", value, unit));
        }
        line.append(String.format(Locale.ROOT, " · %s", duration(seconds)));
        if (!last && total > 0 && value > 0 && value < total) {
            line.append(" · ").append(duration(seconds * (total - value) / value)).append(" left");
        } else if (seconds > 0.5 && value > 0) {
            line.append(String.format(Locale.ROOT, " · %,.0f %s/s", value / seconds, unit));
        }
        if (terminal) {
            out.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    private boolean drawn() {
        return drawnValue >= 0;
    }

    /** Draws the final state once (a finished bar, or the last line), if anything was drawn before. */
    @Override
    public void close() {
        if (out == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            // A last line is worth writing unless the line before already showed the same finished count.
            boolean finishedShown = done.get() == drawnValue && (total <= 0 || drawnValue >= total);
            if (drawn() && (terminal || !finishedShown)) {
                draw(System.nanoTime(), true);
            }
        }
    }
}
