package io.voltrace.ingest.reporting;

import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds regulatory exports from the ledger and records submissions. Due dates are counted in working days in
 * {@code zone} (Asia/Shanghai by default: the rules are Chinese). Blocking; thread-safe.
 */
public final class ReportingService {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    private final Registry registry;
    private final Ledger ledger;
    private final Clock clock;
    private final ZoneId zone;

    public ReportingService(Registry registry, Ledger ledger, Clock clock, ZoneId zone) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * The reportable events that happened in [from, to).
     *
     * @param actorOrg only the events this organisation must report, or null for all
     */
    public RegulatoryReport report(Instant from, Instant to, String actorOrg) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the period must end after it starts: " + from + " .. " + to);
        }
        Instant now = clock.instant();
        Map<String, Optional<OrganisationKind>> kinds = new HashMap<>();
        Map<String, Submission> submissions = submissions();
        List<ReportItem> items = new ArrayList<>();
        for (LedgerEvent e : ledger.eventsBetween(from, to)) {
            if (actorOrg != null && !actorOrg.equals(e.actorOrg())) {
                continue;
            }
            OrganisationKind kind = kinds.computeIfAbsent(e.actorOrg(),
                    o -> registry.organisation(o).map(Organisation::kind)).orElse(null);
            Optional<ReportingRule> rule = ReportingRule.of(e, kind);
            if (rule.isEmpty()) {
                continue;
            }
            LocalDate due = WorkingDays.after(e.occurredAt().atZone(zone).toLocalDate(), rule.get().workingDays());
            Instant dueEnd = due.plusDays(1).atStartOfDay(zone).toInstant();
            Submission s = submissions.get(e.battery() + "/" + e.seq());
            ReportStatus status;
            if (s != null) {
                status = s.at().isBefore(dueEnd) ? ReportStatus.ON_TIME : ReportStatus.LATE;
            } else {
                status = now.isBefore(dueEnd) ? ReportStatus.PENDING : ReportStatus.OVERDUE;
            }
            items.add(new ReportItem(e.battery(), e.seq(), e.type(), e.occurredAt(), e.actorOrg(), e.custodianOrg(),
                    rule.get().id(), due, s == null ? null : s.at(), s == null ? null : s.reference(), status,
                    e.hash()));
        }
        return new RegulatoryReport(from, to, zone, now, items);
    }

    /**
     * Records that an event was submitted to the regulator.
     *
     * @param actorOrg the submitting organisation (must be the event's actor), or null for an administrator
     * @throws IllegalArgumentException when there is no such event, it is not reportable, or it is not the actor's
     * @throws IllegalStateException    when it was submitted already
     */
    public ReportItem submit(String battery, long seq, String reference, String actorOrg) {
        LedgerEvent event = ledger.events(battery).stream().filter(e -> e.seq() == seq).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("battery " + battery + " has no event " + seq));
        if (actorOrg != null && !actorOrg.equals(event.actorOrg())) {
            throw new IllegalArgumentException("event " + seq + " of " + battery + " was recorded by "
                    + event.actorOrg() + ", who must report it");
        }
        OrganisationKind kind = registry.organisation(event.actorOrg()).map(Organisation::kind).orElse(null);
        if (ReportingRule.of(event, kind).isEmpty()) {
            throw new IllegalArgumentException(event.type().wireName() + " (event " + seq + " of " + battery
                    + ") is not an event the regulator must receive");
        }
        if (reference != null && reference.length() > 128) {
            throw new IllegalArgumentException("reference must be at most 128 characters");
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = registry.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO report_submission (battery, seq, submitted_at, reference) VALUES (?, ?, ?, ?)")) {
            s.setString(1, event.battery());
            s.setLong(2, seq);
            s.setObject(3, at.atOffset(ZoneOffset.UTC));
            s.setString(4, reference);
            s.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalStateException("event " + seq + " of " + battery + " was submitted already", e);
            }
            throw new RegistryException("cannot record the submission: " + e.getMessage(), e);
        }
        return report(event.occurredAt(), event.occurredAt().plusNanos(1000), null).items().stream()
                .filter(i -> i.battery().equals(event.battery()) && i.seq() == seq).findFirst()
                .orElseThrow(() -> new IllegalStateException("submission of " + battery + "/" + seq + " not found"));
    }

    private record Submission(Instant at, String reference) {
    }

    private Map<String, Submission> submissions() {
        Map<String, Submission> out = new HashMap<>();
        try (Connection c = registry.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT battery, seq, submitted_at, reference FROM report_submission");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/" + rs.getLong(2),
                        new Submission(rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot read report submissions: " + e.getMessage(), e);
        }
        return out;
    }
}
