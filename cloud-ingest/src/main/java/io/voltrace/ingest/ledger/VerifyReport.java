package io.voltrace.ingest.ledger;

import java.util.List;

/**
 * The result of verifying chains.
 *
 * @param batteries chains checked
 * @param events    events checked
 * @param findings  every problem found; empty when all chains are intact
 */
public record VerifyReport(int batteries, long events, List<VerifyFinding> findings) {
    public boolean intact() {
        return findings.isEmpty();
    }
}
