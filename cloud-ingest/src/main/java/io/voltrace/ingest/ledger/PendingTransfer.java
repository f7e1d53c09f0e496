package io.voltrace.ingest.ledger;

import java.time.Instant;

/**
 * A custody transfer the custodian offered and the receiver has not yet accepted (or either cancelled).
 *
 * @param battery     code
 * @param from        the custodian offering it
 * @param to          the receiver
 * @param seq         sequence number of the transfer_initiated event
 * @param initiatedAt when it was offered
 */
public record PendingTransfer(String battery, String from, String to, long seq, Instant initiatedAt) {
}
