package io.voltrace.edge.mqtt;

/**
 * Where and as whom the agent publishes.
 *
 * @param serverUri   e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param deviceId    the device identity: MQTT client id, user name and topic segment
 * @param secret      the device's password
 * @param maxInFlight unacknowledged QoS 1 messages allowed at once (Paho refuses more than the server's receive max)
 */
public record MqttSettings(String serverUri, String deviceId, char[] secret, int maxInFlight) {
    public MqttSettings {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "MqttSettings[serverUri=" + serverUri + ", deviceId=" + deviceId + ", maxInFlight=" + maxInFlight + "]";
    }
}
