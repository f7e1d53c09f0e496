package io.voltrace.ingest.ledger;

import java.time.Instant;

/**
 * A battery's state after replaying its chain.
 *
 * @param status          where it is
 * @param custodian       who holds it, or null before production
 * @param vehicle         the opaque vehicle reference it is installed in, or null
 * @param pendingTo       receiver of a transfer offered and not yet accepted or cancelled, or null
 * @param lastSeq         sequence number of the last event, 0 when none
 * @param lastOccurredAt  when the last event happened, or null
 * @param statusSince     sequence number of the event that set the status
 */
public record BatteryState(Status status, String custodian, String vehicle, String pendingTo, long lastSeq,
                           Instant lastOccurredAt, long statusSince) {
    public static final BatteryState INITIAL = new BatteryState(Status.UNKNOWN, null, null, null, 0, null, 0);
}
