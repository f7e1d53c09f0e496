package io.voltrace.ingest.ledger;

import io.voltrace.ingest.registry.OrganisationKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What happened to a battery. Each type names the kinds of organisation that may record it; who may record it on a
 * given battery (the custodian, or a transfer's receiver) and from which state is decided in {@link Lifecycle}.
 */
public enum EventType {
    PRODUCTION(OrganisationKind.MANUFACTURER),
    INSTALLATION(OrganisationKind.VEHICLE_MAKER, OrganisationKind.FLEET, OrganisationKind.REPAIR_SHOP),
    SALE(OrganisationKind.MANUFACTURER, OrganisationKind.VEHICLE_MAKER, OrganisationKind.FLEET,
            OrganisationKind.REUSE_MAKER),
    /** Exchanged into a (different) vehicle at a swap station. */
    BATTERY_SWAP(OrganisationKind.FLEET, OrganisationKind.VEHICLE_MAKER, OrganisationKind.REPAIR_SHOP),
    /** Repair, or replacement of modules/cells. */
    REPAIR(OrganisationKind.REPAIR_SHOP, OrganisationKind.VEHICLE_MAKER, OrganisationKind.MANUFACTURER),
    /** The scrapping certificate of the vehicle the battery is in. */
    VEHICLE_SCRAPPING(OrganisationKind.DISMANTLER),
    REMOVAL(OrganisationKind.DISMANTLER, OrganisationKind.REPAIR_SHOP, OrganisationKind.FLEET,
            OrganisationKind.VEHICLE_MAKER),
    RECYCLER_INTAKE(OrganisationKind.RECYCLER),
    /** Custody offered to another organisation by the custodian; custody does not move yet. */
    TRANSFER_INITIATED(OrganisationKind.values()),
    /** The receiver takes the battery: custody moves. */
    TRANSFER_ACCEPTED(OrganisationKind.values()),
    /** Either side withdraws a pending transfer. */
    TRANSFER_CANCELLED(OrganisationKind.values()),
    /** Re-coded for reuse: on the original code (detail newCode), and as the first event of the new code
     * (detail originalCode). */
    REUSE(OrganisationKind.REUSE_MAKER),
    GRADING(OrganisationKind.values()),
    FINAL_PROCESSING(OrganisationKind.RECYCLER),
    /** The manufacturer's declared carbon footprint (details cf...; see {@code carbon.CarbonFootprint}), when it
     * was not declared with the production event or is declared anew. */
    CARBON_FOOTPRINT(OrganisationKind.MANUFACTURER),
    /** A recycler's bench intake test or pulse triage of the battery (details kind, capacityAh, sohPercent,
     * sigmaPercent, reportSha256...; see {@code recycler.IntakeTests}); recorded by the custodian, or by the recycler
     * a transfer offers it to, before it accepts. */
    INTAKE_TEST(OrganisationKind.RECYCLER);

    private final Set<OrganisationKind> kinds;

    EventType(OrganisationKind... kinds) {
        Set<OrganisationKind> set = EnumSet.noneOf(OrganisationKind.class);
        for (OrganisationKind k : kinds) {
            if (k != OrganisationKind.AUDITOR) { // auditors read; they never write a battery's history
                set.add(k);
            }
        }
        this.kinds = set;
    }

    public boolean mayBeRecordedBy(OrganisationKind kind) {
        return kinds.contains(kind);
    }

    public Set<OrganisationKind> recordedBy() {
        return kinds;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static EventType parse(String value) {
        if (value != null) {
            for (EventType t : values()) {
                if (t.wireName().equalsIgnoreCase(value.trim())) {
                    return t;
                }
            }
        }
        StringBuilder names = new StringBuilder();
        for (EventType t : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(t.wireName());
        }
        throw new IllegalArgumentException("event type must be one of " + names + ", was '" + value + "'");
    }
}
