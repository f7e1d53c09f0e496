package io.voltrace.ingest.auth;

import io.voltrace.ingest.registry.OrganisationKind;
import java.util.Locale;

/**
 * What an API caller may do.
 * <ul>
 *   <li>{@code admin}: everything, including provisioning, tokens and dead letters;</li>
 *   <li>{@code fleet}: batteries its organisation owns: data, telemetry, health;</li>
 *   <li>{@code recycler}: batteries in its organisation's custody: the same;</li>
 *   <li>{@code auditor}: every battery's record and health trend, with device identities masked; no raw
 *       telemetry (usage patterns are personal data), never secrets or tokens.</li>
 *   <li>{@code manufacturer}, {@code vehicle_maker}, {@code repair_shop}, {@code dismantler}, {@code reuse_maker}:
 *       like {@code recycler}, the batteries in their organisation's custody; what each may record in the lifecycle
 *       ledger is decided by its organisation's kind (see the ledger package).</li>
 * </ul>
 */
public enum Role {
    ADMIN(null), FLEET(OrganisationKind.FLEET), RECYCLER(OrganisationKind.RECYCLER), AUDITOR(OrganisationKind.AUDITOR),
    MANUFACTURER(OrganisationKind.MANUFACTURER), VEHICLE_MAKER(OrganisationKind.VEHICLE_MAKER),
    REPAIR_SHOP(OrganisationKind.REPAIR_SHOP), DISMANTLER(OrganisationKind.DISMANTLER),
    REUSE_MAKER(OrganisationKind.REUSE_MAKER);

    private final OrganisationKind orgKind;

    Role(OrganisationKind orgKind) {
        this.orgKind = orgKind;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind the token's organisation must have, or null when any (or none) will do. */
    public OrganisationKind orgKind() {
        return orgKind;
    }

    /** Tokens of organisation roles speak for an organisation; admin and auditor tokens may. */
    public boolean needsOrganisation() {
        return this != ADMIN && this != AUDITOR;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Role parse(String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.wireName().equalsIgnoreCase(value.trim())) {
                    return r;
                }
            }
        }
        StringBuilder names = new StringBuilder();
        for (Role r : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(r.wireName());
        }
        throw new IllegalArgumentException("role must be one of " + names + ", was '" + value + "'");
    }
}
