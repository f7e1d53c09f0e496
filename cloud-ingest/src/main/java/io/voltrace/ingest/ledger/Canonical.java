package io.voltrace.ingest.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte string an event's hash covers: a version line, then every field as {@code name:length:value\n} in a
 * fixed order (details sorted by key, each as {@code detail.KEY}), then the previous hash. The UTF-8 length prefix
 * makes the encoding unambiguous whatever the values contain; instants are ISO-8601 UTC to the microsecond.
 */
public final class Canonical {
    static final String VERSION = "voltrace-ledger/1";

    private Canonical() {
    }

    public static byte[] encode(String battery, long seq, EventType type, Instant occurredAt, Instant recordedAt,
                                String actorOrg, String custodianOrg, Map<String, String> details, String prevHash) {
        StringBuilder b = new StringBuilder(512).append(VERSION).append('\n');
        field(b, "battery", battery);
        field(b, "seq", Long.toString(seq));
        field(b, "type", type.name());
        field(b, "occurredAt", occurredAt.toString());
        field(b, "recordedAt", recordedAt.toString());
        field(b, "actor", actorOrg);
        field(b, "custodian", custodianOrg == null ? "" : custodianOrg);
        new TreeMap<>(details).forEach((k, v) -> field(b, "detail." + k, v));
        field(b, "prev", prevHash);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String hash(String battery, long seq, EventType type, Instant occurredAt, Instant recordedAt,
                              String actorOrg, String custodianOrg, Map<String, String> details, String prevHash) {
        return sha256(encode(battery, seq, type, occurredAt, recordedAt, actorOrg, custodianOrg, details, prevHash));
    }

    /** The hash the event's own fields give; differs from {@code event.hash()} when the row was altered. */
    public static String recompute(LedgerEvent e) {
        return hash(e.battery(), e.seq(), e.type(), e.occurredAt(), e.recordedAt(), e.actorOrg(), e.custodianOrg(),
                e.details(), e.prevHash());
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null) {
            // Never written (details are strings), so only a tampered row has it: encode it apart so the
            // hash differs and verification names the record instead of failing (#16).
            b.append(name).append(":-1:\n");
            return;
        }
        b.append(name).append(':').append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value)
                .append('\n');
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
