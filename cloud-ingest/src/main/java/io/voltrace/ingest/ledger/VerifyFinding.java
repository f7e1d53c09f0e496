package io.voltrace.ingest.ledger;

/**
 * Something wrong in a stored chain.
 *
 * @param battery the chain's code
 * @param seq     the sequence number of the altered, missing or misplaced record
 * @param problem what is wrong
 */
public record VerifyFinding(String battery, long seq, String problem) {
    @Override
    public String toString() {
        return "battery " + battery + " event " + seq + ": " + problem;
    }
}
