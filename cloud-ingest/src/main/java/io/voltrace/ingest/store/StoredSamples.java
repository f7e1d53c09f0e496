package io.voltrace.ingest.store;

import io.voltrace.common.wire.PackSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the ingest's own parts read back of the time-series store (the reducer, the first-write-wins guard). A seam so
 * that a test can decide when a write becomes visible, which the real store (WAL applied asynchronously) does on its
 * own time. {@link TelemetryReader} is the real one.
 */
public interface StoredSamples {
    /** Waits until every write committed before the call is visible to reads; false on timeout. */
    boolean awaitCommittedSoFar(Duration timeout);

    /** A battery's samples with {@code from <= ts < to}, oldest first, at most {@code limit}. */
    List<PackSample> samples(String battery, Instant from, Instant to, int limit);

    /** A battery's stored samples with a time at or before {@code throughMillis}. */
    long countThrough(String battery, long throughMillis);

    /** The battery's latest stored sample time (epoch ms), or empty. */
    OptionalLong latestMillis(String battery);
}
