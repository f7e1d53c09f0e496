package io.voltrace.ingest.ledger;

/** Where a battery is in its life, as its ledger says. */
public enum Status {
    /** No event yet. */
    UNKNOWN,
    /** Produced, removed, or repaired: not in a vehicle. */
    IN_STOCK,
    INSTALLED,
    /** Still in a vehicle that has a scrapping certificate. */
    IN_SCRAPPED_VEHICLE,
    /** Removed from a scrapped vehicle: waste until a recycler takes it in or a reuse maker re-codes it. */
    SCRAPPED,
    AT_RECYCLER,
    /** Materials recovered: the end. */
    FINAL_PROCESSED,
    /** Superseded by a new code for reuse: the end of this code's history. */
    RECODED;

    public boolean terminal() {
        return this == FINAL_PROCESSED || this == RECODED;
    }
}
