package io.voltrace.ingest.reporting;

import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.registry.OrganisationKind;
import java.util.Optional;

/**
 * The upload deadlines of the 2018 traceability rules (DESIGN.md §6), in working days after the event. Every
 * deadline is counted in working days (Monday–Friday, see {@link WorkingDays}).
 *
 * @param id           stable name, used in exports
 * @param workingDays  days allowed
 * @param description  which duty it is
 */
public record ReportingRule(String id, int workingDays, String description) {
    public static final ReportingRule REPAIR = new ReportingRule("repair-replacement", 30,
            "repair or replacement: 30 working days");
    public static final ReportingRule TRANSFER = new ReportingRule("recovery-transfer", 30,
            "recovery point intake or transfer: 30 working days");
    public static final ReportingRule SCRAPPING = new ReportingRule("dismantler-scrapping", 15,
            "dismantler, after the scrapping certificate: 15 working days");
    public static final ReportingRule REMOVAL = new ReportingRule("dismantler-removal", 15,
            "dismantler, after removal: 15 working days");
    public static final ReportingRule REUSE = new ReportingRule("reuse-shipment", 15,
            "reuse maker, after re-coding or shipment: 15 working days");
    public static final ReportingRule INTAKE = new ReportingRule("recycler-intake", 30,
            "recycler, after intake: 30 working days");
    public static final ReportingRule FINAL = new ReportingRule("recycler-final", 30,
            "recycler, after final processing: 30 working days");

    /** The duty an event creates, if any; {@code actorKind} is the kind of the organisation that recorded it. */
    public static Optional<ReportingRule> of(LedgerEvent e, OrganisationKind actorKind) {
        EventType t = e.type();
        return Optional.ofNullable(switch (t) {
            case REPAIR -> REPAIR;
            case TRANSFER_ACCEPTED -> TRANSFER;
            case VEHICLE_SCRAPPING -> SCRAPPING;
            case REMOVAL -> actorKind == OrganisationKind.DISMANTLER ? REMOVAL : null;
            // The re-coding of the original is the duty; the new code's first event repeats it.
            case REUSE -> e.details().containsKey("newCode") ? REUSE : null;
            case SALE -> actorKind == OrganisationKind.REUSE_MAKER ? REUSE : null;
            case RECYCLER_INTAKE -> INTAKE;
            case FINAL_PROCESSING -> FINAL;
            default -> null;
        });
    }
}
