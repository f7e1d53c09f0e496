package io.voltrace.cli.edge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.edge.agent.AgentConfig;
import io.voltrace.edge.agent.EdgeAgent;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.testing.MqttPublishTap;
import io.voltrace.testing.Ports;
import io.voltrace.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole ingest (MQTT endpoint and QuestDB) stops for twenty seconds while the agent keeps reading its bus: when
 * it is back, every sample arrives, first sent in order, none twice in the store, and the agent's log tells the story.
 */
class IngestOutageTest {
    static final String DEVICE = "veh-outage";

    @TempDir
    Path dir;

    @Test
    void allSamplesArriveInOrderNoneTwiceAfterAnOutage() throws Exception {
        List<CanFrame> frames = EdgeFixtures.simulate(1, 23);
        Path log = EdgeFixtures.writeLog(dir.resolve("bus.log"), frames);
        List<PackSample> expected = EdgeFixtures.expectedSamples(frames);
        int mqttPort = Ports.free();
        IngestConfig ingestConfig = IngestConfig.embedded(dir.resolve("ingest"), mqttPort, 0);
        IngestService ingest = IngestService.start(ingestConfig);
        Logger voltrace = (Logger) LoggerFactory.getLogger("io.voltrace");
        Level level = voltrace.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        voltrace.addAppender(logged);
        voltrace.setLevel(Level.INFO);
        try (TcpProxy proxy = new TcpProxy(mqttPort)) {
            MqttPublishTap tap = MqttPublishTap.on(proxy);
            EdgeFixtures.register(ingest, DEVICE);
            // About 40 s of reading: the outage falls in the middle of it.
            int fps = Math.max(500, frames.size() / 40);
            AgentConfig config = AgentConfig.load(EdgeFixtures.config(dir.resolve("agent"), Map.of(
                    "device.id", DEVICE, "can.source", "replay", "can.log", log.toString(),
                    "can.replay.pace", fps + "fps", "spool.dir", dir.resolve("spool").toString(),
                    "mqtt.server", proxy.uri(), "publish.format", "compact")), Map.of());
            EdgeAgent agent = EdgeAgent.start(config);
            try {
                Thread.sleep(5000);
                long before = agent.status().spooled();
                ingest.close();
                Thread.sleep(20_000);
                EdgeAgent.Status during = agent.status();
                assertThat(during.spooled()).as("reading went on while the ingest was away").isGreaterThan(before);
                assertThat(during.online()).isFalse();
                assertThat(during.spool().heldRecords()).isPositive();
                ingest = IngestService.start(ingestConfig);
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofMinutes(2))).isTrue();
            } finally {
                agent.close();
            }

            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            List<PackSample> stored = ingest.telemetry().samples(EdgeFixtures.CODE, Instant.EPOCH,
                    Instant.now().plus(Duration.ofDays(1)), 1_000_000);
            assertThat(ingest.telemetry().duplicateCount()).isZero();
            assertThat(ingest.telemetry().count(EdgeFixtures.CODE)).isEqualTo(expected.size());
            assertThat(stored).extracting(PackSample::ts).containsExactlyElementsOf(
                    expected.stream().map(PackSample::ts).toList());
            for (int i = 0; i < expected.size(); i++) {
                // Compact payloads carry 1 mV and 1 mA: the stored values are the sent ones at that resolution.
                assertThat(stored.get(i).packVoltage()).isCloseTo(expected.get(i).packVoltage(),
                        org.assertj.core.data.Offset.offset(0.0005));
                // Half the 0.1 mAh step, plus a hair: a value exactly halfway rounds either side in binary
                // (0.93925 came back as 0.9393, 5.00000000001E-5 off).
                assertThat(stored.get(i).ahDischarged()).isCloseTo(expected.get(i).ahDischarged(),
                        org.assertj.core.data.Offset.offset(0.00005 + 1e-9));
            }

            List<Long> firstSent = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (MqttPublishTap.Publish p : tap.publishes()) {
                if (p.topic().equals(Topics.telemetry(DEVICE))) {
                    for (PackSample s : WireCodec.decodeTelemetry(p.payload()).samples()) {
                        if (seen.add(s.ts())) {
                            firstSent.add(s.ts());
                        }
                    }
                }
            }
            assertThat(firstSent).as("first sent in order").hasSize(expected.size()).isSorted();
            List<String> lines = logged.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("WARN offline:").contains("the spool holds"));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("WARN status: offline for"));
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("INFO caught up:"));
        } finally {
            voltrace.detachAppender(logged);
            voltrace.setLevel(level);
            ingest.close();
        }
    }
}
