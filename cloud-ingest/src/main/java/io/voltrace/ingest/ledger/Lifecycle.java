package io.voltrace.ingest.ledger;

import io.voltrace.ingest.carbon.CarbonFootprint;
import io.voltrace.ingest.registry.OrganisationKind;
import java.util.function.Function;

/**
 * The state machine: which event may follow which state, recorded by whom. A rejected event throws
 * {@link ImpossibleHistoryException} with the battery, the event and the reason (naming the event that put the
 * battery in its state). Pure: the caller supplies the actor's organisation kind and, for transfers, whether the
 * receiver exists.
 */
public final class Lifecycle {
    private Lifecycle() {
    }

    /**
     * The state after {@code event}; {@code kind} is the actor's organisation kind.
     *
     * @throws ImpossibleHistoryException when the history forbids the event
     * @throws IllegalArgumentException   when its carbon-footprint details are wrong (naming the detail)
     */
    public static BatteryState apply(BatteryState s, NewEvent event, OrganisationKind kind) {
        BatteryState next = transition(s, event, kind);
        checkCarbonFootprint(event);
        return next;
    }

    private static BatteryState transition(BatteryState s, NewEvent event, OrganisationKind kind) {
        EventType type = event.type();
        String actor = event.actorOrg();
        String why = prefix(event);
        if (kind == null) {
            throw new ImpossibleHistoryException(why + "organisation " + actor + " is not registered");
        }
        if (!type.mayBeRecordedBy(kind)) {
            throw new ImpossibleHistoryException(why + article(kind.wireName()) + " may not record " + type.wireName()
                    + " (recorded by: " + type.recordedBy().stream().map(OrganisationKind::wireName).sorted().toList()
                    + ")");
        }
        if (s.status().terminal()) {
            throw new ImpossibleHistoryException(why + "the battery's history ended with "
                    + (s.status() == Status.RECODED ? "re-coding for reuse" : "final processing")
                    + " at event " + s.statusSince() + "; nothing may follow");
        }
        if (s.lastOccurredAt() != null && event.occurredAt().isBefore(s.lastOccurredAt())) {
            throw new ImpossibleHistoryException(why + "it happened at " + event.occurredAt()
                    + ", before the last recorded event " + s.lastSeq() + " (" + s.lastOccurredAt() + ")");
        }
        if (s.status() == Status.UNKNOWN) {
            boolean genesis = type == EventType.PRODUCTION
                    || (type == EventType.REUSE && event.details().containsKey("originalCode"));
            if (!genesis) {
                throw new ImpossibleHistoryException(why + "the battery has no recorded history; its first event must"
                        + " be production (or reuse from an original code)");
            }
            return next(s, event, Status.IN_STOCK, actor, null, true);
        }
        // Custody: only the custodian writes, except the receiver answering a pending transfer.
        boolean receiver = actor.equals(s.pendingTo());
        if (type == EventType.TRANSFER_ACCEPTED) {
            if (s.pendingTo() == null) {
                throw new ImpossibleHistoryException(why + "no transfer is pending");
            }
            if (!receiver) {
                throw new ImpossibleHistoryException(why + "only the receiver " + s.pendingTo()
                        + " may accept the pending transfer");
            }
            return new BatteryState(s.status(), actor, s.vehicle(), null, s.lastSeq() + 1, event.occurredAt(),
                    s.statusSince());
        }
        if (type == EventType.TRANSFER_CANCELLED) {
            if (s.pendingTo() == null) {
                throw new ImpossibleHistoryException(why + "no transfer is pending");
            }
            if (!receiver && !actor.equals(s.custodian())) {
                throw new ImpossibleHistoryException(why + "only the custodian " + s.custodian() + " or the receiver "
                        + s.pendingTo() + " may cancel the pending transfer");
            }
            return new BatteryState(s.status(), s.custodian(), s.vehicle(), null, s.lastSeq() + 1,
                    event.occurredAt(), s.statusSince());
        }
        if (type == EventType.INTAKE_TEST && receiver) {
            // A recycler tests a battery offered to it before it decides to take it; custody does not move.
            require(event, "kind", why);
            return same(s, event);
        }
        if (!actor.equals(s.custodian())) {
            throw new ImpossibleHistoryException(why + actor + " is not the battery's custodian (" + s.custodian()
                    + "); custody moves only by a transfer the custodian initiates and the receiver accepts");
        }
        Status st = s.status();
        return switch (type) {
            case PRODUCTION -> throw new ImpossibleHistoryException(why + "the battery was already produced or coded"
                    + " (event 1)");
            case TRANSFER_INITIATED -> {
                String to = require(event, "to", why);
                if (s.pendingTo() != null) {
                    throw new ImpossibleHistoryException(why + "a transfer to " + s.pendingTo()
                            + " is already pending; it must be accepted or cancelled first");
                }
                if (to.equals(actor)) {
                    throw new ImpossibleHistoryException(why + "a transfer must go to another organisation");
                }
                yield new BatteryState(st, s.custodian(), s.vehicle(), to, s.lastSeq() + 1, event.occurredAt(),
                        s.statusSince());
            }
            case INSTALLATION -> {
                String vehicle = require(event, "vehicle", why);
                switch (st) {
                    case IN_STOCK -> {
                    }
                    case INSTALLED -> throw refused(why, s, "it is already installed in vehicle " + s.vehicle());
                    case IN_SCRAPPED_VEHICLE, SCRAPPED -> throw refused(why, s, "it comes from a scrapped vehicle; it"
                            + " may only return to a vehicle after re-coding for reuse");
                    default -> throw refused(why, s, "it is " + describe(st));
                }
                yield next(s, event, Status.INSTALLED, s.custodian(), vehicle, false);
            }
            case BATTERY_SWAP -> {
                String vehicle = require(event, "vehicle", why);
                if (st != Status.IN_STOCK && st != Status.INSTALLED) {
                    throw refused(why, s, "it is " + describe(st));
                }
                yield next(s, event, Status.INSTALLED, s.custodian(), vehicle, false);
            }
            case SALE, REPAIR -> {
                if (st != Status.IN_STOCK && st != Status.INSTALLED) {
                    throw refused(why, s, "it is " + describe(st));
                }
                yield same(s, event);
            }
            case VEHICLE_SCRAPPING -> {
                if (st != Status.INSTALLED) {
                    throw refused(why, s, "it is not installed in a vehicle (" + describe(st) + ")");
                }
                yield next(s, event, Status.IN_SCRAPPED_VEHICLE, s.custodian(), s.vehicle(), false);
            }
            case REMOVAL -> {
                if (st == Status.INSTALLED) {
                    yield next(s, event, Status.IN_STOCK, s.custodian(), null, false);
                }
                if (st == Status.IN_SCRAPPED_VEHICLE) {
                    yield next(s, event, Status.SCRAPPED, s.custodian(), null, false);
                }
                throw refused(why, s, "it is not installed in a vehicle (" + describe(st) + ")");
            }
            case RECYCLER_INTAKE -> {
                if (st == Status.INSTALLED || st == Status.IN_SCRAPPED_VEHICLE) {
                    throw refused(why, s, "it is still installed in vehicle " + s.vehicle()
                            + "; its removal must be recorded first");
                }
                if (st != Status.IN_STOCK && st != Status.SCRAPPED) {
                    throw refused(why, s, "it is " + describe(st));
                }
                yield next(s, event, Status.AT_RECYCLER, s.custodian(), null, false);
            }
            case REUSE -> {
                require(event, "newCode", why);
                if (st == Status.INSTALLED || st == Status.IN_SCRAPPED_VEHICLE) {
                    throw refused(why, s, "it is still installed in vehicle " + s.vehicle()
                            + "; its removal must be recorded first");
                }
                if (s.pendingTo() != null) {
                    throw refused(why, s, "a transfer to " + s.pendingTo() + " is pending");
                }
                yield next(s, event, Status.RECODED, s.custodian(), null, false);
            }
            case FINAL_PROCESSING -> {
                if (st != Status.AT_RECYCLER) {
                    throw refused(why, s, "final processing needs a recycler intake first (" + describe(st) + ")");
                }
                if (s.pendingTo() != null) {
                    throw refused(why, s, "a transfer to " + s.pendingTo() + " is pending");
                }
                yield next(s, event, Status.FINAL_PROCESSED, s.custodian(), null, false);
            }
            case GRADING, CARBON_FOOTPRINT -> same(s, event);
            case INTAKE_TEST -> {
                require(event, "kind", why);
                yield same(s, event);
            }
            case TRANSFER_ACCEPTED, TRANSFER_CANCELLED -> throw new AssertionError(type);
        };
    }

