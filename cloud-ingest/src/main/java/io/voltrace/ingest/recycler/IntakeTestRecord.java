package io.voltrace.ingest.recycler;

import com.fasterxml.jackson.databind.JsonNode;
import io.voltrace.analytics.grading.IntakeEvidence;
import io.voltrace.ingest.ledger.LedgerEvent;
import java.time.Instant;

/**
 * A recorded intake test or triage: its ledger event's figures, and the full report they came from.
 *
 * @param battery      code
 * @param seq          the intake_test event's sequence number in the battery's ledger
 * @param kind         bench test or triage
 * @param capacityAh   tested (or estimated) capacity
 * @param sohPercent   capacity over the battery's nominal
 * @param sigmaPercent one sigma, points of nominal
 * @param source       the file or the model
 * @param recordedBy   the recycler (for an administrator: the organisation it recorded for)
 * @param occurredAt   when the test was done
 * @param reportSha256 SHA-256 of the stored report, carried in the hash-chained event
 * @param report       the report, or null when it is missing from the store (the event stands; the report is lost)
 */
public record IntakeTestRecord(String battery, long seq, IntakeEvidence.Kind kind, double capacityAh,
                               double sohPercent, double sigmaPercent, String source, String recordedBy,
                               Instant occurredAt, String reportSha256, JsonNode report) {

    public IntakeEvidence evidence() {
        return new IntakeEvidence(kind, capacityAh, sohPercent, sigmaPercent, source);
    }

    static IntakeEvidence.Kind kind(String wire) {
        return "triage".equals(wire) ? IntakeEvidence.Kind.TRIAGED : IntakeEvidence.Kind.TESTED;
    }

    static String wire(IntakeEvidence.Kind kind) {
        return kind == IntakeEvidence.Kind.TRIAGED ? "triage" : "test";
    }

    static IntakeTestRecord of(LedgerEvent e, JsonNode report) {
        return new IntakeTestRecord(e.battery(), e.seq(), kind(e.detail("kind")),
                Double.parseDouble(e.detail("capacityAh")), Double.parseDouble(e.detail("sohPercent")),
                Double.parseDouble(e.detail("sigmaPercent")), e.detail("source"), e.actorOrg(), e.occurredAt(),
                e.detail("reportSha256"), report);
    }
}
