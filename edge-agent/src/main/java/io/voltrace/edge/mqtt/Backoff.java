package io.voltrace.edge.mqtt;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter between reconnection attempts: the ceiling doubles from {@code min} up to
 * {@code max}, and each delay is drawn uniformly from the upper half of the ceiling ("equal jitter"), so a fleet that
 * lost its broker at the same moment does not come back in lock step, yet no device waits less than half the ceiling.
 */
public final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration min, Duration max, RandomGenerator random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < min <= max, was " + min + " .. " + max);
        }
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call without a {@link #reset()} doubles the ceiling. */
    public Duration next() {
        long ceiling = ceilingMillis();
        attempt = Math.min(attempt + 1, 62);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (ceiling - half == 0 ? 0 : random.nextLong(ceiling - half + 1)));
    }

    /** The current ceiling: {@code min * 2^attempts}, at most {@code max}. */
    public long ceilingMillis() {
        long c = minMillis;
        for (int i = 0; i < attempt && c < maxMillis; i++) {
            c *= 2;
        }
        return Math.min(c, maxMillis);
    }

    /** After a successful connection: the next failure starts from {@code min} again. */
    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