    /**
     * A declared carbon footprint rides on a production or carbon_footprint event only, and must be complete and
     * plausible (IllegalArgumentException naming the detail: the API answers 400).
     */
    private static void checkCarbonFootprint(NewEvent event) {
        boolean declares = event.type() == EventType.PRODUCTION || event.type() == EventType.CARBON_FOOTPRINT;
        if (!declares) {
            if (event.details().keySet().stream().anyMatch(k -> k.startsWith("cf"))) {
                throw new IllegalArgumentException("carbon-footprint details (cf...) belong to a production or"
                        + " carbon_footprint event, not " + event.type().wireName());
            }
            return;
        }
        boolean present = CarbonFootprint.fromDetails(event.details()).isPresent();
        if (event.type() == EventType.CARBON_FOOTPRINT && !present) {
            throw new IllegalArgumentException("a carbon_footprint event needs the footprint: details cfRawMaterial,"
                    + " cfMainProduction, cfDistribution and/or cfEndOfLife (kg CO2e per kWh), cfRulebook and"
                    + " cfDeclaration");
        }
    }

    private static BatteryState same(BatteryState s, NewEvent e) {
        return new BatteryState(s.status(), s.custodian(), s.vehicle(), s.pendingTo(), s.lastSeq() + 1,
                e.occurredAt(), s.statusSince());
    }

