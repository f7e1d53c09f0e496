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

    /**
     * Raw and downsampled telemetry, edge evidence and implausible samples: per-vehicle usage data (when and how the
     * car was driven and charged). For the owning fleet, the recycler that holds the battery (it grades it from this)
     * and admins only, as the role model says (#16). Auditors see usage only in aggregate (health trends); the other
     * custody roles (manufacturer, vehicle maker, repair shop, dismantler, reuse maker) see the battery's record and
     * health, and record lifecycle events, but not how its vehicle was used.
     */
    public static boolean mayReadTelemetry(Principal p) {
        return switch (p.role()) {
            case ADMIN, FLEET, RECYCLER -> true;
            case AUDITOR, MANUFACTURER, VEHICLE_MAKER, REPAIR_SHOP, DISMANTLER, REUSE_MAKER -> false;
        };
    }

    /** Device identities link a battery to a vehicle and its driver: masked for auditors. */
    public static boolean maySeeDevices(Principal p) {
        return p.role() != Role.AUDITOR;
    }
}
