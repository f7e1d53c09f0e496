package io.voltrace.ingest.ledger;

import io.voltrace.common.code.BatteryCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An event to append.
 *
 * @param battery    a valid GB/T 34014 code
 * @param type       what happened
 * @param occurredAt when; kept to microseconds as SQL stores it
 * @param actorOrg   the organisation recording it
 * @param details    type-specific fields; keys are {@code [a-zA-Z][a-zA-Z0-9]*}, values up to 500 characters
 */
public record NewEvent(String battery, EventType type, Instant occurredAt, String actorOrg,
                       Map<String, String> details) {
    private static final Pattern KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,31}");

    public NewEvent {
        battery = BatteryCode.parse(battery).value();
        Objects.requireNonNull(type, "type");
        occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(actorOrg, "actorOrg");
        TreeMap<String, String> sorted = new TreeMap<>();
        if (details != null) {
            details.forEach((k, v) -> {
                if (k == null || !KEY.matcher(k).matches()) {
                    throw new IllegalArgumentException("detail name must be a letter then up to 31 letters or digits: "
                            + k);
                }
                if (v == null || v.length() > 500) {
                    throw new IllegalArgumentException("detail '" + k + "' must be a string of up to 500 characters");
                }
                sorted.put(k, v);
            });
        }
        details = java.util.Collections.unmodifiableMap(sorted);
    }

    public NewEvent(String battery, EventType type, Instant occurredAt, String actorOrg) {
        this(battery, type, occurredAt, actorOrg, Map.of());
    }
}
