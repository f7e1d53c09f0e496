package io.voltrace.ingest.validation;

import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

/**
 * Why a telemetry message was refused, as a short stable label (counters, metrics, dead letters) and the MQTT 5
 * PUBACK reason code the sender gets. Malformed input is "payload format invalid" (0x99), implausible data
 * "implementation specific error" (0x83), a battery the sender may not speak for "not authorized" (0x87).
 */
public enum RejectReason {
    MALFORMED("malformed payload", MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
    UNSUPPORTED_SCHEMA("unsupported schema version", MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID),
    OUT_OF_RANGE("value out of range", MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR),
    INCONSISTENT("inconsistent values", MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR),
    COUNTER_DECREASED("counter decreased", MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR),
    TIME_ORDER("timestamps not increasing", MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR),
    IN_FUTURE("timestamp in the future", MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR),
    TOO_OLD("timestamp too old", MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR),
    UNKNOWN_BATTERY("unknown battery", MqttPubAckReasonCode.NOT_AUTHORIZED);

    private final String label;
    private final MqttPubAckReasonCode mqttCode;

    RejectReason(String label, MqttPubAckReasonCode mqttCode) {
        this.label = label;
        this.mqttCode = mqttCode;
    }

    public String label() {
        return label;
    }

    public MqttPubAckReasonCode mqttCode() {
        return mqttCode;
    }
}
