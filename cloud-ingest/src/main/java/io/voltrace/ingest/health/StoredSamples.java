package io.voltrace.ingest.health;

import io.voltrace.common.wire.PackSample;
import io.voltrace.ingest.store.TelemetryReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the reducer reads of the time-series store: the three queries a pass needs. A seam so that a test can decide
 * when a write becomes visible, which the real store (WAL applied asynchronously) does on its own time.
 */
interface StoredSamples {
    /** Waits until every write committed before the call is visible to reads; false on timeout. */
    boolean awaitCommittedSoFar(Duration timeout);

    /** A battery's samples with {@code from <= ts < to}, oldest first, at most {@code limit}. */
    List<PackSample> samples(String battery, Instant from, Instant to, int limit);

    /** A battery's stored samples with a time at or before {@code throughMillis}. */
    long countThrough(String battery, long throughMillis);

    static StoredSamples of(TelemetryReader reader) {
        return new StoredSamples() {
            @Override
            public boolean awaitCommittedSoFar(Duration timeout) {
                return reader.awaitCommittedSoFar(timeout);
            }

            @Override
            public List<PackSample> samples(String battery, Instant from, Instant to, int limit) {
                return reader.samples(battery, from, to, limit);
            }

            @Override
            public long countThrough(String battery, long throughMillis) {
                return reader.countThrough(battery, throughMillis);
            }
        };
    }
}
