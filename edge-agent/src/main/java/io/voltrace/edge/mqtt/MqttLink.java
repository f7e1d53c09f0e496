package io.voltrace.edge.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to the broker, kept up for as long as the agent runs: MQTT 5 through Paho with a persistent
 * session (clean start off, a session expiry), TLS with server verification and an optional client certificate,
 * user name and password, a Last Will, and a retained online/offline status. When the connection drops it reconnects
 * with exponential back-off and jitter ({@link Backoff}), and says so in the log.
 *
 * <p>Each connection uses a fresh Paho client. Paho would otherwise resend its own copies of unacknowledged messages
 * on reconnection while the spool-driven publisher resends them too; with one owner of redelivery (the publisher, from
 * the spool) nothing is sent twice on purpose. The broker side of the session is kept all the same.
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final int TOO_MANY_IN_FLIGHT = 32202;

    /** Told when the link comes up or goes down; called on the link's own thread. */
    public interface Listener {
        /** Connected (again); up to {@code window} QoS 1 messages may be unacknowledged at once. */
        void online(int window);

        /** The connection is gone: messages sent on it and not yet acknowledged never will be. */
        void offline(String reason);
    }

    /** The outcome of one QoS 1 publish; called on a Paho thread. */
    public interface Delivery {
        /** The PUBACK arrived; a code of 0x80 or more means the server refused the message. */
        void acknowledged(int reasonCode);

        /** The PUBACK arrived with the server's MQTT 5 reason string (null when it gave none). */
        default void acknowledged(int reasonCode, String reasonString) {
            acknowledged(reasonCode);
        }

        /** No PUBACK will come on this connection (it dropped, or the send failed). */
        void failed(Throwable cause);
    }

    public enum Sent { SENT, NOT_CONNECTED, BUSY }

    private final MqttLinkConfig config;
    private final Listener listener;
    private final Backoff backoff;
    private final SSLSocketFactory sockets;
    private final Thread thread;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile MqttAsyncClient client;
    private volatile boolean online;
    private volatile int window;
    private volatile String lastProblem;
    private volatile Instant offlineSince = Instant.now();
    /** An outage is one warning, repeated at most this often while the same failure goes on (then at debug). */
    private static final Duration REPEAT_WARNING = Duration.ofMinutes(5);
    /** The failure last warned about, null once online again; touched only by the connecting thread. */
    private String lastWarned;
    private Instant nextWarning = Instant.MIN;
    private boolean lost;
    private String lostReason;
    private boolean closing;
    private boolean statusRefusedLogged;

    public MqttLink(MqttLinkConfig config, Listener listener) throws IOException {
        this.config = config;
        this.listener = listener;
        this.backoff = new Backoff(config.reconnectMin(), config.reconnectMax(), new SecureRandom());
        this.sockets = config.tls() == null ? null : TlsSockets.socketFactory(config.tls());
        this.thread = new Thread(this::run, "mqtt-link");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public boolean isOnline() {
        return online;
    }

    /** Messages that may be unacknowledged at once on the current connection. */
    public int window() {
        return window;
    }

    /** Successful connections so far. */
    public long connections() {
        return connections.get();
    }

    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** The last reason the link was down or could not connect, or null. */
    public String lastProblem() {
        return lastProblem;
    }

    /** When the link last went down (or was started), while it is down. */
    public Instant offlineSince() {
        return offlineSince;
    }

    public MqttLinkConfig config() {
        return config;
    }

    /**
     * Publishes at QoS 1 on the current connection.
     *
     * @return {@code SENT} when handed to the client (the delivery will be told), {@code NOT_CONNECTED} when there is
     *         no connection, {@code BUSY} when the client's own window is full (try again shortly)
     */
    public Sent publish(String topic, byte[] payload, MqttProperties properties, Delivery delivery) {
        MqttAsyncClient c = client;
        if (c == null || !online) {
            return Sent.NOT_CONNECTED;
        }
        MqttMessage message = new MqttMessage(payload, 1, false, properties);
        try {
            c.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    String reason = token.getResponseProperties() == null ? null
                            : token.getResponseProperties().getReasonString();
                    delivery.acknowledged(codes == null || codes.length == 0 ? 0 : codes[0], reason);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    delivery.failed(cause);
                }
            });
            return Sent.SENT;
        } catch (MqttException e) {
            if (e.getReasonCode() == TOO_MANY_IN_FLIGHT) {
                return Sent.BUSY;
            }
            LOG.debug("publish not sent: {}", e.toString());
            return Sent.NOT_CONNECTED;
        }
    }

    private void run() {
        while (true) {
            synchronized (this) {
                if (closing) {
                    return;
                }
            }
            MqttAsyncClient c = null;
            try {
                c = new MqttAsyncClient(config.serverUri(), config.clientId(), new MemoryPersistence());
                c.setCallback(new Callbacks(c));
                IMqttToken token = c.connect(options());
                token.waitForCompletion(config.connectTimeout().toMillis() + 1000);
                if (!c.isConnected()) {
                    throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
                }
                Integer receiveMaximum = token.getResponseProperties() == null ? null
                        : token.getResponseProperties().getReceiveMaximum();
                int w = Math.min(config.maxInFlight(), receiveMaximum == null ? 65535 : receiveMaximum);
                synchronized (this) {
                    if (closing) {
                        closeQuietly(c, true);
                        return;
                    }
                    lost = false;
                    client = c;
                }
                window = w;
                online = true;
                connections.incrementAndGet();
                Duration down = Duration.between(offlineSince, Instant.now());
                LOG.info("online: connected to {} as {} (session present: {}, window {}) after {} offline",
                        config.serverUri(), config.clientId(), token.getSessionPresent(), w, human(down));
                backoff.reset();
                lastWarned = null;
                publishStatus(c, "{\"state\":\"online\",\"since\":\"" + Instant.now() + "\"}");
                listener.online(w);
                String reason;
                synchronized (this) {
                    while (!lost && !closing) {
                        wait();
                    }
                    reason = closing ? "shutdown" : lostReason;
                    if (closing) {
                        return; // close() says goodbye on this connection
                    }
                    client = null;
                }
                online = false;
                offlineSince = Instant.now();
                lastProblem = reason;
                listener.offline(reason);
                closeQuietly(c, false);
            } catch (MqttException e) {
                failedAttempts.incrementAndGet();
                online = false;
                String problem = describe(e);
                lastProblem = problem;
                closeQuietly(c, false);
                Duration delay = backoff.next();
                if (refusedCredentials(e)) {
                    LOG.error("offline: {} refuses the credentials of {} ({}); next attempt in {}",
                            config.serverUri(), config.username(), problem, human(delay));
                } else if (problem.equals(lastWarned) && Instant.now().isBefore(nextWarning)) {
                    // The same failure again within the quiet period: a retry is news only at debug level.
                    LOG.debug("offline: cannot connect to {} ({}); next attempt in {}", config.serverUri(), problem,
                            human(delay));
                } else {
                    LOG.warn("offline: cannot connect to {} ({}); next attempt in {}{}", config.serverUri(), problem,
                            human(delay), problem.equals(lastWarned) ? String.format(java.util.Locale.ROOT,
                                    " (still offline after %s; %d failed attempts so far)",
                                    human(Duration.between(offlineSince, Instant.now())), failedAttempts.get()) : "");
                    lastWarned = problem;
                    nextWarning = Instant.now().plus(REPEAT_WARNING);
                }
                if (!sleep(delay)) {
                    return;
                }
                continue;
            } catch (InterruptedException e) {
                closeQuietly(c, false);
                return;
            }
            Duration delay = backoff.next();
            LOG.info("reconnecting to {} in {}", config.serverUri(), human(delay));
            if (!sleep(delay)) {
                return;
            }
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, config.connectTimeout().toSeconds()));
        o.setAutomaticReconnect(false);
        if (config.username() != null) {
            o.setUserName(config.username());
        }
        if (config.password() != null) {
            o.setPassword(new String(config.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (sockets != null) {
            o.setSocketFactory(sockets);
            o.setHttpsHostnameVerificationEnabled(config.tls().verifyHostname());
        }
        if (config.statusTopic() != null) {
            MqttMessage will = new MqttMessage(
                    "{\"state\":\"offline\",\"reason\":\"connection lost\"}".getBytes(StandardCharsets.UTF_8), 1,
                    true, null);
            o.setWill(config.statusTopic(), will);
            MqttProperties willProperties = new MqttProperties();
            willProperties.setContentType("application/json");
            willProperties.setPayloadFormat(true);
            o.setWillMessageProperties(willProperties);
        }
        return o;
    }

    private void publishStatus(MqttAsyncClient c, String json) {
        if (config.statusTopic() == null) {
            return;
        }
        MqttProperties p = new MqttProperties();
        p.setContentType("application/json");
        p.setPayloadFormat(true);
        try {
            c.publish(config.statusTopic(), new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, true, p),
                    null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            int[] codes = token.getReasonCodes();
                            if (codes != null && codes.length > 0 && ReasonCodes.isFailure(codes[0])) {
                                logStatusRefused(codes[0]);
                            }
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable cause) {
                            LOG.debug("status not delivered: {}", String.valueOf(cause));
                        }
                    });
        } catch (MqttException e) {
            LOG.debug("status not sent: {}", e.toString());
        }
    }

    private synchronized void logStatusRefused(int code) {
        if (!statusRefusedLogged) {
            statusRefusedLogged = true;
            LOG.info("{} does not take status messages on {} ({}); telemetry is not affected", config.serverUri(),
                    config.statusTopic(), ReasonCodes.describe(code));
        }
    }

    private final class Callbacks implements MqttCallback {
        private final MqttAsyncClient owner;

        Callbacks(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String reason = response.getException() != null ? describe(response.getException())
                    : "server disconnected (" + ReasonCodes.describe(response.getReturnCode())
                    + (response.getReasonString() == null ? "" : ": " + response.getReasonString()) + ")";
            connectionLost(owner, reason);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            connectionLost(owner, describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // The agent subscribes to nothing.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Deliveries are followed through their own listeners.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // The run loop follows the connect token.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }

    private synchronized void connectionLost(MqttAsyncClient owner, String reason) {
        if (client == owner && !lost) {
            lost = true;
            lostReason = reason;
            online = false;
            notifyAll();
        }
    }

    /** Sleeps for the back-off delay; false when the link is closing. */
    private boolean sleep(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (this) {
            while (!closing) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return true;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }

    /**
     * Publishes the retained offline status, disconnects cleanly (so the broker does not send the Last Will) and stops
     * reconnecting.
     */
    @Override
    public void close() {
        MqttAsyncClient c;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            c = client;
            client = null;
            notifyAll();
        }
        online = false;
        if (c != null && c.isConnected()) {
            if (config.statusTopic() != null) {
                try {
                    MqttProperties p = new MqttProperties();
                    p.setContentType("application/json");
                    p.setPayloadFormat(true);
                    c.publish(config.statusTopic(), new MqttMessage(
                            "{\"state\":\"offline\",\"reason\":\"shutdown\"}".getBytes(StandardCharsets.UTF_8), 1, true,
                            p)).waitForCompletion(2000);
                } catch (MqttException e) {
                    LOG.debug("offline status not sent: {}", e.toString());
                }
            }
            closeQuietly(c, true);
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(MqttAsyncClient c, boolean disconnect) {
        if (c == null) {
            return;
        }
        try {
            if (disconnect && c.isConnected()) {
                c.disconnect(2000).waitForCompletion(3000);
            } else if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.toString());
        }
    }

    static boolean refusedCredentials(MqttException e) {
        int code = e.getReasonCode();
        return code == 0x86 || code == 0x87 || code == 0x8C || code == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_FAILED_AUTHENTICATION
                || code == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_NOT_AUTHORIZED;
    }

    static String describe(Throwable e) {
        if (e instanceof MqttException m) {
            int code = m.getReasonCode();
            Throwable cause = m.getCause();
            String because = cause == null ? "" : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage());
            if (code == 0 && cause != null) {
                return because; // Paho's "untranslated" wrapper says nothing the cause does not
            }
            String text = code >= 0x80 && code <= 0xFF ? ReasonCodes.describe(code) : m.getMessage();
            return cause == null ? text : text + ": " + because;
        }
        return e.toString();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        return s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
