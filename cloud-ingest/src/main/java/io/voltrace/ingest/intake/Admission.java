package io.voltrace.ingest.intake;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.validation.EvidenceValidator;
import io.voltrace.ingest.validation.Rejection;
import io.voltrace.ingest.validation.TelemetryValidator;
import io.voltrace.ingest.validation.Verdict;
import java.util.Set;

/**
 * The one admission rule set for telemetry, whichever way it arrives (the ingest's own endpoint or a broker's shared
 * subscription): the topic names the sending device, the payload is a telemetry batch of that device, and the battery
 * is registered to it. Anything else is a {@link Refusal} carrying the MQTT 5 reason code to answer with.
 */
public final class Admission {
    /** MQTT 5 PUBACK reason codes used for refusals. */
    public static final int NOT_AUTHORIZED = 0x87;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;

    private Admission() {
    }

    /**
     * @param device    the authenticated device (direct mode), or null when the broker authenticated it and the topic
     *                  is the only statement of who sent it (broker mode: the broker's ACL binds topic to user)
     * @param batteries the batteries registered to the sending device
     */
    public static TelemetryBatch admit(String device, Set<String> batteries, String topic, byte[] payload)
            throws Refusal {
        return admit(DEFAULT_VALIDATOR, device, batteries, topic, payload);
    }

    /** Validation with the default limits and the system clock. */
    private static final TelemetryValidator DEFAULT_VALIDATOR = TelemetryValidator.withDefaults();

    /**
     * As {@link #admit(String, Set, String, byte[])}, and the batch's values must pass {@code validator}
     * (plausible ranges, counters, sample times): a failure is refused with the validator's reason and MQTT code.
     */
    public static TelemetryBatch admit(TelemetryValidator validator, String device, Set<String> batteries,
                                       String topic, byte[] payload) throws Refusal {
        String topicDevice = Topics.deviceOfTelemetry(topic);
        if (topicDevice == null) {
            throw new Refusal("unknown topic", TOPIC_NAME_INVALID, "topic must be " + Topics.telemetry("<device>"));
        }
        String sender = device == null ? topicDevice : device;
        if (!topicDevice.equals(sender)) {
            throw new Refusal("topic of another device", NOT_AUTHORIZED,
                    "device " + sender + " may not publish as " + topicDevice);
        }
        TelemetryBatch batch = accepted(validator.decode(payload));
        if (!sender.equals(batch.device())) {
            throw new Refusal("payload of another device", NOT_AUTHORIZED, "payload names device " + batch.device());
        }
        if (!batteries.contains(batch.battery())) {
            throw new Refusal("battery not registered to device", NOT_AUTHORIZED,
                    "battery " + batch.battery() + " is not registered to device " + sender);
        }
        return accepted(validator.check(batch));
    }

    /** Whether a topic is an evidence topic (of any device); the rest goes to {@link #admit}. */
    public static boolean isEvidence(String topic) {
        return Topics.deviceOfEvidence(topic) != null;
    }

    /**
     * The same rules for an evidence message ({@link Topics#evidence}): the topic names the sender, the payload is
     * evidence of that device, the battery is registered to it, and its values pass {@code validator}.
     *
     * @param device    the authenticated device, or null in broker mode (the topic names the sender)
     * @param batteries the batteries registered to the sending device
     */
    public static HealthEvidence admitEvidence(EvidenceValidator validator, String device, Set<String> batteries,
                                               String topic, byte[] payload) throws Refusal {
        String topicDevice = Topics.deviceOfEvidence(topic);
        if (topicDevice == null) {
            throw new Refusal("unknown topic", TOPIC_NAME_INVALID, "topic must be " + Topics.evidence("<device>"));
        }
        String sender = device == null ? topicDevice : device;
        if (!topicDevice.equals(sender)) {
            throw new Refusal("topic of another device", NOT_AUTHORIZED,
                    "device " + sender + " may not publish as " + topicDevice);
        }
        EvidenceValidator.Result decoded = validator.decode(payload);
        if (!decoded.accepted()) {
            throw refusal(decoded.rejection());
        }
        HealthEvidence evidence = decoded.evidence();
        if (!sender.equals(evidence.device())) {
            throw new Refusal("payload of another device", NOT_AUTHORIZED, "payload names device "
                    + evidence.device());
        }
        if (!batteries.contains(evidence.battery())) {
            throw new Refusal("battery not registered to device", NOT_AUTHORIZED,
                    "battery " + evidence.battery() + " is not registered to device " + sender);
        }
        Rejection rejection = validator.check(evidence);
        if (rejection != null) {
            throw refusal(rejection);
        }
        return evidence;
    }

    private static Refusal refusal(Rejection r) {
        return new Refusal(r.reason().label(), r.reason().mqttCode().value() & 0xFF, r.detail());
    }

    private static TelemetryBatch accepted(Verdict verdict) throws Refusal {
        if (verdict.accepted()) {
            return verdict.batch();
        }
        throw new Refusal(verdict.rejection().reason().label(), verdict.rejection().reason().mqttCode().value() & 0xFF,
                verdict.rejection().detail());
    }

    /** A refused message: a short reason (for counters), the MQTT 5 reason code, and the detail for the log. */
    public static final class Refusal extends Exception {
        private final String reason;
        private final int reasonCode;

        public Refusal(String reason, int reasonCode, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
            this.reasonCode = reasonCode;
        }

        public String reason() {
            return reason;
        }

        public int reasonCode() {
            return reasonCode;
        }
    }
}
