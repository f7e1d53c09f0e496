package io.voltrace.ingest.recycler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.voltrace.analytics.grading.IntakeEvidence;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.LedgerEvent;
import io.voltrace.ingest.ledger.NewEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Recycler intake tests and triages of a battery: each one an {@code intake_test} event in its hash-chained ledger
 * (the figures the grading uses and the SHA-256 of the report) with its full report in {@code intake_test_report}
 * (V14). The grading takes the latest bench test, else the latest triage ({@link #latestEvidence}); the ledger is the record, so an altered figure
 * fails {@code ledger verify}, and a report that no longer matches its hash is shown as such.
 */
public final class IntakeTests {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final Ledger ledger;
    private final DataSource dataSource;

    public IntakeTests(Ledger ledger, DataSource dataSource) {
        this.ledger = ledger;
        this.dataSource = dataSource;
    }

    /**
     * Stores the report, then appends the event (a report without its event is never read). The ledger decides
     * whether {@code actorOrg} may record it: a recycler holding the battery, or the one a pending transfer offers it
     * to.
     *
     * @throws io.voltrace.ingest.ledger.ImpossibleHistoryException when the history or custody forbids it
     */
    public IntakeTestRecord record(String code, String actorOrg, Instant occurredAt, IntakeSubmission s) {
        String report = canonical(s.report());
        String sha = sha256(report);
        storeReport(code, sha, IntakeTestRecord.wire(s.evidence().kind()), report, actorOrg, occurredAt);
        Map<String, String> details = new HashMap<>(s.details());
        IntakeEvidence e = s.evidence();
        details.put("kind", IntakeTestRecord.wire(e.kind()));
        details.put("capacityAh", IntakeSubmission.fmt(e.capacityAh()));
        details.put("sohPercent", IntakeSubmission.fmt(e.sohPercent()));
        details.put("sigmaPercent", IntakeSubmission.fmt(e.sigmaPercent()));
        details.put("source", e.source());
        details.put("reportSha256", sha);
        LedgerEvent event = ledger.append(new NewEvent(code, EventType.INTAKE_TEST, occurredAt, actorOrg, details));
        return IntakeTestRecord.of(event, s.report());
    }

    /** Every intake test and triage of the battery, oldest first, each with its report. */
    public List<IntakeTestRecord> list(String code) {
        List<IntakeTestRecord> out = new ArrayList<>();
        for (LedgerEvent e : ledger.events(code)) {
            if (e.type() == EventType.INTAKE_TEST) {
                out.add(IntakeTestRecord.of(e, report(code, e.detail("reportSha256")).orElse(null)));
            }
        }
        return out;
    }

    /**
     * The figure the grading takes: the latest bench test, a measurement, over any triage, an estimate; the latest
     * triage when the battery was never bench-tested; null when it has neither.
     */
    public IntakeEvidence latestEvidence(String code) {
        IntakeEvidence triage = null;
        List<LedgerEvent> events = ledger.events(code);
        for (int i = events.size() - 1; i >= 0; i--) {
            LedgerEvent e = events.get(i);
            if (e.type() == EventType.INTAKE_TEST) {
                IntakeEvidence found = IntakeTestRecord.of(e, null).evidence();
                if (found.kind() == IntakeEvidence.Kind.TESTED) {
                    return found;
                }
                if (triage == null) {
                    triage = found;
                }
            }
        }
        return triage;
    }

    private void storeReport(String code, String sha, String kind, String report, String org, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT 1 FROM intake_test_report WHERE battery = ? AND sha256 = ?")) {
                s.setString(1, code);
                s.setString(2, sha);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return; // the same report again: one copy serves both events
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO intake_test_report (battery, sha256, kind, "
                    + "report, stored_by, stored_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, code);
                s.setString(2, sha);
                s.setString(3, kind);
                s.setString(4, report);
                s.setString(5, org);
                s.setObject(6, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                s.executeUpdate();
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return; // stored by a concurrent request
            }
            throw new IllegalStateException("cannot store the intake test report of " + code + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<JsonNode> report(String code, String sha) {
        if (sha == null) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT report FROM intake_test_report WHERE battery = ? AND sha256 = ?")) {
            s.setString(1, code);
            s.setString(2, sha);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String text = rs.getString(1);
                if (!sha256(text).equals(sha)) {
                    return Optional.empty(); // altered in the store: not the report the ledger vouches for
                }
                return Optional.of(JSON.readTree(text));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the intake test report of " + code + ": " + e.getMessage(),
                    e);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String canonical(JsonNode report) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(report, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
