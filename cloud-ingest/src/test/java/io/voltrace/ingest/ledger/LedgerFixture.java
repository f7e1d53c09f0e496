package io.voltrace.ingest.ledger;

import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Organisations of every kind, and a ledger whose clock sits after every event the tests record. */
final class LedgerFixture {
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z"); // a Monday
    static final String PACK = "VTRPE96DEMO001T5C0000001";
    static final String MODULE = "VTRME96DEMO001T5C0000002";
    static final String CELL = "VTRCE96DEMO001T5C0000003";
    static final String NEW_CODE = "RUSPB12REUSE01U1A0000001";

    final Registry registry;
    final Ledger ledger;

    LedgerFixture(Registry registry) {
        this.registry = registry;
        for (OrganisationKind kind : OrganisationKind.values()) {
            String id = kind.wireName().replace('_', '-');
            registry.createOrganisation(new Organisation(id, kind.wireName(), kind, T0));
        }
        registry.createOrganisation(new Organisation("fleet-2", "second fleet", OrganisationKind.FLEET, T0));
        this.ledger = new Ledger(registry, Clock.fixed(T0.plusSeconds(86_400L * 400), ZoneOffset.UTC));
    }

    static Instant day(int n) {
        return T0.plusSeconds(86_400L * n);
    }

    LedgerEvent record(String battery, EventType type, int day, String actor, String... kv) {
        return ledger.append(new NewEvent(battery, type, day(day), actor, map(kv)));
    }

    /** custodian offers, receiver accepts. */
    void transfer(String battery, int day, String from, String to) {
        record(battery, EventType.TRANSFER_INITIATED, day, from, "to", to);
        record(battery, EventType.TRANSFER_ACCEPTED, day, to);
    }

    static Map<String, String> map(String... kv) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Production through final processing, by the organisations whose job each step is. */
    void fullLife(String battery) {
        record(battery, EventType.PRODUCTION, 0, "manufacturer");
        transfer(battery, 1, "manufacturer", "vehicle-maker");
        record(battery, EventType.INSTALLATION, 2, "vehicle-maker", "vehicle", "veh-1");
        record(battery, EventType.SALE, 3, "vehicle-maker", "buyer", "fleet");
        transfer(battery, 3, "vehicle-maker", "fleet");
        record(battery, EventType.GRADING, 100, "fleet", "grade", "A");
        transfer(battery, 200, "fleet", "dismantler");
        record(battery, EventType.VEHICLE_SCRAPPING, 201, "dismantler");
        record(battery, EventType.REMOVAL, 202, "dismantler");
        transfer(battery, 205, "dismantler", "recycler");
        record(battery, EventType.RECYCLER_INTAKE, 205, "recycler");
        record(battery, EventType.FINAL_PROCESSING, 230, "recycler");
    }
}
