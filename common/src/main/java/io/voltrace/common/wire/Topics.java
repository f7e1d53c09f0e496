package io.voltrace.common.wire;

/**
 * The MQTT topic scheme, versioned so a later wire format can live beside this one:
 * {@code voltrace/v1/<device>/telemetry} for telemetry, {@code voltrace/v1/<device>/status} for the device's
 * retained online/offline status (and its Last Will).
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

    /** The device id in a telemetry topic, or null when the topic is not one. */
    public static String deviceOfTelemetry(String topic) {
        String prefix = ROOT + "/";
        String suffix = "/telemetry";
        if (topic == null || !topic.startsWith(prefix) || !topic.endsWith(suffix)) {
            return null;
        }
        String device = topic.substring(prefix.length(), topic.length() - suffix.length());
        return device.isEmpty() || device.contains("/") ? null : device;
    }
}
