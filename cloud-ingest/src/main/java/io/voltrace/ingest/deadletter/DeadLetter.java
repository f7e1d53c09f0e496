package io.voltrace.ingest.deadletter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A telemetry message the intake refused, as stored.
 *
 * @param id          store id, increasing with arrival (0 before it is stored)
 * @param receivedAt  when the intake received it; kept to microseconds
 * @param device      the sending device as far as known (authenticated client id or topic), or null
 * @param topic       the MQTT topic it came on
 * @param reason      short reason label, as counted in metrics (e.g. "value out of range")
 * @param detail      what exactly was wrong, naming the field and sample
 * @param payload     the raw payload bytes, at most {@link DeadLetterStore#MAX_STORED_PAYLOAD} of them
 * @param payloadSize size of the original payload; larger than {@code payload.length} when it was cut
 */
public record DeadLetter(long id, Instant receivedAt, String device, String topic, String reason, String detail,
                         byte[] payload, int payloadSize) {

    public DeadLetter {
        receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(payload, "payload");
    }

    public boolean truncated() {
        return payloadSize > payload.length;
    }

    public DeadLetter withId(long newId) {
        return new DeadLetter(newId, receivedAt, device, topic, reason, detail, payload, payloadSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && id == d.id && receivedAt.equals(d.receivedAt)
                && Objects.equals(device, d.device) && topic.equals(d.topic) && reason.equals(d.reason)
                && detail.equals(d.detail) && java.util.Arrays.equals(payload, d.payload)
                && payloadSize == d.payloadSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, receivedAt, device, topic, reason, detail, java.util.Arrays.hashCode(payload),
                payloadSize);
    }

    @Override
    public String toString() {
        return "DeadLetter[id=" + id + ", receivedAt=" + receivedAt + ", device=" + device + ", topic=" + topic
                + ", reason=" + reason + ", detail=" + detail + ", payloadSize=" + payloadSize + "]";
    }
}
