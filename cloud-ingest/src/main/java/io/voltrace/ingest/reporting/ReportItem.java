package io.voltrace.ingest.reporting;

import io.voltrace.ingest.ledger.EventType;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One event a regulator must receive, with its deadline.
 *
 * @param battery     code
 * @param seq         sequence number in the battery's chain
 * @param eventType   what happened
 * @param occurredAt  when
 * @param actorOrg    who recorded it (and must report it)
 * @param custodianOrg who held the battery after it
 * @param rule        the duty (id)
 * @param dueDate     last day (local date in the reporting zone) to submit it
 * @param submittedAt when it was submitted, or null
 * @param reference   the regulator's reference for the submission, or null
 * @param status      against the deadline
 * @param hash        the event's chain hash: lets the regulator check later exports against this one
 */
public record ReportItem(String battery, long seq, EventType eventType, Instant occurredAt, String actorOrg,
                         String custodianOrg, String rule, LocalDate dueDate, Instant submittedAt, String reference,
                         ReportStatus status, String hash) {
}
