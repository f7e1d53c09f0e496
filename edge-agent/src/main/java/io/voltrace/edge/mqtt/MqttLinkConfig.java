package io.voltrace.edge.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent holds its connection to the broker (or the ingest's own endpoint).
 *
 * @param serverUri       {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId        MQTT client id; the session is kept under it
 * @param username        MQTT user name, or null for none
 * @param password        MQTT password, or null for none
 * @param tls             TLS settings; required for {@code ssl://}, null otherwise
 * @param keepAlive       keep-alive interval: how soon a silent dead connection is noticed
 * @param sessionExpiry   how long the broker keeps the session after a disconnect (persistent session)
 * @param maxInFlight     unacknowledged QoS 1 messages allowed at once (also bounded by the server's receive maximum)
 * @param reconnectMin    first reconnection delay ceiling
 * @param reconnectMax    largest reconnection delay ceiling
 * @param connectTimeout  how long one connection attempt may take
 * @param statusTopic     where retained online/offline status and the Last Will go, or null for none
 */
public record MqttLinkConfig(String serverUri, String clientId, String username, char[] password, TlsConfig tls,
                             Duration keepAlive, Duration sessionExpiry, int maxInFlight, Duration reconnectMin,
                             Duration reconnectMax, Duration connectTimeout, String statusTopic) {
    public MqttLinkConfig {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
            throw new IllegalArgumentException("server URI must start with tcp:// or ssl://, was " + serverUri);
        }
        if (serverUri.startsWith("ssl://") && tls == null) {
            throw new IllegalArgumentException("an ssl:// server needs TLS settings");
        }
        if (maxInFlight < 1 || maxInFlight > 65535) {
            throw new IllegalArgumentException("maxInFlight must be 1..65535, was " + maxInFlight);
        }
    }

    /**
     * The defaults the agent ships with: the device id as client id and user name; for {@code ssl://}, the server
     * verified against the JVM's trusted roots.
     */
    public static MqttLinkConfig plain(String serverUri, String deviceId, char[] password) {
        TlsConfig tls = serverUri.startsWith("ssl://") ? new TlsConfig(null, null, null, true) : null;
        return new MqttLinkConfig(serverUri, deviceId, deviceId, password, tls, Duration.ofSeconds(30),
                Duration.ofDays(1), 32, Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofSeconds(30), null);
    }

    public MqttLinkConfig withStatusTopic(String topic) {
        return new MqttLinkConfig(serverUri, clientId, username, password, tls, keepAlive, sessionExpiry, maxInFlight,
                reconnectMin, reconnectMax, connectTimeout, topic);
    }

    public MqttLinkConfig withReconnect(Duration min, Duration max) {
        return new MqttLinkConfig(serverUri, clientId, username, password, tls, keepAlive, sessionExpiry, maxInFlight,
                min, max, connectTimeout, statusTopic);
    }

    public MqttLinkConfig withTls(TlsConfig newTls) {
        return new MqttLinkConfig(serverUri, clientId, username, password, newTls, keepAlive, sessionExpiry,
                maxInFlight, reconnectMin, reconnectMax, connectTimeout, statusTopic);
    }

    public MqttLinkConfig withMaxInFlight(int n) {
        return new MqttLinkConfig(serverUri, clientId, username, password, tls, keepAlive, sessionExpiry, n,
                reconnectMin, reconnectMax, connectTimeout, statusTopic);
    }

    @Override
    public String toString() {
        return "MqttLinkConfig[" + serverUri + ", clientId=" + clientId + ", username=" + username
                + ", tls=" + (tls != null) + ", maxInFlight=" + maxInFlight + "]";
    }
}
