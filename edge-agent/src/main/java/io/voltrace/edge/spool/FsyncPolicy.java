package io.voltrace.edge.spool;

import java.time.Duration;

/**
 * When appended records are forced to the storage device. A killed process loses nothing under any policy (the
 * kernel holds written data); the policy decides what a power cut may take: nothing ({@code ALWAYS}), up to the
 * interval ({@code INTERVAL}), or whatever the kernel had not yet written back ({@code NEVER}, typically 30 s).
 *
 * @param mode     when to force
 * @param interval for {@code INTERVAL}: the longest a record waits to be forced
 */
public record FsyncPolicy(Mode mode, Duration interval) {

    public enum Mode { ALWAYS, INTERVAL, NEVER }

    public FsyncPolicy {
        if (mode == Mode.INTERVAL && (interval == null || interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("fsync interval must be positive, was " + interval);
        }
    }

    public static FsyncPolicy always() {
        return new FsyncPolicy(Mode.ALWAYS, null);
    }

    public static FsyncPolicy every(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    public static FsyncPolicy never() {
        return new FsyncPolicy(Mode.NEVER, null);
    }

    /** Parses {@code always}, {@code never}, or an interval such as {@code 1000ms} or {@code 5s}. */
    public static FsyncPolicy parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("always")) {
            return always();
        }
        if (t.equals("never")) {
            return never();
        }
        try {
            if (t.endsWith("ms")) {
                return every(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip())));
            }
            if (t.endsWith("s")) {
                return every(Duration.ofMillis(Math.round(
                        Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000)));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("'" + text + "' is not an fsync policy: use always, never, or an "
                + "interval such as 1000ms or 5s");
    }

    @Override
    public String toString() {
        return mode == Mode.INTERVAL ? "every " + interval.toMillis() + " ms" : mode.name().toLowerCase();
    }
}
