package io.voltrace.common.wire;

/**
 * The MQTT topic scheme, versioned so a later wire format can live beside this one:
 * {@code voltrace/v1/<device>/telemetry} for telemetry, {@code voltrace/v1/<device>/status} for the device's
 * retained online/offline status (and its Last Will), {@code voltrace/v1/<device>/evidence} for health evidence and
 * safety events ({@link HealthEvidence}).
 */
public final class Topics {
    public static final String ROOT = "voltrace/v1";

    private Topics() {
    }

    public static String telemetry(String deviceId) {
        return ROOT + "/" + deviceId + "/telemetry";
    }

    /** Retained {@code {"state":"online"|"offline",...}} of a device; its Last Will says offline. */
    public static String status(String deviceId) {
        return ROOT + "/" + deviceId + "/status";
    }

    /** Health evidence and safety events of a device's batteries ({@link HealthEvidence}), one per message. */
    public static String evidence(String deviceId) {
        return ROOT + "/" + deviceId + "/evidence";
    }

    /** The device id in a telemetry topic, or null when the topic is not one. */
    public static String deviceOfTelemetry(String topic) {
        return deviceOf(topic, "/telemetry");
    }

    /** The device id in an evidence topic, or null when the topic is not one. */
    public static String deviceOfEvidence(String topic) {
        return deviceOf(topic, "/evidence");
    }

    private static String deviceOf(String topic, String suffix) {
        String prefix = ROOT + "/";
        if (topic == null || !topic.startsWith(prefix) || !topic.endsWith(suffix)) {
            return null;
        }
        String device = topic.substring(prefix.length(), topic.length() - suffix.length());
        return device.isEmpty() || device.contains("/") ? null : device;
    }
}
