package io.voltrace.cli.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.agent.AgentConfig;
import io.voltrace.edge.agent.EdgeAgent;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.PlausibilityStore;
import io.voltrace.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance: the shared two-bus Kona log (P-CAN on bus 0, C-CAN on bus 1, where 0x595 means something
 * else) replayed through the edge agent into an in-process ingest, restamped at full speed (its time counts from the
 * logger's boot). Bus 0 stores about 355 V and a few amperes; bus 1 decodes as 0 V with hundreds of amperes, which
 * both the edge and the intake find implausible: every stored sample of it is marked and none feeds an estimate.
 */
class KonaTwoBusReplayTest {
    private static final String CODE = "VTRPE98KONA001T5C0000015";

    @TempDir
    Path dir;

    private static Path shared() {
        String configured = System.getProperty("voltrace.sharedData");
        Path root = configured == null || configured.isBlank() ? Path.of("../../shared/data") : Path.of(configured);
        boolean present = Files.isRegularFile(root.resolve("vehicle-dbc/kona_ev_dbc/pcan.dbc"));
        if (!present) {
            System.out.println("skipped: shared data not found at " + root.toAbsolutePath().normalize());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "skipped: shared data not found at " + root);
        return root;
    }

    private record Run(List<PackSample> stored, long marked, long implausibleAtEdge, long frames) {
    }

    private Run replay(String bus) throws Exception {
        return replay(bus, null);
    }

    /** @param buses null for one bus ({@code can.replay.channel = bus}), else settings for {@code can.buses} */
    private Run replay(String bus, Map<String, String> buses) throws Exception {
        Path root = shared();
        IngestService ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest-" + bus), Ports.free(),
                0));
        try {
            String device = "kona-" + bus;
            ingest.registry().registerDevice(device, EdgeFixtures.SECRET);
            ingest.registry().registerBattery(new BatteryRecord(CODE, device, Chemistry.NMC, 180, 98,
                    "Hyundai Kona 64 kWh", Instant.now()));
            Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of(
                    "device.id", device, "device.battery", CODE, "mqtt.password", new String(EdgeFixtures.SECRET),
                    "mqtt.server", ingest.mqttUri(), "spool.dir", dir.resolve("spool-" + bus).toString(),
                    "can.source", "replay", "can.log",
                    root.resolve("can-logs/kona_ev_logs/230112-7-2019-pcan-ccan-power-off-on-ready-off.csv").toString(),
                    "can.replay.pace", "max", "can.replay.restamp", "true"));
            if (buses == null) {
                settings.put("can.replay.channel", bus);
                settings.put("dbc.file", root.resolve("vehicle-dbc/kona_ev_dbc/pcan.dbc").toString());
                settings.put("mapping.name", "hyundai-kona-ev");
            } else {
                settings.putAll(buses);
            }
            settings.put("health.pack.chemistry", "nmc");
            settings.put("health.pack.nominal-ah", "180");
            settings.put("health.pack.cells", "98");
            settings.put("shutdown.drain", "0s");
            EdgeAgent agent = EdgeAgent.start(AgentConfig.load(null, Map.of(), settings));
            long implausibleAtEdge;
            long frames;
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofMinutes(2))).isTrue();
                implausibleAtEdge = agent.implausibleSamples();
                frames = agent.status().frames();
                assertThat(agent.deliveredNothing()).isNull();
            } finally {
                agent.close();
            }
            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            List<PackSample> stored = ingest.telemetry().samples(CODE, Instant.EPOCH,
                    Instant.now().plus(Duration.ofDays(1)), 100_000);
            long marked = new PlausibilityStore(ingest.registry().dataSource()).count(CODE);
            return new Run(stored, marked, implausibleAtEdge, frames);
        } finally {
            ingest.close();
        }
    }

    @Test
    void busZeroStoresThePackAsItIs() throws Exception {
        Run r = replay("0");
        // The BMS talks for 6.9 s of the capture (70 frames of 0x595): one sample a second.
        assertThat(r.stored()).hasSizeBetween(5, 8);
        // Restamped: recent, not 1970 plus the logger's uptime.
        assertThat(r.stored().get(0).ts()).isGreaterThan(Instant.now().minus(Duration.ofHours(1)).toEpochMilli());
        double meanVolts = r.stored().stream().mapToDouble(PackSample::packVoltage).average().orElseThrow();
        assertThat(meanVolts).isBetween(350.0, 365.0);
        assertThat(r.stored()).allSatisfy(s -> assertThat(Math.abs(s.packCurrent())).isLessThan(10));
        assertThat(r.marked()).isZero();
        assertThat(r.implausibleAtEdge()).isZero();
    }

    @Test
    void busOneIsFlaggedImplausibleAtTheEdgeAndAtTheIntake() throws Exception {
        Run r = replay("1");
        assertThat(r.stored()).isNotEmpty();
        assertThat(r.stored()).anySatisfy(s -> assertThat(Math.abs(s.packCurrent())).isGreaterThan(100));
        assertThat(r.implausibleAtEdge()).isPositive();
        long flowing = r.stored().stream().filter(s -> s.packVoltage() < 1 && Math.abs(s.packCurrent()) > 2).count();
        assertThat(flowing).isPositive();
        assertThat(r.marked()).isGreaterThanOrEqualTo(flowing);
    }

    /**
     * Both buses in one agent, each with its own DBC and mapping (can.buses): P-CAN with the Kona P-CAN DBC and
     * mapping, C-CAN with the Kona C-CAN DBC and a partial mapping (the C-CAN carries no battery signal the DBC
     * names, so it maps none). C-CAN's 0x595 is no longer read as the pack's: the store holds what bus 0 alone gives,
     * nothing is implausible, and every frame of both buses was read.
     */
    @Test
    void bothBusesInOneAgentEachWithItsOwnDbcAndMapping() throws Exception {
        Path root = shared();
        Path partial = Files.writeString(dir.resolve("kona-ccan.json"), """
                // C-CAN of the Kona: no battery signal in kona-ev-dbc's ccan.dbc, so nothing is mapped
                {"format": "voltrace-bms-mapping/1", "partial": true}
                """);
        Run r = replay("both", Map.of("can.buses", "p, c",
                "can.bus.p.channel", "0", "can.bus.p.dbc", root.resolve("vehicle-dbc/kona_ev_dbc/pcan.dbc").toString(),
                "can.bus.p.mapping", "hyundai-kona-ev",
                "can.bus.c.channel", "1", "can.bus.c.dbc", root.resolve("vehicle-dbc/kona_ev_dbc/ccan.dbc").toString(),
                "can.bus.c.mapping", partial.toString()));
        assertThat(r.stored()).hasSizeBetween(5, 8);
        double meanVolts = r.stored().stream().mapToDouble(PackSample::packVoltage).average().orElseThrow();
        assertThat(meanVolts).isBetween(350.0, 365.0);
        assertThat(r.stored()).allSatisfy(s -> assertThat(Math.abs(s.packCurrent())).isLessThan(10));
        assertThat(r.marked()).isZero();
        assertThat(r.implausibleAtEdge()).isZero();
        long[] perChannel = new long[2];
        try (var log = io.voltrace.edge.can.CanLogs.open(
                root.resolve("can-logs/kona_ev_logs/230112-7-2019-pcan-ccan-power-off-on-ready-off.csv"))) {
            while (log.next() != null) {
                perChannel["1".equals(log.channel()) ? 1 : 0]++;
            }
        }
        assertThat(perChannel[1]).as("the log holds C-CAN frames").isPositive();
        assertThat(r.frames()).as("every frame of both buses read").isEqualTo(perChannel[0] + perChannel[1]);
    }
}