    private static BatteryState next(BatteryState s, NewEvent e, Status status, String custodian, String vehicle,
                                     boolean clearPending) {
        return new BatteryState(status, custodian, vehicle, clearPending ? null : s.pendingTo(), s.lastSeq() + 1,
                e.occurredAt(), s.lastSeq() + 1);
    }

    private static String require(NewEvent e, String key, String why) {
        String v = e.details().get(key);
        if (v == null || v.isBlank()) {
            throw new ImpossibleHistoryException(why + "detail '" + key + "' is required");
        }
        return v;
    }

    private static ImpossibleHistoryException refused(String why, BatteryState s, String reason) {
        return new ImpossibleHistoryException(why + reason + " (since event " + s.statusSince() + ")");
    }

    private static String prefix(NewEvent e) {
        return e.type().wireName() + " of battery " + e.battery() + " rejected: ";
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    static String describe(Status st) {
        return switch (st) {
            case UNKNOWN -> "not yet produced";
            case IN_STOCK -> "in stock, not installed";
            case INSTALLED -> "installed in a vehicle";
            case IN_SCRAPPED_VEHICLE -> "in a scrapped vehicle";
            case SCRAPPED -> "scrapped";
            case AT_RECYCLER -> "at a recycler";
            case FINAL_PROCESSED -> "finally processed";
            case RECODED -> "re-coded";
        };
    }

    /** Replays stored events to the current state; {@code kinds} gives each actor's organisation kind. */
    static BatteryState replay(Iterable<LedgerEvent> events, Function<String, OrganisationKind> kinds) {
        BatteryState s = BatteryState.INITIAL;
        for (LedgerEvent e : events) {
            s = apply(s, new NewEvent(e.battery(), e.type(), e.occurredAt(), e.actorOrg(), e.details()),
                    kinds.apply(e.actorOrg()));
        }
        return s;
    }
}
