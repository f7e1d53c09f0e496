package io.voltrace.ingest.ledger;

import io.voltrace.common.log.LogSafe;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.ProductType;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.registry.RegistryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle ledger: per battery code an append-only, hash-chained list of events, checked against
 * {@link Lifecycle} before it is written. Lives in the registry's database (tables from V4). Blocking; thread-safe
 * (concurrent appends to one chain: one wins, the other gets an {@link IllegalStateException} and may retry).
 */
public final class Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {
    };
    private static final String COLUMNS = "battery, seq, event_type, occurred_at, recorded_at, actor_org,"
            + " custodian_org, details, prev_hash, hash";
    /** Events may be recorded late, but not ahead of the clock (beyond a little clock skew). */
    private static final long MAX_FUTURE_SECONDS = 300;

    private final Registry registry;
    private final Clock clock;
    private final List<Consumer<LedgerEvent>> listeners = new CopyOnWriteArrayList<>();

    public Ledger(Registry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // --- writing ---

    /**
     * Checks the event against the battery's history and appends it.
     *
     * @throws ImpossibleHistoryException when the state machine, custody or the actor's kind forbids it
     * @throws IllegalStateException      when the stored chain is damaged, or another append won a race
     */
    public LedgerEvent append(NewEvent event) {
        LedgerEvent stored = inTransaction("append to " + event.battery(), c -> appendIn(c, event));
        notifyListeners(List.of(stored));
        return stored;
    }

    /** Called with every event after it is committed, on the appending thread; a failing listener is logged. */
    public void addListener(Consumer<LedgerEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    private void notifyListeners(List<LedgerEvent> events) {
        for (LedgerEvent e : events) {
            for (Consumer<LedgerEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("ledger listener failed on {} event {}: {}", LogSafe.text(e.battery()), e.seq(),
                            LogSafe.text(ex));
                }
            }
        }
    }

    /**
     * Re-codes a battery for reuse: REUSE on the original (detail newCode), REUSE as the first event of the new code
     * (detail originalCode), and the link new → original, in one transaction.
     */
    public List<LedgerEvent> recode(String originalCode, String newCode, String actorOrg, Instant occurredAt,
                                    Map<String, String> details) {
        String original = BatteryCode.parse(originalCode).value();
        String fresh = BatteryCode.parse(newCode).value();
        if (original.equals(fresh)) {
            throw new IllegalArgumentException("the new code must differ from the original " + original);
        }
        Map<String, String> onOld = new TreeMap<>(details == null ? Map.of() : details);
        onOld.put("newCode", fresh);
        Map<String, String> onNew = new TreeMap<>(details == null ? Map.of() : details);
        onNew.put("originalCode", original);
        List<LedgerEvent> both = inTransaction("re-code " + original, c -> {
            LedgerEvent a = appendIn(c, new NewEvent(original, EventType.REUSE, occurredAt, actorOrg, onOld));
            LedgerEvent b = appendIn(c, new NewEvent(fresh, EventType.REUSE, occurredAt, actorOrg, onNew));
            link(c, fresh, "RECODED_FROM", original);
            return List.of(a, b);
        });
        notifyListeners(both);
        return both;
    }

    /**
     * Records that {@code child} (a module or cell) is part of {@code parent} (a pack or module).
     *
     * @throws IllegalArgumentException when the product types do not nest (pack → module → cell)
     * @throws IllegalStateException    when the child is already part of another item
     */
    public void linkComponent(String parent, String child) {
        BatteryCode p = BatteryCode.parse(parent);
        BatteryCode ch = BatteryCode.parse(child);
        if (!p.product().mayContain(ch.product())) {
            throw new IllegalArgumentException("a " + name(p.product()) + " cannot contain a " + name(ch.product())
                    + ": packs hold modules, modules hold cells");
        }
        inTransaction("link " + child + " into " + parent, c -> {
            link(c, ch.value(), "COMPONENT", p.value());
            return null;
        });
    }

    private static String name(ProductType t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }

    private LedgerEvent appendIn(Connection c, NewEvent event) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (event.occurredAt().isAfter(now.plusSeconds(MAX_FUTURE_SECONDS))) {
            throw new IllegalArgumentException("occurredAt " + event.occurredAt() + " is in the future");
        }
        List<LedgerEvent> chain = read(c, event.battery());
        List<VerifyFinding> damage = check(event.battery(), chain, head(c, event.battery()));
        if (!damage.isEmpty()) {
            throw new IllegalStateException("the ledger of " + event.battery() + " fails verification, nothing is"
                    + " appended until it is repaired: " + damage.get(0));
        }
        Function<String, OrganisationKind> kinds = kindLookup();
        BatteryState before = Lifecycle.replay(chain, kinds);
        if (event.type() == EventType.TRANSFER_INITIATED && event.details().get("to") != null
                && kinds.apply(event.details().get("to")) == null) {
            throw new IllegalArgumentException("transfer receiver " + event.details().get("to")
                    + " is not a registered organisation");
        }
        BatteryState after = Lifecycle.apply(before, event, kinds.apply(event.actorOrg()));
        long seq = before.lastSeq() + 1;
        String prev = chain.isEmpty() ? LedgerEvent.GENESIS : chain.get(chain.size() - 1).hash();
        String hash = Canonical.hash(event.battery(), seq, event.type(), event.occurredAt(), now, event.actorOrg(),
                after.custodian(), event.details(), prev);
        LedgerEvent stored = new LedgerEvent(event.battery(), seq, event.type(), event.occurredAt(), now,
                event.actorOrg(), after.custodian(), event.details(), prev, hash);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ledger_event (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, stored.battery());
            s.setLong(2, seq);
            s.setString(3, stored.type().name());
            s.setObject(4, utc(stored.occurredAt()));
            s.setObject(5, utc(now));
            s.setString(6, stored.actorOrg());
            s.setString(7, stored.custodianOrg());
            s.setString(8, toJson(stored.details()));
            s.setString(9, prev);
            s.setString(10, hash);
            s.executeUpdate();
        }
        int updated;
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE ledger_head SET last_seq = ?, last_hash = ? WHERE battery = ? AND last_seq = ?")) {
            s.setLong(1, seq);
            s.setString(2, hash);
            s.setString(3, stored.battery());
            s.setLong(4, seq - 1);
            updated = s.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO ledger_head (battery, last_seq, last_hash) VALUES (?, ?, ?)")) {
                s.setString(1, stored.battery());
                s.setLong(2, seq);
                s.setString(3, hash);
                s.executeUpdate();
            }
        }
        if (!Objects.equals(before.custodian(), after.custodian())) {
            // Keep the registry's view (which the API's visibility rules use) in step with the ledger.
            try (PreparedStatement s = c.prepareStatement("UPDATE battery SET custodian_org = ? WHERE code = ?")) {
                s.setString(1, after.custodian());
                s.setString(2, stored.battery());
                s.executeUpdate();
            }
        }
        LOG.debug("ledger battery={} seq={} type={} actor={}", LogSafe.text(stored.battery()), seq, stored.type(),
                LogSafe.text(stored.actorOrg()));
        return stored;
    }

    private static void link(Connection c, String child, String relation, String parent) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT parent FROM battery_link WHERE child = ? AND relation = ?")) {
            s.setString(1, child);
            s.setString(2, relation);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    throw new IllegalStateException(child + " is already linked (" + relation.toLowerCase(
                            java.util.Locale.ROOT) + ") to " + rs.getString(1));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO battery_link (child, relation, parent, linked_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, child);
            s.setString(2, relation);
            s.setString(3, parent);
            s.setObject(4, utc(Instant.now().truncatedTo(ChronoUnit.MICROS)));
            s.executeUpdate();
        }
    }

    private Function<String, OrganisationKind> kindLookup() {
        Map<String, Optional<OrganisationKind>> cache = new java.util.HashMap<>();
        return org -> org == null ? null
                : cache.computeIfAbsent(org, o -> registry.organisation(o).map(Organisation::kind)).orElse(null);
    }

    // --- reading ---

    /** The battery's events, oldest first; empty for a code without history. */
    public List<LedgerEvent> events(String code) {
        String battery = BatteryCode.parse(code).value();
        return inConnection("read ledger of " + battery, c -> read(c, battery));
    }

    /** The state the battery's history leads to. */
    public BatteryState state(String code) {
        return Lifecycle.replay(events(code), kindLookup());
    }

    /**
     * True when the organisation has a part in the battery's history: it recorded an event, held the battery, or
     * has a transfer offered to it.
     */
    public boolean involves(String code, String org) {
        if (org == null) {
            return false;
        }
        for (LedgerEvent e : events(code)) {
            if (org.equals(e.actorOrg()) || org.equals(e.custodianOrg()) || org.equals(e.detail("to"))) {
                return true;
            }
        }
        return false;
    }

    /** Events that happened in [from, to), ordered by time, battery and sequence. */
    public List<LedgerEvent> eventsBetween(Instant from, Instant to) {
        return inConnection("read ledger events", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM ledger_event"
                    + " WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, battery, seq")) {
                s.setObject(1, utc(from));
                s.setObject(2, utc(to));
                return rows(s);
            }
        });
    }

    /**
     * Transfers offered and not yet accepted or cancelled, where {@code org} is the custodian offering or the
     * receiver (all of them for null), ordered by battery.
     */
    public List<PendingTransfer> pendingTransfers(String org) {
        List<String> candidates = inConnection("find pending transfers", c -> {
            String sql = "SELECT DISTINCT battery FROM ledger_event WHERE event_type = 'TRANSFER_INITIATED'"
                    + (org == null ? "" : " AND (actor_org = ? OR details LIKE ?)") + " ORDER BY battery";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (org != null) {
                    s.setString(1, org);
                    s.setString(2, "%\"to\":\"" + org + "\"%"); // details are JSON with sorted keys
                }
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
        List<PendingTransfer> pending = new ArrayList<>();
        for (String code : candidates) {
            List<LedgerEvent> events = events(code);
            BatteryState s = Lifecycle.replay(events, kindLookup());
            if (s.pendingTo() == null || (org != null && !org.equals(s.pendingTo()) && !org.equals(s.custodian()))) {
                continue;
            }
            for (int i = events.size() - 1; i >= 0; i--) {
                LedgerEvent e = events.get(i);
                if (e.type() == EventType.TRANSFER_INITIATED) {
                    pending.add(new PendingTransfer(code, s.custodian(), s.pendingTo(), e.seq(), e.occurredAt()));
                    break;
                }
            }
        }
        return pending;
    }

    /** The original code a re-coded battery came from, if any. */
    public Optional<String> originalCode(String code) {
        return linked("SELECT parent FROM battery_link WHERE child = ? AND relation = 'RECODED_FROM'", code)
                .stream().findFirst();
    }

    /** The pack or module this item is part of, if recorded. */
    public Optional<String> parentOf(String code) {
        return linked("SELECT parent FROM battery_link WHERE child = ? AND relation = 'COMPONENT'", code)
                .stream().findFirst();
    }

    /** The modules or cells recorded as part of this item, sorted. */
    public List<String> components(String code) {
        return linked("SELECT child FROM battery_link WHERE parent = ? AND relation = 'COMPONENT' ORDER BY child",
                code);
    }

    private List<String> linked(String sql, String code) {
        String battery = BatteryCode.parse(code).value();
        return inConnection("read links of " + battery, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, battery);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    // --- verification ---

    /** Checks one chain: every record present, unaltered, linked to its predecessor, and matching the head. */
    public VerifyReport verify(String code) {
        String battery = BatteryCode.parse(code).value();
        return inConnection("verify " + battery, c -> {
            List<LedgerEvent> chain = read(c, battery);
            return new VerifyReport(chain.isEmpty() ? 0 : 1, chain.size(), check(battery, chain, head(c, battery)));
        });
    }

    /** Checks every chain in the ledger. */
    public VerifyReport verifyAll() {
        return inConnection("verify the ledger", c -> {
            TreeSet<String> codes = new TreeSet<>();
            for (String sql : List.of("SELECT DISTINCT battery FROM ledger_event", "SELECT battery FROM ledger_head")) {
                try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        codes.add(rs.getString(1));
                    }
                }
            }
            List<VerifyFinding> findings = new ArrayList<>();
            long events = 0;
            for (String code : codes) {
                List<LedgerEvent> chain = read(c, code);
                events += chain.size();
                findings.addAll(check(code, chain, head(c, code)));
            }
            return new VerifyReport(codes.size(), events, findings);
        });
    }

    private record Head(long lastSeq, String lastHash) {
    }

    static List<VerifyFinding> check(String battery, List<LedgerEvent> chain, Head head) {
        List<VerifyFinding> findings = new ArrayList<>();
        long expected = 1;
        String prev = LedgerEvent.GENESIS;
        for (LedgerEvent e : chain) {
            if (e.seq() > expected) {
                for (long missing = expected; missing < e.seq() && findings.size() < 1000; missing++) {
                    findings.add(new VerifyFinding(battery, missing, "record is missing"));
                }
            } else if (e.seq() < expected) {
                findings.add(new VerifyFinding(battery, e.seq(), "sequence number out of order"));
            }
            if (!e.hash().equals(Canonical.recompute(e))) {
                findings.add(new VerifyFinding(battery, e.seq(), "record was altered: its contents do not match its"
                        + " hash"));
            } else if (e.seq() == expected && !e.prevHash().equals(prev)) {
                findings.add(new VerifyFinding(battery, e.seq(), "does not link to the hash of event "
                        + (e.seq() - 1) + ": that record was altered or replaced"));
            }
            prev = e.hash();
            expected = e.seq() + 1;
        }
        long last = expected - 1;
        if (head == null) {
            if (!chain.isEmpty()) {
                findings.add(new VerifyFinding(battery, last, "the chain head is missing"));
            }
        } else if (head.lastSeq() > last) {
            for (long missing = last + 1; missing <= head.lastSeq() && findings.size() < 1000; missing++) {
                findings.add(new VerifyFinding(battery, missing, "record is missing (the head records "
                        + head.lastSeq() + " events)"));
            }
        } else if (head.lastSeq() < last || !head.lastHash().equals(prev)) {
            findings.add(new VerifyFinding(battery, last, "does not match the chain head (seq " + head.lastSeq()
                    + ", hash " + head.lastHash().substring(0, Math.min(12, head.lastHash().length())) + "…)"));
        }
        return findings;
    }

    // --- plumbing ---

    private static Head head(Connection c, String battery) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT last_seq, last_hash FROM ledger_head WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : null;
            }
        }
    }

    private static List<LedgerEvent> read(Connection c, String battery) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM ledger_event WHERE battery = ?"
                + " ORDER BY seq")) {
            s.setString(1, battery);
            return rows(s);
        }
    }

    private static List<LedgerEvent> rows(PreparedStatement s) throws SQLException {
        List<LedgerEvent> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new LedgerEvent(rs.getString(1), rs.getLong(2), eventType(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6), rs.getString(7),
                        details(rs.getString(8)), rs.getString(9), rs.getString(10)));
            }
        }
        return out;
    }

    /** A type name altered into nonsense still yields an event, so verify can report it as altered. */
    private static EventType eventType(String name) {
        try {
            return EventType.valueOf(name);
        } catch (IllegalArgumentException e) {
            return EventType.GRADING;
        }
    }

    private static Map<String, String> details(String json) {
        try {
            return java.util.Collections.unmodifiableMap(JSON.readValue(json, DETAILS));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Unreadable details cannot hash to the stored value: verify reports the record as altered.
            return Map.of("unreadable", String.valueOf(json));
        }
    }

    private static String toJson(Map<String, String> details) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(details));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("details cannot be written as JSON", e);
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inConnection(String what, Work<T> work) {
        try (Connection c = registry.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new RegistryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = registry.dataSource().getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    throw new IllegalStateException("another event was appended to the same chain at the same time;"
                            + " retry", e);
                }
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
