package io.voltrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.CellSnapshot;
import io.voltrace.common.wire.PackTelemetry;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireFormat;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.mqtt.MqttLinkConfig;
import io.voltrace.edge.testing.AgentFiles;
import io.voltrace.edge.testing.LogCapture;
import io.voltrace.edge.testing.Mosquitto;
import io.voltrace.edge.testing.Subscriber;
import io.voltrace.testing.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real Mosquitto with a password file and the ACL {@code pattern readwrite voltrace/v1/%u/#}:
 * what a device may publish, what it may not, and what the broker says about its connection.
 */
class MosquittoSecurityTest {
    static final String CODE = "VTRPE96DEMO001T5C0000042";

    @TempDir
    Path dir;
    Mosquitto broker;

    @BeforeEach
    void startBroker() throws Exception {
        Mosquitto.assumeInstalled();
        Path passwords = Mosquitto.passwordFile(dir.resolve("broker"), "devA", "secretA", "devB", "secretB",
                "reader", "secretR");
        Path acl = dir.resolve("broker/acl");
        Files.writeString(acl, "user reader\ntopic read voltrace/#\n\npattern readwrite voltrace/v1/%u/#\n");
        broker = Mosquitto.start(dir.resolve("broker"), "per_listener_settings false\nallow_anonymous false\n"
                + "password_file " + passwords + "\nacl_file " + acl + "\n", List.of(""));
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    String uri() {
        return "tcp://127.0.0.1:" + broker.port();
    }

    AgentConfig agent(Path home, String device, String user, String password, String server) throws Exception {
        return AgentConfig.load(AgentFiles.config(home, Map.of(
                "device.id", device, "device.battery", CODE, "can.source", "simulator",
                "can.simulator.days", "0.3", "can.replay.pace", "max", "spool.dir", home.resolve("spool").toString(),
                "mqtt.server", server, "mqtt.username", user, "mqtt.password", password)), Map.of());
    }

    @Test
    void aDeviceDeliversOnItsOwnTopicCompactWithCellSnapshots() throws Exception {
        try (Subscriber reader = new Subscriber(uri(), "reader", "secretR", "voltrace/#")) {
            Path home = dir.resolve("a");
            EdgeAgent agent = EdgeAgent.start(AgentConfig.load(AgentFiles.config(home, AgentFiles.settings(
                    "device.id", "devA", "device.battery", CODE, "can.source", "simulator",
                    "can.simulator.days", "0.3", "can.replay.pace", "max", "spool.dir", home.resolve("spool").toString(),
                    "mqtt.server", uri(), "mqtt.password", "secretA", "publish.format", "compact",
                    "cells.interval", "60", "cells.count", "96", "cells.sensors", "16")), Map.of()));
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(1))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofSeconds(30))).isTrue();
                EdgeAgent.Status s = agent.status();
                assertThat(s.spooled()).isGreaterThan(20);
                assertThat(s.snapshots()).isPositive();
                assertThat(s.uplink().recordsDelivered()).isEqualTo(s.spooled());
                assertThat(s.uplink().recordsRefused()).isZero();
                assertThat(reader.await(r -> r.topic().equals(Topics.status("devA"))
                        && r.text().contains("\"online\""), Duration.ofSeconds(5))).isNotNull();
                // The broker's PUBACK to the agent can come before its delivery to this subscriber: count until the
                // subscriber has everything (or the deadline says something was lost).
                long[] counted = count(reader);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while ((counted[0] < s.samples() || counted[1] < s.snapshots()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    counted = count(reader);
                }
                assertThat(counted[0]).isEqualTo(s.samples());
                assertThat(counted[1]).isEqualTo(s.snapshots());
            } finally {
                agent.close();
            }
        }
    }

    /** Samples and cell snapshots devA's telemetry messages hold so far, checking each message's format. */
    private static long[] count(Subscriber reader) throws Exception {
        long samples = 0;
        long snapshots = 0;
        for (Subscriber.Received r : reader.received()) {
            if (r.topic().equals(Topics.telemetry("devA"))) {
                assertThat(WireFormat.detect(r.payload())).isEqualTo(WireFormat.COMPACT);
                PackTelemetry m = WireCodec.decode(r.payload());
                samples += m.samples().size();
                snapshots += m.cells().size();
                for (CellSnapshot c : m.cells()) {
                    assertThat(c.cellCount()).isEqualTo(96);
                    assertThat(c.sensorCount()).isEqualTo(16);
                    assertThat(c.voltage(95)).isBetween(2.5, 4.3);
                }
            }
        }
        return new long[] {samples, snapshots};
    }

    @Test
    void aDeviceCannotPublishForAnotherDeviceAndTheAgentSaysSo() throws Exception {
        try (LogCapture log = new LogCapture();
             Subscriber reader = new Subscriber(uri(), "reader", "secretR", "voltrace/#")) {
            // devA's credentials, devB's topic: what a cloned or misconfigured box would try.
            Path home = dir.resolve("b");
            EdgeAgent agent = EdgeAgent.start(agent(home, "devB", "devA", "secretA", uri()));
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(1))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofSeconds(30))).isTrue();
                EdgeAgent.Status s = agent.status();
                assertThat(s.spooled()).isPositive();
                assertThat(s.uplink().recordsRefused()).isEqualTo(s.spooled());
                assertThat(s.uplink().messagesAcknowledged()).isZero();
                assertThat(s.spool().heldRecords()).as("refused messages are not retried forever").isZero();
                assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN refused by")
                        .contains("0x87 not authorized").contains("battery " + CODE));
                try (Stream<Path> kept = Files.list(home.resolve("spool/refused"))) {
                    assertThat(kept.count()).isEqualTo(s.uplink().messagesRefused());
                }
                Thread.sleep(300);
                assertThat(reader.received()).noneMatch(r -> r.topic().startsWith("voltrace/v1/devB/"));
            } finally {
                agent.close();
            }
        }
    }

    @Test
    void wrongCredentialsAreRefusedAndRetriedWithBackoff() throws Exception {
        AtomicInteger online = new AtomicInteger();
        try (LogCapture log = new LogCapture()) {
            MqttLinkConfig config = MqttLinkConfig.plain(uri(), "devA", "wrong".toCharArray())
                    .withReconnect(Duration.ofMillis(100), Duration.ofMillis(400));
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
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (link.failedAttempts() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            link.close();
            assertThat(online).hasValue(0);
            assertThat(link.failedAttempts()).isGreaterThanOrEqualTo(3);
            assertThat(link.lastProblem()).contains("0x87 not authorized");
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("ERROR offline:")
                    .contains("refuses the credentials of devA"));
        }
    }

    @Test
    void theBrokerAnnouncesALostConnectionAndTheRetainedStatusFollows() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port());
             Subscriber reader = new Subscriber(uri(), "reader", "secretR", Topics.status("devA"))) {
            Path home = dir.resolve("c");
            AgentConfig config = AgentConfig.load(AgentFiles.config(home, Map.of(
                    "device.id", "devA", "device.battery", CODE, "can.source", "simulator",
                    "can.replay.pace", "1x", "spool.dir", home.resolve("spool").toString(),
                    "mqtt.server", proxy.uri(), "mqtt.password", "secretA", "mqtt.keep-alive", "2s")), Map.of());
            EdgeAgent agent = EdgeAgent.start(config);
            try {
                assertThat(reader.await(r -> r.text().contains("\"online\""), Duration.ofSeconds(10))).isNotNull();
                proxy.cut(); // no DISCONNECT: the broker must send the Last Will
                assertThat(reader.await(r -> r.text().equals("{\"state\":\"offline\",\"reason\":\"connection lost\"}"),
                        Duration.ofSeconds(10))).isNotNull();
                long onlines = reader.received().stream().filter(r -> r.text().contains("\"online\"")).count();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (reader.received().stream().filter(r -> r.text().contains("\"online\"")).count() == onlines
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(reader.received().stream().filter(r -> r.text().contains("\"online\"")).count())
                        .as("back online after reconnecting").isGreaterThan(onlines);
            } finally {
                agent.close();
            }
            assertThat(reader.await(r -> r.text().contains("\"shutdown\""), Duration.ofSeconds(5))).isNotNull();
        }
        // A newcomer reads the retained status: offline after a clean shutdown.
        try (Subscriber late = new Subscriber(uri(), "reader", "secretR", Topics.status("devA"))) {
            Subscriber.Received r = late.await(x -> true, Duration.ofSeconds(5));
            assertThat(r).isNotNull();
            assertThat(r.retained()).isTrue();
            assertThat(r.text()).contains("\"offline\"").contains("shutdown");
        }
    }
}
