package io.voltrace.ingest.ledger;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded lifecycle event, as stored.
 *
 * @param battery      the GB/T 34014 code whose chain this is
 * @param seq          1, 2, 3... without gaps
 * @param type         what happened
 * @param occurredAt   when it happened (microseconds)
 * @param recordedAt   when it was recorded (microseconds)
 * @param actorOrg     the organisation that recorded it
 * @param custodianOrg who holds the battery after the event
 * @param details      type-specific fields, sorted by key (e.g. vehicle, to, newCode, grade); never a VIN
 * @param prevHash     the previous event's hash, or 64 zeros for the first
 * @param hash         SHA-256 of the canonical encoding (see {@link Canonical})
 */
public record LedgerEvent(String battery, long seq, EventType type, Instant occurredAt, Instant recordedAt,
                          String actorOrg, String custodianOrg, Map<String, String> details, String prevHash,
                          String hash) {
    public static final String GENESIS = "0".repeat(64);

    public String detail(String key) {
        return details.get(key);
    }
}
