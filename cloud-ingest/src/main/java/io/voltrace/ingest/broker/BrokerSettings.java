package io.voltrace.ingest.broker;

/**
 * How an ingest instance joins a broker in broker mode.
 *
 * @param serverUri      e.g. {@code tcp://mosquitto:1883} or {@code ssl://broker:8883}
 * @param clientId       unique per ingest instance (its persistent session is kept by the broker across restarts)
 * @param username       the ingest's broker account (the broker's ACL lets it read every device's telemetry)
 * @param password       its password
 * @param shareGroup     shared-subscription group: instances in one group split the fleet's messages between them
 * @param receiveMaximum unacknowledged messages the broker may have in flight to this instance (backpressure: the
 *                       ingest acknowledges only after the store write, so this bounds its memory)
 */
public record BrokerSettings(String serverUri, String clientId, String username, char[] password, String shareGroup,
                             int receiveMaximum) {
    public BrokerSettings {
        if (serverUri == null || serverUri.isBlank()) {
            throw new IllegalArgumentException("broker mode needs a broker URI");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("broker mode needs a client id unique to this ingest instance");
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receiveMaximum must be 1..65535, was " + receiveMaximum);
        }
        if (shareGroup == null || shareGroup.isBlank() || shareGroup.contains("/")) {
            throw new IllegalArgumentException("shareGroup must be a non-empty name without '/'");
        }
    }

    /** The topic filter the group subscribes to. */
    public String subscription() {
        return "$share/" + shareGroup + "/voltrace/v1/+/telemetry";
    }

    /** The topic filter for the devices' health evidence and safety events. */
    public String evidenceSubscription() {
        return "$share/" + shareGroup + "/voltrace/v1/+/evidence";
    }

    @Override
    public String toString() {
        return "BrokerSettings[serverUri=" + serverUri + ", clientId=" + clientId + ", username=" + username
                + ", shareGroup=" + shareGroup + ", receiveMaximum=" + receiveMaximum + "]";
    }
}
