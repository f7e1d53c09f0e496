package io.voltrace.ingest.intake;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import io.voltrace.common.log.LogSafe;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.ingest.deadletter.DeadLetterSink;
import io.voltrace.ingest.validation.EvidenceValidator;
import io.voltrace.ingest.validation.TelemetryValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest's own MQTT endpoint (direct mode), in the manner of a Hono protocol adapter: it authenticates devices
 * against the registry, checks that each message speaks only for the sender's own batteries, and hands valid
 * telemetry to the {@link WriteBatcher}. QoS 1 messages are acknowledged only once stored; refused ones get an
 * MQTT 5 failure reason code (v3 clients cannot be told, so they get a plain acknowledgement and a log line).
 * Edge evidence ({@link Topics#evidence}) passes the same identity and ownership checks and is stored through the
 * same batcher, when it takes evidence.
 *
 * <p>Logins run in parallel on a small pool of their own, at most {@link #MAX_PENDING_LOGINS} waiting (more get
 * "server busy" and retry), and a source address that keeps failing is refused before any secret is checked
 * ({@link LoginGuard}). A second connection with a device's client id takes the session over: the older one is
 * closed with reason 0x8E. The CONNACK states what this endpoint serves: QoS 1 at most (a QoS 2 publish is refused
 * with DISCONNECT 0x9B), packets of at most {@link #MAX_PACKET_BYTES} (a larger one gets DISCONNECT 0x95 and a dead
 * letter), no subscriptions (SUBSCRIBE is answered 0x87 per filter). Every value a client sent is logged through
 * {@link LogSafe}.
 */
public final class MqttIntake {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIntake.class);
    /** The largest packet accepted (advertised as Maximum Packet Size); telemetry batches are a few kB. */
    public static final int MAX_PACKET_BYTES = 1 << 20;
    /** Logins checked at once: each is a registry read and one HMAC, so a few threads keep up with a fleet. */
    static final int LOGIN_THREADS = 4;
    /** Logins waiting for a check; beyond it a CONNECT gets "server busy" (0x89) and the device retries later. */
    static final int MAX_PENDING_LOGINS = 8_192;
    /** Where a packet's topic could not be read (it was discarded unread). */
    static final String UNREAD_TOPIC = "(unread)";
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
    private final AtomicInteger pendingLogins = new AtomicInteger();
    private final Map<String, MqttEndpoint> sessions = new ConcurrentHashMap<>();
    private LoginGuard loginGuard = LoginGuard.defaults();
    private WorkerExecutor logins;
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

    /** Replaces the failed-login limit (before {@link #start}); tests that send many bad logins use a larger one. */
    public MqttIntake loginGuard(LoginGuard guard) {
        this.loginGuard = guard;
        return this;
    }

    /** Logins waiting for their check or being checked. */
    int pendingLogins() {
        return pendingLogins.get();
    }

    /** Devices connected now (one session per device id). */
    public int connectedDevices() {
        return sessions.size();
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
                .setMaxMessageSize(MAX_PACKET_BYTES)
                .setTimeoutOnConnect(30);
        if (certFile != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(certFile.toString()).setKeyPath(keyFile.toString()));
        }
        logins = vertx.createSharedWorkerExecutor("mqtt-login-" + System.identityHashCode(this), LOGIN_THREADS);
        server = MqttServer.create(vertx, options).endpointHandler(this::onConnect)
                .exceptionHandler(e -> LOG.debug("connection refused before CONNECT: {}", LogSafe.text(e)));
        return server.listen().map(MqttServer::actualPort);
    }

    public IntakeCounters counters() {
        return counters;
    }

    public Future<Void> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        return server.close().eventually(() -> logins.close());
    }

    /** A device's CONNECT; package-private so a test can hand it an endpoint whose connection closes meanwhile. */
    void onConnect(MqttEndpoint endpoint) {
        MqttAuth auth = endpoint.auth();
        String deviceId = endpoint.clientIdentifier();
        String source = endpoint.remoteAddress() == null ? "unknown" : endpoint.remoteAddress().host();
        if (!loginGuard.tryBegin(source)) {
            counters.refused("too many failed logins");
            LOG.debug("refused connection client={} from={}: too many failed logins from this address",
                    LogSafe.text(deviceId), source);
            reject(endpoint, endpoint.protocolVersion() >= 5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        if (auth == null || auth.getUsername() == null || auth.getPassword() == null
                || !auth.getUsername().equals(deviceId)) {
            counters.refused("connect without matching credentials");
            LOG.warn("refused connection client={} from={}: user name must equal the client id and a password is"
                    + " required", LogSafe.text(deviceId), source);
            reject(endpoint, badCredentials(endpoint));
            return;
        }
        if (pendingLogins.incrementAndGet() > MAX_PENDING_LOGINS) {
            pendingLogins.decrementAndGet();
            loginGuard.succeeded(source); // not the client's fault
            counters.refused("server busy");
            reject(endpoint, endpoint.protocolVersion() >= 5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        char[] secret = auth.getPassword().toCharArray();
        logins.executeBlocking(() -> devices.authenticate(deviceId, secret), false).onComplete(result -> {
            pendingLogins.decrementAndGet();
            java.util.Arrays.fill(secret, '\0');
            Optional<Set<String>> batteries = result.succeeded() ? result.result() : Optional.empty();
            if (result.failed()) {
                loginGuard.succeeded(source); // not the client's fault
                LOG.error("device lookup failed for {}: {}", LogSafe.text(deviceId), LogSafe.text(result.cause()));
                reject(endpoint, endpoint.protocolVersion() >= 5
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
                return;
            }
            if (batteries.isEmpty()) {
                counters.refused("bad credentials");
                LOG.warn("refused connection device={} from={}: unknown device or wrong secret",
                        LogSafe.text(deviceId), source);
                reject(endpoint, badCredentials(endpoint));
                return;
            }
            loginGuard.succeeded(source);
            try {
                accept(endpoint, new DeviceSession(deviceId, batteries.get()));
            } catch (IllegalArgumentException | IllegalStateException gaveUpWaiting) {
                LOG.debug("device={} closed the connection before its login was checked", LogSafe.text(deviceId));
            }
        });
    }

    private void accept(MqttEndpoint endpoint, DeviceSession session) {
        String deviceId = session.deviceId();
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        endpoint.publishHandler(message -> onPublish(endpoint, session, message));
        endpoint.subscribeHandler(subscribe -> refuseSubscription(endpoint, session, subscribe));
        endpoint.unsubscribeHandler(unsubscribe -> answerUnsubscribe(endpoint, unsubscribe));
        endpoint.exceptionHandler(e -> onConnectionError(endpoint, session, e));
        // The connection may close while it is being accepted: the close handler can then run before the session
        // is in the map (Vert.x writes the CONNACK, and marks the endpoint connected, even on a closed endpoint).
        // The flag tells the put below to take it out again, so a closed connection never stays a session.
        AtomicBoolean closed = new AtomicBoolean();
        endpoint.closeHandler(v -> {
            closed.set(true);
            sessions.remove(deviceId, endpoint);
        });
        if (endpoint.protocolVersion() >= 5) {
            MqttProperties connack = new MqttProperties();
            connack.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), RECEIVE_MAXIMUM));
            connack.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.MAXIMUM_QOS.value(), 1));
            connack.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), MAX_PACKET_BYTES));
            endpoint.accept(false, connack);
        } else {
            endpoint.accept(false);
        }
        MqttEndpoint older = sessions.put(deviceId, endpoint);
        if (closed.get()) {
            sessions.remove(deviceId, endpoint);
        }
        if (older != null && older != endpoint && older.isConnected()) {
            counters.refused("session taken over");
            LOG.debug("device={} connected again: closing its older connection (session taken over)",
                    LogSafe.text(deviceId));
            disconnect(older, MqttDisconnectReasonCode.SESSION_TAKEN_OVER);
        }
        LOG.debug("accepted device={} batteries={}", LogSafe.text(deviceId), session.batteries().size());
    }

    /** Refuses a CONNECT, unless the client already gave up and closed the connection. */
    private static void reject(MqttEndpoint endpoint, MqttConnectReturnCode code) {
        try {
            endpoint.reject(code);
        } catch (IllegalArgumentException | IllegalStateException closedMeanwhile) {
            // nothing to answer
        }
    }

    /** This endpoint serves no subscriptions: each filter is refused (0x87 in MQTT 5, 0x80 in 3.1.1). */
    private void refuseSubscription(MqttEndpoint endpoint, DeviceSession session, MqttSubscribeMessage subscribe) {
        int filters = subscribe.topicSubscriptions().size();
        counters.refused("subscribe");
        LOG.debug("device={} tried to subscribe to {} filters: refused, this endpoint takes publishes only",
                LogSafe.text(session.deviceId()), filters);
        if (endpoint.protocolVersion() >= 5) {
            endpoint.subscribeAcknowledge(subscribe.messageId(),
                    Collections.nCopies(filters, MqttSubAckReasonCode.NOT_AUTHORIZED), MqttProperties.NO_PROPERTIES);
        } else {
            endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(filters, MqttQoS.FAILURE));
        }
    }

    private static void answerUnsubscribe(MqttEndpoint endpoint, MqttUnsubscribeMessage unsubscribe) {
        if (endpoint.protocolVersion() >= 5) {
            endpoint.unsubscribeAcknowledge(unsubscribe.messageId(), Collections.nCopies(unsubscribe.topics().size(),
                    MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED), MqttProperties.NO_PROPERTIES);
        } else {
            endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
        }
    }

    private void onConnectionError(MqttEndpoint endpoint, DeviceSession session, Throwable e) {
        if (isTooLarge(e)) {
            counters.refused("packet too large");
            String detail = "packet over the maximum packet size of " + MAX_PACKET_BYTES + " bytes ("
                    + LogSafe.text(e.getMessage()) + "); discarded unread";
            deadLetters.refused(session.deviceId(), UNREAD_TOPIC, "packet too large", detail, new byte[0]);
            LOG.warn("device={} sent a packet over the maximum packet size of {} bytes: disconnected with reason"
                    + " 0x95, dead letter kept", LogSafe.text(session.deviceId()), MAX_PACKET_BYTES);
            disconnect(endpoint, MqttDisconnectReasonCode.PACKET_TOO_LARGE);
            return;
        }
        LOG.debug("device={} connection error: {}", LogSafe.text(session.deviceId()), LogSafe.text(e));
        if (e instanceof io.netty.handler.codec.DecoderException) {
            disconnect(endpoint, MqttDisconnectReasonCode.MALFORMED_PACKET); // a protocol violation ends it
        }
    }

    /**
     * Whether an exception that reached Vert.x unhandled is Vert.x MQTT refusing a client's malformed packet (an
     * unknown reason code, a packet before CONNECT): thrown inside the library before any handler of this intake
     * ran, so it is the client's doing, worth a debug line and not an error. Anything that passed through this
     * package is not.
     */
    public static boolean isMalformedPacket(Throwable t) {
        if (!(t instanceof IllegalArgumentException || t instanceof IllegalStateException)) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length == 0 || !stack[0].getClassName().startsWith("io.vertx.mqtt.")) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith(MqttIntake.class.getPackageName())) {
                return false;
            }
        }
        return true;
    }

    /** Netty's decoder reports a packet over the limit as a TooLongFrameException, possibly wrapped. */
    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLongFrameException
                    || (t.getMessage() != null && t.getMessage().startsWith("too large message"))) {
                return true;
            }
        }
        return false;
    }

    /** MQTT 5 clients are told why (a DISCONNECT with the reason code); 3.1.1 has no way to say it. */
    private static void disconnect(MqttEndpoint endpoint, MqttDisconnectReasonCode reason) {
        if (endpoint.protocolVersion() >= 5 && endpoint.isConnected()) {
            try {
                endpoint.disconnect(reason, MqttProperties.NO_PROPERTIES);
            } catch (IllegalArgumentException | IllegalStateException alreadyClosed) {
                return;
            }
        }
        try {
            endpoint.close();
        } catch (IllegalArgumentException | IllegalStateException alreadyClosed) {
            // closed by the DISCONNECT or by the client
        }
    }

    private record DeviceSession(String deviceId, Set<String> batteries) {
    }

    private void onPublish(MqttEndpoint endpoint, DeviceSession session, MqttPublishMessage message) {
        Context context = Vertx.currentContext();
        int id = message.messageId();
        boolean needsAck = message.qosLevel() == MqttQoS.AT_LEAST_ONCE;
        TelemetryBatch batch;
        byte[] payload = message.payload().getBytes();
        if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
            // CONNACK said Maximum QoS 1; storing it without PUBREC would make the client resend forever.
            counters.refused("QoS 2 not supported");
            deadLetters.refused(session.deviceId(), message.topicName(), "QoS 2 not supported",
                    "QoS 2 publish; this endpoint takes QoS 0 and 1 (Maximum QoS 1)", payload);
            LOG.warn("device={} published with QoS 2 on topic={}: disconnected with reason 0x9B, dead letter kept",
                    LogSafe.text(session.deviceId()), LogSafe.text(message.topicName()));
            disconnect(endpoint, MqttDisconnectReasonCode.QOS_NOT_SUPPORTED);
            return;
        }
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
            LOG.warn("refused message device={} topic={}: {}", LogSafe.text(session.deviceId()),
                    LogSafe.text(message.topicName()), LogSafe.text(r.getMessage()));
            if (needsAck) {
                MqttPubAckReasonCode code = MqttPubAckReasonCode.valueOf((byte) r.reasonCode());
                String why = reasonString(r);
                batcher.submit(null, () -> context.runOnContext(v -> ack(endpoint, id, code, why)));
            }
            return;
        }
        counters.accepted(batch.points());
        batcher.submit(batch, new WriteBatcher.Origin(session.deviceId(), message.topicName(), payload),
                storeAck(endpoint, context, id, needsAck));
    }

    /**
     * PUBACK success once stored; if the store refuses the message for good (it is dead-lettered then), 0x83
     * "implementation specific error" with the store's reason, so the agent logs it instead of resending.
     */
    private static WriteBatcher.Ack storeAck(MqttEndpoint endpoint, Context context, int id, boolean needsAck) {
        return new WriteBatcher.Ack() {
            @Override
            public void stored() {
                if (needsAck) {
                    context.runOnContext(v -> ack(endpoint, id, MqttPubAckReasonCode.SUCCESS));
                }
            }

            @Override
            public void refused(String reason) {
                if (needsAck) {
                    String why = printable(reason);
                    context.runOnContext(v -> ack(endpoint, id, MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                            why));
                }
            }
        };
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
        batcher.submitEvidence(evidence, new WriteBatcher.Origin(session.deviceId(), message.topicName(), payload),
                storeAck(endpoint, context, id, needsAck));
    }

    private void refuse(MqttEndpoint endpoint, DeviceSession session, MqttPublishMessage message, byte[] payload,
                        Context context, boolean needsAck, Admission.Refusal r) {
        counters.refused(r.reason());
        deadLetters.refused(session.deviceId(), message.topicName(), r.reason(), r.getMessage(), payload);
        LOG.warn("refused message device={} topic={}: {}", LogSafe.text(session.deviceId()),
                LogSafe.text(message.topicName()), LogSafe.text(r.getMessage()));
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
        return printable(r.reason() + ": " + r.getMessage());
    }

    private static String printable(String text) {
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
