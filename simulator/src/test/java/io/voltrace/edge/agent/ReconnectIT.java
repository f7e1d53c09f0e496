package io.voltrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.edge.testing.AgentFiles;
import io.voltrace.edge.testing.LogCapture;
import io.voltrace.edge.testing.Mosquitto;
import io.voltrace.testing.MqttPublishTap;
import io.voltrace.edge.testing.Subscriber;
import io.voltrace.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link drops again and again while the agent publishes, and stays down for a while: every spooled sample must
 * reach the broker, first in order, and the agent must say it went offline and when it caught up.
 */
class ReconnectIT {
    static final String CODE = "VTRPE96DEMO001T5C0000042";

    @TempDir
    Path dir;

    @Test
    void everySampleGetsThroughCutsAndAnOutageInOrder() throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), "allow_anonymous true\n", List.of(""));
             TcpProxy proxy = new TcpProxy(broker.port());
             Subscriber reader = new Subscriber("tcp://127.0.0.1:" + broker.port(), null, null, "voltrace/#");
             LogCapture log = new LogCapture()) {
            MqttPublishTap tap = new MqttPublishTap();
            proxy.tapUpstream(tap::newConnection);
            Path home = dir.resolve("agent");
            AgentConfig config = AgentConfig.load(AgentFiles.config(home, Map.of(
                    "device.id", "veh-1", "device.battery", CODE, "can.source", "simulator",
                    "can.simulator.days", "2", "can.replay.pace", "max", "spool.dir", home.resolve("spool").toString(),
                    "mqtt.server", proxy.uri(), "mqtt.max-in-flight", "8", "publish.max-records", "5")), Map.of());
            EdgeAgent agent = EdgeAgent.start(config);
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                for (int i = 0; i < 6; i++) {
                    Thread.sleep(150);
                    proxy.cut();
                }
                proxy.refuse(true); // a tunnel: nothing gets through for a while
                Thread.sleep(2500);
                proxy.refuse(false);
                assertThat(agent.awaitDelivered(Duration.ofMinutes(2))).isTrue();
                EdgeAgent.Status s = agent.status();
                assertThat(s.spooled()).isGreaterThan(3000);
                assertThat(s.uplink().recordsDelivered()).isEqualTo(s.spooled());
                assertThat(s.uplink().messagesResent()).as("the cuts were felt").isPositive();
                assertThat(proxy.connections()).as("reconnected after cuts").isGreaterThanOrEqualTo(3);
                assertThat(s.spool().heldRecords()).isZero();

                // On the wire: every sample, and in order of first appearance.
                List<Long> firstSeen = new ArrayList<>();
                Set<Long> seen = new HashSet<>();
                for (MqttPublishTap.Publish p : tap.publishes()) {
                    if (!p.topic().equals(Topics.telemetry("veh-1"))) {
                        continue;
                    }
                    for (PackSample sample : WireCodec.decodeTelemetry(p.payload()).samples()) {
                        if (seen.add(sample.ts())) {
                            firstSeen.add(sample.ts());
                        }
                    }
                }
                // Samples only: the spool also holds the health evidence (insulation readings), sent on its own topic.
                assertThat(firstSeen).hasSize((int) s.samples()).isSorted();
                // At the subscriber: every sample at least once.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a bound, not a timing
                Set<Long> received = new HashSet<>();
                while (received.size() < s.samples() && System.nanoTime() < deadline) {
                    received.clear();
                    for (Subscriber.Received r : reader.received()) {
                        if (r.topic().equals(Topics.telemetry("veh-1"))) {
                            WireCodec.decodeTelemetry(r.payload()).samples().forEach(x -> received.add(x.ts()));
                        }
                    }
                    Thread.sleep(100);
                }
                assertThat(received).containsExactlyInAnyOrderElementsOf(seen);
                assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN offline:")
                        .contains("the spool holds"));
                assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("INFO caught up:"));
                // An outage is one warning: retries failing the same way in it are logged at debug level only.
                String warned = null;
                int repeats = 0;
                for (String l : log.lines()) {
                    if (l.startsWith("INFO online:")) {
                        warned = null;
                    } else if (l.startsWith("WARN offline: cannot connect")) {
                        String problem = l.substring(0, l.indexOf("; next attempt"));
                        repeats += problem.equals(warned) ? 1 : 0;
                        warned = problem;
                    }
                }
                assertThat(repeats).as("repeated warnings within one outage").isZero();
            } finally {
                agent.close();
            }
        }
    }
}
