package io.voltrace.ingest.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.ingest.registry.OrganisationKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every event type from every state, recorded by the custodian of a kind allowed to record it: accepted exactly where
 * the table in docs/lifecycle.md says, and rejected with a reason everywhere else.
 */
class LifecycleTransitionTest {
    static final String CODE = "VTRPE96DEMO001T5C0000001";
    static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
    static final Map<Status, Set<EventType>> ALLOWED = new EnumMap<>(Status.class);

    static {
        ALLOWED.put(Status.UNKNOWN, EnumSet.of(EventType.PRODUCTION, EventType.REUSE));
        ALLOWED.put(Status.IN_STOCK, EnumSet.of(EventType.INSTALLATION, EventType.SALE, EventType.BATTERY_SWAP,
                EventType.REPAIR, EventType.RECYCLER_INTAKE, EventType.TRANSFER_INITIATED, EventType.REUSE,
                EventType.GRADING, EventType.CARBON_FOOTPRINT));
        ALLOWED.put(Status.INSTALLED, EnumSet.of(EventType.SALE, EventType.BATTERY_SWAP, EventType.REPAIR,
                EventType.VEHICLE_SCRAPPING, EventType.REMOVAL, EventType.TRANSFER_INITIATED, EventType.GRADING,
                EventType.CARBON_FOOTPRINT));
        ALLOWED.put(Status.IN_SCRAPPED_VEHICLE, EnumSet.of(EventType.REMOVAL, EventType.TRANSFER_INITIATED,
                EventType.GRADING, EventType.CARBON_FOOTPRINT));
        ALLOWED.put(Status.SCRAPPED, EnumSet.of(EventType.RECYCLER_INTAKE, EventType.TRANSFER_INITIATED,
                EventType.REUSE, EventType.GRADING, EventType.CARBON_FOOTPRINT));
        ALLOWED.put(Status.AT_RECYCLER, EnumSet.of(EventType.TRANSFER_INITIATED, EventType.REUSE, EventType.GRADING,
                EventType.FINAL_PROCESSING, EventType.CARBON_FOOTPRINT));
        ALLOWED.put(Status.FINAL_PROCESSED, EnumSet.noneOf(EventType.class));
        ALLOWED.put(Status.RECODED, EnumSet.noneOf(EventType.class));
    }

    static NewEvent event(EventType type, String actor) {
        Map<String, String> d = switch (type) {
            case INSTALLATION, BATTERY_SWAP -> Map.of("vehicle", "veh_00000000000000aa");
            case TRANSFER_INITIATED -> Map.of("to", "someone-else");
            case REUSE -> Map.of("newCode", "RUSPB12REUSE01U1A0000001", "originalCode", "VTRPE96DEMO001T5C0000009");
            case CARBON_FOOTPRINT -> Map.of("cfRawMaterial", "50", "cfRulebook", "R", "cfDeclaration", "D");
            default -> Map.of();
        };
        return new NewEvent(CODE, type, T, actor, d);
    }

    @Test
    void everyStateAndEventType() {
        int accepted = 0;
        int rejected = 0;
        for (Status status : Status.values()) {
            for (EventType type : EventType.values()) {
                OrganisationKind kind = type.recordedBy().iterator().next();
                String actor = "org-" + kind.wireName();
                BatteryState s = status == Status.UNKNOWN ? BatteryState.INITIAL
                        : new BatteryState(status, actor, status == Status.INSTALLED
                        || status == Status.IN_SCRAPPED_VEHICLE ? "veh_00000000000000bb" : null, null, 3,
                        T.minusSeconds(60), 2);
                boolean expected = ALLOWED.get(status).contains(type);
                if (expected) {
                    BatteryState after = Lifecycle.apply(s, event(type, actor), kind);
                    assertThat(after.lastSeq()).as("%s from %s", type, status).isEqualTo(s.lastSeq() + 1);
                    accepted++;
                } else {
                    assertThatThrownBy(() -> Lifecycle.apply(s, event(type, actor), kind))
                            .as("%s from %s", type, status).isInstanceOf(ImpossibleHistoryException.class)
                            .hasMessageContaining(type.wireName() + " of battery " + CODE + " rejected: ");
                    rejected++;
                }
            }
        }
        assertThat(accepted).isEqualTo(33);
        assertThat(rejected).isEqualTo(Status.values().length * EventType.values().length - 33);
    }

    @Test
    void statesAfterTheMainTransitions() {
        BatteryState s = Lifecycle.apply(BatteryState.INITIAL, event(EventType.PRODUCTION, "m"),
                OrganisationKind.MANUFACTURER);
        assertThat(s.status()).isEqualTo(Status.IN_STOCK);
        assertThat(s.custodian()).isEqualTo("m");
        s = Lifecycle.apply(s, event(EventType.INSTALLATION, "m"), OrganisationKind.VEHICLE_MAKER);
        assertThat(s.status()).isEqualTo(Status.INSTALLED);
        assertThat(s.vehicle()).isEqualTo("veh_00000000000000aa");
        s = Lifecycle.apply(s, event(EventType.VEHICLE_SCRAPPING, "m"), OrganisationKind.DISMANTLER);
        assertThat(s.status()).isEqualTo(Status.IN_SCRAPPED_VEHICLE);
        s = Lifecycle.apply(s, event(EventType.REMOVAL, "m"), OrganisationKind.DISMANTLER);
        assertThat(s.status()).isEqualTo(Status.SCRAPPED);
        assertThat(s.vehicle()).isNull();
        s = Lifecycle.apply(s, event(EventType.RECYCLER_INTAKE, "m"), OrganisationKind.RECYCLER);
        assertThat(s.status()).isEqualTo(Status.AT_RECYCLER);
        s = Lifecycle.apply(s, event(EventType.FINAL_PROCESSING, "m"), OrganisationKind.RECYCLER);
        assertThat(s.status()).isEqualTo(Status.FINAL_PROCESSED);
    }

    @Test
    void aCarbonFootprintIsAManufacturersAndComplete() {
        BatteryState s = Lifecycle.apply(BatteryState.INITIAL, event(EventType.PRODUCTION, "m"),
                OrganisationKind.MANUFACTURER);
        assertThatThrownBy(() -> Lifecycle.apply(s, event(EventType.CARBON_FOOTPRINT, "m"),
                OrganisationKind.RECYCLER)).isInstanceOf(ImpossibleHistoryException.class)
                .hasMessageContaining("may not record carbon_footprint");
        assertThatThrownBy(() -> Lifecycle.apply(s, new NewEvent(CODE, EventType.CARBON_FOOTPRINT, T, "m",
                Map.of()), OrganisationKind.MANUFACTURER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cfRulebook");
        assertThatThrownBy(() -> Lifecycle.apply(s, new NewEvent(CODE, EventType.GRADING, T, "m",
                Map.of("cfRawMaterial", "3")), OrganisationKind.MANUFACTURER))
                .hasMessageContaining("production or carbon_footprint");
        assertThat(Lifecycle.apply(s, event(EventType.CARBON_FOOTPRINT, "m"), OrganisationKind.MANUFACTURER)
                .status()).isEqualTo(Status.IN_STOCK);
    }

    @Test
    void aReuseGenesisNeedsItsOriginalCode() {
        assertThatThrownBy(() -> Lifecycle.apply(BatteryState.INITIAL, new NewEvent(CODE, EventType.REUSE, T, "r",
                Map.of("newCode", "RUSPB12REUSE01U1A0000001")), OrganisationKind.REUSE_MAKER))
                .hasMessageContaining("first event must be production");
    }
}
