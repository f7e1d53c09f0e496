package io.voltrace.cli.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.spool.Spool;
import io.voltrace.edge.spool.SpoolConfig;
import io.voltrace.edge.spool.SpoolRecord;
import io.voltrace.edge.telemetry.SpoolPayloads;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 the agent (a child JVM) mid-stream and start it again: every sample that was in its spool must arrive in the
 * time-series store exactly once, and nothing it had read before the kill may be missing in between.
 */
class AgentKillIT {
    static final String DEVICE = "veh-kill";

    @TempDir
    Path dir;

    @Test
    void everySpooledSampleArrivesExactlyOnceAfterKillMinus9() throws Exception {
        List<CanFrame> frames = EdgeFixtures.simulate(1, 11);
        int split = frames.size() * 6 / 10;
        List<CanFrame> partA = frames.subList(0, split);
        List<CanFrame> partB = frames.subList(split, frames.size());
        Path logA = EdgeFixtures.writeLog(dir.resolve("a.log"), partA);
        Path logB = EdgeFixtures.writeLog(dir.resolve("b.log"), partB);
        List<PackSample> expectedA = EdgeFixtures.expectedSamples(partA);
        List<PackSample> expectedB = EdgeFixtures.expectedSamples(partB);
        Path spoolDir = dir.resolve("spool");

        IngestService ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest"),
                Ports.free(), 0));
        try {
            EdgeFixtures.register(ingest, DEVICE);
            Map<String, String> common = Map.of("device.id", DEVICE, "can.source", "replay",
                    "spool.dir", spoolDir.toString(), "mqtt.server", ingest.mqttUri(),
                    "mqtt.max-in-flight", "4", "publish.max-records", "5");
            Path configA = EdgeFixtures.config(dir.resolve("run-a"), merge(common, Map.of("can.log", logA.toString(),
                    "can.replay.pace", "4000fps")));
            ChildAgent first = ChildAgent.start(configA, dir.resolve("agent-a.log"));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (ingest.telemetry().count(EdgeFixtures.CODE) < 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(1500);
            first.kill(); // SIGKILL: no shutdown hook, no goodbye, whatever was in flight stays unacknowledged

            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            Set<Long> storedAtKill = timestamps(ingest.telemetry().samples(EdgeFixtures.CODE, Instant.EPOCH,
                    Instant.now().plus(Duration.ofDays(1)), 1_000_000));
            Set<Long> spooledAtKill = new HashSet<>();
            try (Spool spool = Spool.open(SpoolConfig.of(spoolDir))) {
                Spool.Cursor cursor = spool.cursor();
                List<SpoolRecord> chunk;
                while (!(chunk = cursor.read(1000, 1 << 24)).isEmpty()) {
                    // Samples only: health evidence (insulation readings) shares the spool.
                    chunk.stream().filter(r -> r.kind() == io.voltrace.edge.spool.RecordKind.PACK_SAMPLE)
                            .forEach(r -> spooledAtKill.add(SpoolPayloads.decodeSample(r.payload()).ts()));
                }
            }
            System.out.printf("killed: %d samples stored, %d waiting in the spool%n", storedAtKill.size(),
                    spooledAtKill.size());
            assertThat(spooledAtKill).as("the kill must leave undelivered samples behind to be a test").isNotEmpty();

            Path configB = EdgeFixtures.config(dir.resolve("run-b"), merge(common, Map.of("can.log", logB.toString(),
                    "can.replay.pace", "max")));
            ChildAgent second = ChildAgent.start(configB, dir.resolve("agent-b.log"));
            assertThat(second.awaitExit(Duration.ofMinutes(3))).as("second run exit status; its log: %s",
                    second.log()).isZero();

            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            assertThat(ingest.telemetry().duplicateCount()).isZero();
            List<PackSample> stored = ingest.telemetry().samples(EdgeFixtures.CODE, Instant.EPOCH,
                    Instant.now().plus(Duration.ofDays(1)), 1_000_000);
            assertThat(ingest.telemetry().count(EdgeFixtures.CODE)).isEqualTo(stored.size());
            long firstB = expectedB.get(0).ts();
            List<PackSample> storedA = stored.stream().filter(s -> s.ts() < firstB).toList();
            List<PackSample> storedB = stored.stream().filter(s -> s.ts() >= firstB).toList();

            // Run A: a prefix of what it read, without holes, holding everything stored or spooled at the kill.
            assertThat(storedA).containsExactlyElementsOf(expectedA.subList(0, storedA.size()));
            assertThat(timestamps(storedA)).containsAll(storedAtKill).containsAll(spooledAtKill);
            // Run B: everything, with the coulomb counters carried on from run A.
            assertThat(storedB).hasSameSizeAs(expectedB);
            double carried = storedA.get(storedA.size() - 1).ahDischarged() - 0;
            for (int i = 0; i < expectedB.size(); i++) {
                PackSample e = expectedB.get(i);
                PackSample s = storedB.get(i);
                assertThat(s.ts()).isEqualTo(e.ts());
                assertThat(s.packVoltage()).isEqualTo(e.packVoltage());
                assertThat(s.cellVoltageMin()).isEqualTo(e.cellVoltageMin());
                assertThat(s.ahDischarged() - e.ahDischarged()).isCloseTo(storedB.get(0).ahDischarged()
                        - expectedB.get(0).ahDischarged(), org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(storedB.get(0).ahDischarged()).as("counters continue from run A")
                    .isGreaterThanOrEqualTo(carried);
            System.out.printf("after restart: %d of %d run-A samples and all %d run-B samples stored once each%n",
                    storedA.size(), expectedA.size(), storedB.size());
        } finally {
            ingest.close();
        }
    }

    static Set<Long> timestamps(List<PackSample> samples) {
        Set<Long> out = new HashSet<>();
        samples.forEach(s -> out.add(s.ts()));
        return out;
    }

    static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new java.util.LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    /** The agent in its own JVM, started as a service would start it. */
    static final class ChildAgent {
        private final Process process;
        private final Path log;

        private ChildAgent(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        static ChildAgent start(Path config, Path log) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), "io.voltrace.edge.agent.EdgeAgentMain",
                    "--config", config.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("VOLTRACE_LOG_LEVEL", "INFO");
            return new ChildAgent(pb.start(), log);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        int awaitExit(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        }

        String log() throws Exception {
            return Files.exists(log) ? log + ":\n" + Files.readString(log) : "(none)";
        }
    }
}
