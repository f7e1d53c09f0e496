package io.voltrace.ingest.intake;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the intake accepted and refused, by reason. */
public final class IntakeCounters {
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong acceptedPoints = new AtomicLong();
    private final AtomicLong acceptedEvidence = new AtomicLong();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    public void accepted(int points) {
        accepted.incrementAndGet();
        acceptedPoints.addAndGet(points);
    }

    /** One edge evidence message accepted (counted apart from telemetry). */
    public void acceptedEvidence() {
        acceptedEvidence.incrementAndGet();
    }

    public long acceptedEvidenceMessages() {
        return acceptedEvidence.get();
    }

    public void refused(String reason) {
        refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public long accepted() {
        return accepted.get();
    }

    public long acceptedPoints() {
        return acceptedPoints.get();
    }

    public Map<String, Long> refusedByReason() {
        Map<String, Long> copy = new TreeMap<>();
        refused.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
