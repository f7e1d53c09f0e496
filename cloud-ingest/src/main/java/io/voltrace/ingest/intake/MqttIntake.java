package io.voltrace.ingest.intake;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.deadletter.DeadLetterSink;
import io.voltrace.ingest.validation.EvidenceValidator;
import io.voltrace.ingest.validation.TelemetryValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest's own MQTT endpoint (direct mode), in the manner of a Hono protocol adapter: it authenticates devices
 * against the registry, checks that each message speaks only for the sender's own batteries, and hands valid
 * telemetry to the {@link WriteBatcher}. QoS 1 messages are acknowledged only once stored; refused ones get an
 * MQTT 5 failure reason code (v3 clients cannot be told, so they get a plain acknowledgement and a log line).
 * Edge evidence ({@link Topics#evidence}) passes the same identity and ownership checks and is stored through the
 * same batcher, when it takes evidence.
 */
public final class MqttIntake {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIntake.class);
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    /**
     * Receive Maximum sent in CONNACK: a device may have at most this many QoS 1 messages unacknowledged. Since
     * acknowledgements wait for the store, a slow store slows devices down instead of filling this process's memory.
     */
    static final int RECEIVE_MAXIMUM = 64;

    private final Vertx vertx;
    private final DeviceDirectory devices;
    private final WriteBatcher batcher;
    private final IntakeCounters counters = new IntakeCounters();
    private final java.util.Map<String, String> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private final TelemetryValidator validator;
    private final EvidenceValidator evidenceValidator;
    private final DeadLetterSink deadLetters;
    private MqttServer server;

    /** Validates with the default limits and keeps no dead letters. */
    public MqttIntake(Vertx vertx, DeviceDirectory devices, WriteBatcher batcher) {
        this(vertx, devices, batcher, TelemetryValidator.withDefaults(), DeadLetterSink.NONE);
    }

    /** Refused messages go to {@code deadLetters} with their reason and raw payload. */
    public MqttIntake(Vertx vertx, DeviceDirectory devices, WriteBatcher batcher, TelemetryValidator validator,
                      DeadLetterSink deadLetters) {
        this.vertx = vertx;
        this.devices = devices;
        this.batcher = batcher;
        this.validator = validator;
        this.evidenceValidator = new EvidenceValidator(validator.limits(), Clock.systemUTC());
        this.deadLetters = deadLetters;
    }

    /** Starts listening; the future holds the bound port (useful with port 0). */
    public Future<Integer> start(String host, int port) {
        return start(host, port, null, null);
    }

    /** Starts listening with TLS when a PEM certificate chain and key are given; the future holds the bound port. */
    public Future<Integer> start(String host, int port, Path certFile, Path keyFile) {
        MqttServerOptions options = new MqttServerOptions()
                .setHost(host)
                .setPort(port)
                .setMaxMessageSize(MAX_MESSAGE_BYTES)
                .setTimeoutOnConnect(30);
        if (certFile != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(certFile.toString()).setKeyPath(keyFile.toString()));
        }
        server = MqttServer.create(vertx, options).endpointHandler(this::onConnect);
        return server.listen().map(MqttServer::actualPort);
    }

    public IntakeCounters counters() {
        return counters;
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void onConnect(MqttEndpoint endpoint) {
        MqttAuth auth = endpoint.auth();
        String deviceId = endpoint.clientIdentifier();
        if (auth == null || auth.getUsername() == null || auth.getPassword() == null
                || !auth.getUsername().equals(deviceId)) {
            counters.refused("connect without matching credentials");
            LOG.warn("refused connection client={}: user name must equal the client id and a password is required",
                    deviceId);
            endpoint.reject(badCredentials(endpoint));
            return;
        }
        char[] secret = auth.getPassword().toCharArray();
        vertx.executeBlocking(() -> devices.authenticate(deviceId, secret)).onComplete(result -> {
            Optional<Set<String>> batteries = result.succeeded() ? result.result() : Optional.empty();
            if (result.failed()) {
                LOG.error("device lookup failed for {}: {}", deviceId, result.cause().toString());
            }
            if (batteries.isEmpty()) {
                counters.refused("bad credentials");
                LOG.warn("refused connection device={}: unknown device or wrong secret", deviceId);
                endpoint.reject(badCredentials(endpoint));
                return;
            }
            DeviceSession session = new DeviceSession(deviceId, batteries.get());
            endpoint.publishAutoAck(false);
            endpoint.publishHandler(message -> onPublish(endpoint, session, message));
            endpoint.exceptionHandler(e -> LOG.debug("device={} connection error: {}", deviceId, e.toString()));
            if (endpoint.protocolVersion() >= 5) {
                MqttProperties connack = new MqttProperties();
                connack.add(new MqttProperties.IntegerProperty(
                        MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), RECEIVE_MAXIMUM));
                endpoint.accept(false, connack);
            } else {
                endpoint.accept(false);
            }
            LOG.debug("accepted device={} batteries={}", deviceId, session.batteries().size());
        });
    }

    private record DeviceSession(String deviceId, Set<String> batteries) {
    }

    private void onPublish(MqttEndpoint endpoint, DeviceSession session, MqttPublishMessage message) {
        Context context = Vertx.currentContext();
        int id = message.messageId();
        boolean needsAck = message.qosLevel() == MqttQoS.AT_LEAST_ONCE;
        TelemetryBatch batch;
        byte[] payload = message.payload().getBytes();
        if (message.topicName().equals(Topics.status(session.deviceId()))) {
            // The agent's retained online/offline status: this endpoint is no broker, so it keeps the latest one.
            statuses.put(session.deviceId(), new String(payload, java.nio.charset.StandardCharsets.UTF_8));
            if (needsAck) {
                batcher.submit(null, () -> context.runOnContext(v -> ack(endpoint, id, MqttPubAckReasonCode.SUCCESS)));
            }
            return;
        }
        if (Admission.isEvidence(message.topicName()) && batcher.takesEvidence()) {
            onEvidence(endpoint, session, message, payload, context, needsAck);
            return;
        }
        try {
            batch = Admission.admit(validator, session.deviceId(), session.batteries(), message.topicName(), payload);
        } catch (Admission.Refusal r) {
            counters.refused(r.reason());
            deadLetters.refused(session.deviceId(), message.topicName(), r.reason(), r.getMessage(), payload);
            LOG.warn("refused message device={} topic={}: {}", session.deviceId(), message.topicName(), r.getMessage());
            if (needsAck) {
                MqttPubAckReasonCode code = MqttPubAckReasonCode.valueOf((byte) r.reasonCode());
                String why = reasonString(r);
                batcher.submit(null, () -> context.runOnContext(v -> ack(endpoint, id, code, why)));
            }
            return;
        }
        counters.accepted(batch.points());
        batcher.submit(batch, needsAck
                ? () -> context.runOnContext(v -> ack(endpoint, id, MqttPubAckReasonCode.SUCCESS))
                : () -> { });
    }

    private void onEvidence(MqttEndpoint endpoint, DeviceSession session, MqttPublishMessage message, byte[] payload,
                            Context context, boolean needsAck) {
        int id = message.messageId();
        HealthEvidence evidence;
        try {
            evidence = Admission.admitEvidence(evidenceValidator, session.deviceId(), session.batteries(),
                    message.topicName(), payload);
        } catch (Admission.Refusal r) {
            refuse(endpoint, session, message, payload, context, needsAck, r);
            return;
        }
        counters.acceptedEvidence();
        batcher.submitEvidence(evidence, needsAck
                ? () -> context.runOnContext(v -> ack(endpoint, id, MqttPubAckReasonCode.SUCCESS))
                : () -> { });
    }

    private void refuse(MqttEndpoint endpoint, DeviceSession session, MqttPublishMessage message, byte[] payload,
                        Context context, boolean needsAck, Admission.Refusal r) {
        counters.refused(r.reason());
        deadLetters.refused(session.deviceId(), message.topicName(), r.reason(), r.getMessage(), payload);
        LOG.warn("refused message device={} topic={}: {}", session.deviceId(), message.topicName(), r.getMessage());
        if (needsAck) {
            MqttPubAckReasonCode code = MqttPubAckReasonCode.valueOf((byte) r.reasonCode());
            int id = message.messageId();
            String why = reasonString(r);
            batcher.submit(null, () -> context.runOnContext(v -> ack(endpoint, id, code, why)));
        }
    }

    /** The latest status a device published on its status topic (its own words, e.g. online/offline JSON), or null. */
    public String deviceStatus(String deviceId) {
        return statuses.get(deviceId);
    }

    private static void ack(MqttEndpoint endpoint, int messageId, MqttPubAckReasonCode code) {
        ack(endpoint, messageId, code, null);
    }

    /**
     * The refusal's reason for the device, as the MQTT 5 reason string of its PUBACK: printable ASCII, at most 200
     * characters, so a device's own bytes cannot smuggle control characters into the agent's log.
     */
    static String reasonString(Admission.Refusal r) {
        String text = r.reason() + ": " + r.getMessage();
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && sb.length() < 200; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    private static void ack(MqttEndpoint endpoint, int messageId, MqttPubAckReasonCode code, String reasonString) {
        if (!endpoint.isConnected()) {
            return; // the device will resend after reconnecting; the store deduplicates
        }
        if (endpoint.protocolVersion() >= 5) {
            MqttProperties properties = MqttProperties.NO_PROPERTIES;
            if (reasonString != null) {
                properties = new MqttProperties();
                properties.add(new MqttProperties.StringProperty(
                        MqttProperties.MqttPropertyType.REASON_STRING.value(), reasonString));
            }
            endpoint.publishAcknowledge(messageId, code, properties);
        } else {
            endpoint.publishAcknowledge(messageId);
        }
    }

    private static MqttConnectReturnCode badCredentials(MqttEndpoint endpoint) {
        return endpoint.protocolVersion() >= 5
                ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
    }
}
