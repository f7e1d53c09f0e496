package io.voltrace.ingest.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.testing.TestRegistries;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportingTest {
    static final String CODE = "VTRPE96DEMO001T5C0000001";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void workingDaysSkipWeekends() {
        LocalDate friday = LocalDate.of(2026, 3, 6);
        assertThat(WorkingDays.after(friday, 1)).isEqualTo(LocalDate.of(2026, 3, 9)); // Monday
        assertThat(WorkingDays.after(friday, 15)).isEqualTo(LocalDate.of(2026, 3, 27));
        assertThat(WorkingDays.after(LocalDate.of(2026, 3, 7), 1)).isEqualTo(LocalDate.of(2026, 3, 9)); // Saturday
        assertThat(WorkingDays.after(friday, 30)).isEqualTo(LocalDate.of(2026, 4, 17));
    }

    @Test
    void flagsOverdueAndLateAgainstWorkingDayDeadlinesAndExportsJsonAndCsv() throws Exception {
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2)) {
            Instant t0 = Instant.parse("2026-03-02T02:00:00Z"); // Monday 10:00 in Shanghai
            for (OrganisationKind k : OrganisationKind.values()) {
                db.registry().createOrganisation(new Organisation(k.wireName(), k.wireName(), k, t0));
            }
            Instant[] now = {t0.plusSeconds(86_400L * 10)};
            Clock clock = new Clock() {
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                public Clock withZone(ZoneId zone) {
                    return this;
                }

                public Instant instant() {
                    return now[0];
                }
            };
            Ledger ledger = new Ledger(db.registry(), clock);
            ReportingService reports = new ReportingService(db.registry(), ledger, clock, ZONE);
            ledger.append(new NewEvent(CODE, EventType.PRODUCTION, t0, "manufacturer"));
            ledger.append(new NewEvent(CODE, EventType.TRANSFER_INITIATED, t0, "manufacturer", Map.of("to",
                    "dismantler")));
            ledger.append(new NewEvent(CODE, EventType.TRANSFER_ACCEPTED, t0.plusSeconds(3600), "dismantler"));
            ledger.append(new NewEvent(CODE, EventType.TRANSFER_INITIATED, t0.plusSeconds(86_400), "dismantler",
                    Map.of("to", "recycler")));
            ledger.append(new NewEvent(CODE, EventType.TRANSFER_ACCEPTED, t0.plusSeconds(86_400 * 2), "recycler"));
            ledger.append(new NewEvent(CODE, EventType.RECYCLER_INTAKE, t0.plusSeconds(86_400 * 2), "recycler"));

            // Day 10: nothing is overdue yet (15+ working days allowed).
            RegulatoryReport early = reports.report(t0, t0.plusSeconds(86_400L * 30), null);
            assertThat(early.items()).extracting(ReportItem::seq).containsExactly(3L, 5L, 6L);
            assertThat(early.items()).extracting(ReportItem::status).containsOnly(ReportStatus.PENDING);
            ReportItem transfer = early.items().get(0);
            assertThat(transfer.rule()).isEqualTo("recovery-transfer");
            assertThat(transfer.dueDate()).isEqualTo(LocalDate.of(2026, 4, 13)); // 30 working days after 2 March

            reports.submit(CODE, 6, "MIIT-123", "recycler");
            assertThatThrownBy(() -> reports.submit(CODE, 6, null, "recycler")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> reports.submit(CODE, 5, null, "dismantler"))
                    .hasMessageContaining("recorded by recycler");
            assertThatThrownBy(() -> reports.submit(CODE, 1, null, null))
                    .hasMessageContaining("not an event the regulator must receive");

            // 14 April 2026 Shanghai: the 2 March transfer (due 13 April) is overdue; 4 March ones are due 15 April.
            now[0] = Instant.parse("2026-04-13T16:00:00Z");
            RegulatoryReport later = reports.report(t0, t0.plusSeconds(86_400L * 30), null);
            assertThat(later.items()).extracting(ReportItem::status)
                    .containsExactly(ReportStatus.OVERDUE, ReportStatus.PENDING, ReportStatus.ON_TIME);
            assertThat(later.overdue()).isEqualTo(1);
            reports.submit(CODE, 3, "late", "dismantler");
            assertThat(reports.report(t0, t0.plusSeconds(86_400L * 30), "dismantler").items())
                    .extracting(ReportItem::status).containsExactly(ReportStatus.LATE);

            String csv = later.toCsv();
            assertThat(csv.split("\r\n")).hasSize(4);
            assertThat(csv).startsWith("battery,seq,eventType,occurredAt,actorOrg,custodianOrg,rule,dueDate,"
                    + "submittedAt,reference,status,hash\r\n");
            assertThat(csv).contains(CODE + ",3,transfer_accepted,2026-03-02T03:00:00Z,dismantler,dismantler,"
                    + "recovery-transfer,2026-04-13,,,overdue,");
            Map<String, Object> json = later.toJson();
            assertThat(json).containsEntry("format", "voltrace-regulatory-report/1").containsEntry("overdue", 1L);
        }
    }
}
