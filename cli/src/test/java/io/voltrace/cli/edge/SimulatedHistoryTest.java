package io.voltrace.cli.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.agent.AgentConfig;
import io.voltrace.edge.agent.EdgeAgent;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated vehicle feeding a standalone ingest at full pace: its history must end when it starts, so the ingest
 * admits every record instead of refusing days of samples stamped ahead of its clock.
 */
class SimulatedHistoryTest {
    @TempDir
    Path dir;

    @Test
    void atFullPaceTheSimulatedDaysEndNowAndTheIngestAdmitsThemAll() throws Exception {
        IngestService ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest"), Ports.free(), 0));
        try {
            EdgeFixtures.register(ingest, "veh-sim");
            Instant before = Instant.now();
            EdgeAgent agent = EdgeAgent.start(AgentConfig.load(EdgeFixtures.config(dir.resolve("agent"), Map.of(
                    "device.id", "veh-sim", "can.source", "simulator", "can.simulator.days", "2",
                    "can.replay.pace", "max", "spool.dir", dir.resolve("spool").toString(),
                    "mqtt.server", ingest.mqttUri(), "shutdown.drain", "0s")), Map.of()));
            EdgeAgent.Status s;
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofMinutes(2))).isTrue();
                s = agent.status();
            } finally {
                agent.close();
            }
            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            assertThat(ingest.intake().counters().refusedByReason()).as("nothing refused").isEmpty();
            assertThat(ingest.telemetry().count(EdgeFixtures.CODE)).as("every sample stored")
                    .isEqualTo(s.samples()).isGreaterThan(1000);
            Instant first = Instant.ofEpochMilli(ingest.telemetry().samples(EdgeFixtures.CODE, Instant.EPOCH,
                    Instant.now().plus(Duration.ofDays(30)), 1).get(0).ts());
            assertThat(first).as("the first frame is two days before the agent started")
                    .isBetween(before.minus(Duration.ofDays(2)).minusSeconds(60),
                            before.minus(Duration.ofDays(2)).plusSeconds(600));
            assertThat(ingest.telemetry().samples(EdgeFixtures.CODE, Instant.now(),
                    Instant.now().plus(Duration.ofDays(30)), 1)).as("nothing stamped ahead of the clock").isEmpty();
        } finally {
            ingest.close();
        }
    }
}
