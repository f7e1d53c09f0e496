package io.voltrace.ingest.auth;

import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Registry;
import java.util.List;
import java.util.Objects;

/**
 * Which batteries a caller may see, in one place so every endpoint answers the same way: a battery outside the
 * caller's reach is "not found" (its existence is not disclosed), an operation the role may never perform is
 * "forbidden".
 */
public final class BatteryAccess {
    private BatteryAccess() {
    }

    public static boolean canSee(Principal p, BatteryRecord battery) {
        return switch (p.role()) {
            case ADMIN, AUDITOR -> true;
            case FLEET -> Objects.equals(p.orgId(), battery.ownerOrg());
            case RECYCLER, MANUFACTURER, VEHICLE_MAKER, REPAIR_SHOP, DISMANTLER, REUSE_MAKER ->
                    Objects.equals(p.orgId(), battery.custodianOrg());
        };
    }

    /** The batteries the caller may see, ordered by code. */
    public static List<BatteryRecord> visible(Principal p, Registry registry) {
        return switch (p.role()) {
            case ADMIN, AUDITOR -> registry.batteries();
            case FLEET -> registry.batteriesOwnedBy(p.orgId());
            case RECYCLER, MANUFACTURER, VEHICLE_MAKER, REPAIR_SHOP, DISMANTLER, REUSE_MAKER ->
                    registry.batteriesInCustodyOf(p.orgId());
        };
    }

    /** Raw and downsampled telemetry: not for auditors, whose view of usage stays aggregate (health trends). */
    public static boolean mayReadTelemetry(Principal p) {
        return p.role() != Role.AUDITOR;
    }

    /** Device identities link a battery to a vehicle and its driver: masked for auditors. */
    public static boolean maySeeDevices(Principal p) {
        return p.role() != Role.AUDITOR;
    }
}
