package io.voltrace.ingest.deadletter;

import java.time.Instant;

/**
 * Letters removed to keep the dead-letter quotas, since the table was created (all replicas together).
 *
 * @param letters       how many
 * @param bytes         their stored size
 * @param lastEvictedAt when the latest went, or null when none has
 */
public record DeadLetterEvictions(long letters, long bytes, Instant lastEvictedAt) {
    public static final DeadLetterEvictions NONE = new DeadLetterEvictions(0, 0, null);
}
