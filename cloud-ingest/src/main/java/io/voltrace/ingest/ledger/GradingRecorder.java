package io.voltrace.ingest.ledger;

import io.voltrace.common.log.LogSafe;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.ingest.registry.HealthAssessment;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records health gradings in the ledger (a GRADING event by the battery's custodian) and publishes the latest one.
 * Batteries without a ledger history, or whose history has ended, are skipped: there is no custodian to record for.
 */
public final class GradingRecorder {
    /** {@code voltrace/v1/grading/<code>}: the latest grading, retained. */
    public static final String TOPIC_PREFIX = "voltrace/v1/grading/";
    private static final Logger LOG = LoggerFactory.getLogger(GradingRecorder.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;
    private final GradingPublisher publisher;

    public GradingRecorder(Ledger ledger, GradingPublisher publisher) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    public static String topic(String code) {
        return TOPIC_PREFIX + code;
    }

    /**
     * Whether a battery in this ledger state is retired from vehicle service: its gradings are then the ones that
     * decide where it goes, and each is recorded in the ledger.
     */
    public static boolean retired(Status status) {
        return status == Status.IN_SCRAPPED_VEHICLE || status == Status.SCRAPPED || status == Status.AT_RECYCLER;
    }

    /**
     * What the running service does with each assessment (issue #12): a retired battery's assessment is recorded in
     * the ledger as a GRADING event and published ({@link #record}); one in service is not written to the ledger (the
     * scheduler reassesses often; the assessment history keeps them), and is published, retained, only when its grade
     * differs from the previous assessment's. Returns the ledger event when one was appended.
     *
     * @param previousGrade the grade of the battery's assessment before this one, or null for its first
     */
    public Optional<LedgerEvent> onAssessed(HealthAssessment a, String previousGrade) {
        BatteryState state = ledger.state(a.battery());
        if (retired(state.status())) {
            return record(a);
        }
        if (!a.grade().equals(previousGrade)) {
            try {
                publisher.publish(a.battery(), payload(a, state.custodian()));
            } catch (RuntimeException e) {
                LOG.warn("publishing the grading of {} failed: {}", LogSafe.text(a.battery()), LogSafe.text(e));
            }
        }
        return Optional.empty();
    }

    /** The retained message for a grading not in the ledger: as {@link #payload(LedgerEvent)}, seq and hash null. */
    static byte[] payload(HealthAssessment a, String custodianOrg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("battery", a.battery());
        m.put("grade", a.grade());
        m.put("sohPercent", a.sohPercent());
        m.put("uncertaintyPercent", a.uncertaintyPercent());
        m.put("method", a.method());
        String reason = a.reasons().isEmpty() ? null : a.reasons().get(0);
        m.put("reason", reason != null && reason.length() > 500 ? reason.substring(0, 500) : reason);
        m.put("assessedAt", a.assessedAt().toString());
        m.put("custodianOrg", custodianOrg);
        m.put("seq", null);
        m.put("hash", null);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("grading payload cannot be written", ex);
        }
    }

    /** Appends the assessment as a GRADING event and publishes it; empty when the battery has no open history. */
    public Optional<LedgerEvent> record(HealthAssessment a) {
        BatteryState state = ledger.state(a.battery());
        if (state.status() == Status.UNKNOWN || state.status().terminal()) {
            LOG.debug("grading of {} not recorded: ledger state {}", LogSafe.text(a.battery()), state.status());
            return Optional.empty();
        }
        Map<String, String> details = new TreeMap<>();
        details.put("grade", a.grade());
        details.put("method", a.method());
        details.put("assessedAt", a.assessedAt().toString());
        if (a.sohPercent() != null) {
            details.put("sohPercent", Double.toString(a.sohPercent()));
        }
        if (a.uncertaintyPercent() != null) {
            details.put("uncertaintyPercent", Double.toString(a.uncertaintyPercent()));
        }
        if (!a.reasons().isEmpty()) {
            String reason = a.reasons().get(0);
            details.put("reason", reason.length() > 500 ? reason.substring(0, 500) : reason);
        }
        // An assessment of older data may arrive after later events; the grading is recorded when it is made.
        Instant at = state.lastOccurredAt() != null && a.assessedAt().isBefore(state.lastOccurredAt())
                ? state.lastOccurredAt() : a.assessedAt();
        LedgerEvent event = ledger.append(new NewEvent(a.battery(), EventType.GRADING, at, state.custodian(), details));
        publish(event);
        return Optional.of(event);
    }

    /** Publishes a recorded GRADING event; failures are logged, the ledger keeps the record either way. */
    public void publish(LedgerEvent event) {
        try {
            publisher.publish(event.battery(), payload(event));
        } catch (RuntimeException e) {
            LOG.warn("publishing the grading of {} (event {}) failed: {}", LogSafe.text(event.battery()),
                    event.seq(), LogSafe.text(e));
        }
    }

    /**
     * The retained message: {@code battery, grade, sohPercent, uncertaintyPercent, method, reason, assessedAt,
     * custodianOrg, seq, hash} (numbers as JSON numbers; absent values null).
     */
    public static byte[] payload(LedgerEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("battery", e.battery());
        m.put("grade", e.detail("grade"));
        m.put("sohPercent", number(e.detail("sohPercent")));
        m.put("uncertaintyPercent", number(e.detail("uncertaintyPercent")));
        m.put("method", e.detail("method"));
        m.put("reason", e.detail("reason"));
        m.put("assessedAt", e.detail("assessedAt") != null ? e.detail("assessedAt") : e.occurredAt().toString());
        m.put("custodianOrg", e.custodianOrg());
        m.put("seq", e.seq());
        m.put("hash", e.hash());
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("grading payload cannot be written", ex);
        }
    }

    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
