package io.voltrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.mqtt.MqttLinkConfig;
import io.voltrace.edge.mqtt.TlsConfig;
import io.voltrace.edge.testing.AgentFiles;
import io.voltrace.edge.testing.Mosquitto;
import io.voltrace.edge.testing.Subscriber;
import io.voltrace.edge.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS towards a real Mosquitto, with a CA made for the test: the server is verified (CA and host name), a client
 * certificate is presented where the listener demands one, and each check fails when it should.
 */
class MosquittoTlsTest {
    static final String CODE = "VTRPE96DEMO001T5C0000042";
    static final int VERIFIED = 0;
    static final int MUTUAL = 1;
    static final int WRONG_NAME = 2;
    static final int PLAIN = 3;

    @TempDir
    static Path dir;
    static Mosquitto broker;
    static TestPki ca;
    static TestPki otherCa;
    static Path clientCert;

    @BeforeAll
    static void startBroker() throws Exception {
        Mosquitto.assumeInstalled();
        ca = TestPki.create(dir.resolve("pki"), "voltrace-test-ca");
        otherCa = TestPki.create(dir.resolve("pki-other"), "someone-else-ca");
        Path server = ca.issue("server", "localhost", "DNS:localhost,IP:127.0.0.1", false);
        Path wrongName = ca.issue("wrong-name", "broker.example", "DNS:broker.example", false);
        clientCert = ca.issue("devA", "devA", null, true);
        Path passwords = Mosquitto.passwordFile(dir.resolve("broker"), "devA", "secretA", "reader", "secretR");
        Path acl = dir.resolve("broker/acl");
        Files.writeString(acl, "user reader\ntopic read voltrace/#\n\npattern readwrite voltrace/v1/%u/#\n");
        String tls = "cafile " + ca.caCertificate() + "\ncertfile " + server + "\nkeyfile " + ca.keyOf(server) + "\n";
        broker = Mosquitto.start(dir.resolve("broker"), "per_listener_settings false\nallow_anonymous false\n"
                        + "password_file " + passwords + "\nacl_file " + acl + "\n",
                List.of(tls, tls + "require_certificate true\n",
                        "cafile " + ca.caCertificate() + "\ncertfile " + wrongName + "\nkeyfile " + ca.keyOf(wrongName)
                                + "\n", ""));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    static String ssl(String host, int listener) {
        return "ssl://" + host + ":" + broker.port(listener);
    }

    /** Tries to connect for a few seconds; returns the number of times the link came online. */
    static int tryConnect(String uri, TlsConfig tls, String[] problem) throws Exception {
        AtomicInteger online = new AtomicInteger();
        MqttLinkConfig config = MqttLinkConfig.plain(uri, "devA", "secretA".toCharArray()).withTls(tls)
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(300));
        MqttLink link = new MqttLink(config, new MqttLink.Listener() {
            @Override
            public void online(int window) {
                online.incrementAndGet();
            }

            @Override
            public void offline(String reason) {
            }
        });
        link.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (online.get() == 0 && link.failedAttempts() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        link.close();
        problem[0] = link.lastProblem();
        return online.get();
    }

    @Test
    void deliversOverAVerifiedConnection() throws Exception {
        try (Subscriber reader = new Subscriber("tcp://127.0.0.1:" + broker.port(PLAIN), "reader", "secretR",
                Topics.telemetry("devA"))) {
            Path home = dir.resolve("agent");
            AgentConfig config = AgentConfig.load(AgentFiles.config(home, Map.of(
                    "device.id", "devA", "device.battery", CODE, "can.source", "simulator",
                    "can.simulator.days", "0.1", "can.replay.pace", "max", "spool.dir", home.resolve("spool").toString(),
                    "mqtt.server", ssl("localhost", VERIFIED), "mqtt.password", "secretA",
                    "mqtt.tls.ca-file", ca.caCertificate().toString())), Map.of());
            EdgeAgent agent = EdgeAgent.start(config);
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(1))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofSeconds(30))).isTrue();
                // Samples only: the spool also holds health evidence (insulation readings) for its own topic.
                long spooled = agent.status().samples();
                assertThat(spooled).isPositive();
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                long received = 0;
                while (received < spooled && System.nanoTime() < deadline) {
                    received = 0;
                    for (Subscriber.Received r : reader.received()) {
                        received += WireCodec.decodeTelemetry(r.payload()).samples().size();
                    }
                    Thread.sleep(50);
                }
                assertThat(received).isEqualTo(spooled);
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void presentsAClientCertificateWhereTheListenerDemandsOne() throws Exception {
        String[] problem = new String[1];
        TlsConfig withCert = new TlsConfig(ca.caCertificate(), clientCert, ca.keyOf(clientCert), true);
        assertThat(tryConnect(ssl("localhost", MUTUAL), withCert, problem)).isPositive();
        TlsConfig without = new TlsConfig(ca.caCertificate(), null, null, true);
        assertThat(tryConnect(ssl("localhost", MUTUAL), without, problem)).isZero();
        assertThat(problem[0]).isNotBlank();
    }

    @Test
    void refusesAServerItCannotVerify() throws Exception {
        String[] problem = new String[1];
        assertThat(tryConnect(ssl("localhost", VERIFIED), new TlsConfig(otherCa.caCertificate(), null, null, true),
                problem)).isZero();
        assertThat(problem[0]).containsAnyOf("PKIX", "certification path", "certificate");
        // A certificate from the right CA for another host name: refused unless host name checks are off.
        assertThat(tryConnect(ssl("localhost", WRONG_NAME), new TlsConfig(ca.caCertificate(), null, null, true),
                problem)).isZero();
        assertThat(problem[0]).containsAnyOf("No name matching", "No subject alternative", "localhost");
        assertThat(tryConnect(ssl("localhost", WRONG_NAME), new TlsConfig(ca.caCertificate(), null, null, false),
                problem)).isPositive();
    }
}
