package io.voltrace.cli.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.edge.agent.AgentConfig;
import io.voltrace.edge.agent.EdgeAgent;
import io.voltrace.edge.bms.BmsField;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.health.HealthSettings;
import io.voltrace.edge.health.HealthWatch;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.EdgeEvidenceStore;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health evidence from the bus to the grading: a simulated pack whose insulation breaks down half-way (the BMS reads
 * 30 kΩ on a 400 V pack, 75 Ω/V, and raises its isolation fault) is replayed through the edge agent into an in-process
 * ingest; the assessment must send it to material recovery for its insulation, naming the fault. And the evidence
 * must survive an outage and a restart: none lost, none stored twice.
 */
class EvidenceDeliveryTest {
    static final double BROKEN_KOHM = 30;

    @TempDir
    Path dir;

    @Test
    void aBrokenDownInsulationSendsThePackToMaterialRecovery() throws Exception {
        List<CanFrame> frames = insulationBreaksDown(EdgeFixtures.simulate(1, 31));
        Path log = EdgeFixtures.writeLog(dir.resolve("bus.log"), frames);
        List<HealthEvidence> expected = expectedEvidence(frames, "veh-ev");
        assertThat(expected).as("the log must hold the breakdown to be a test")
                .anySatisfy(e -> assertThat(e.insulationKohm()).isEqualTo(BROKEN_KOHM))
                .anySatisfy(e -> assertThat(e.active()).isTrue());

        IngestService ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest"), Ports.free(), 0));
        try {
            EdgeFixtures.register(ingest, "veh-ev");
            EdgeAgent agent = EdgeAgent.start(agentConfig("veh-ev", log, ingest.mqttUri()));
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofMinutes(2))).isTrue();
            } finally {
                agent.close();
            }
            assertThat(stored(ingest)).containsExactlyInAnyOrderElementsOf(expected);

            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            HealthAssessment a = ingest.health().assess(ingest.registry().battery(EdgeFixtures.CODE).orElseThrow());
            assertThat(a.grade()).isEqualTo("RECOVERY");
            a.reasons().forEach(r -> System.out.println("reason: " + r));
            assertThat(a.reasons().get(0)).as("the decision comes first").contains("material recovery");
            assertThat(a.reasons()).anySatisfy(r -> assertThat(r).contains("< 100 Ω/V: insulation fault"));
            assertThat(a.reasons()).anySatisfy(r -> assertThat(r).startsWith("BMS faults reported by the edge:")
                    .contains("isolation_fault (INSULATION_FAULT: raised"));
            assertThat(a.reasons()).anySatisfy(r -> assertThat(r).startsWith("BMS insulation monitor: latest 30 kΩ"));
            assertThat(a.reasons()).noneSatisfy(r -> assertThat(r).contains("insulation not measured"));
        } finally {
            ingest.close();
        }
    }

    @Test
    void evidenceSurvivesAnOutageAndARestartAndIsStoredOnce() throws Exception {
        List<CanFrame> frames = insulationBreaksDown(EdgeFixtures.simulate(0.5, 37));
        Path log = EdgeFixtures.writeLog(dir.resolve("bus.log"), frames);
        List<HealthEvidence> expected = expectedEvidence(frames, "veh-out");
        int port = Ports.free();
        String uri = "tcp://127.0.0.1:" + port;

        // The ingest is away: the agent reads the whole bus into its spool and stops with everything undelivered.
        EdgeAgent offline = EdgeAgent.start(agentConfig("veh-out", log, uri));
        try {
            assertThat(offline.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
            EdgeAgent.Status s = offline.status();
            assertThat(s.online()).isFalse();
            assertThat(s.spool().heldRecords()).as("samples and evidence wait in the spool")
                    .isEqualTo(s.spooled()).isGreaterThan(expected.size());
        } finally {
            offline.close();
        }

        IngestService ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest"), port, 0));
        try {
            EdgeFixtures.register(ingest, "veh-out");
            // Started again on the same spool and the same log: the held records go first, then the log is read a
            // second time, so every piece of evidence reaches the ingest twice.
            EdgeAgent again = EdgeAgent.start(agentConfig("veh-out", log, ingest.mqttUri()));
            try {
                assertThat(again.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                assertThat(again.awaitDelivered(Duration.ofMinutes(2))).isTrue();
            } finally {
                again.close();
            }
            assertThat(ingest.intake().counters().acceptedEvidenceMessages()).isEqualTo(2L * expected.size());
            assertThat(stored(ingest)).as("none lost, none twice").containsExactlyInAnyOrderElementsOf(expected);
            // Reduced as stored (issue #12): every stored record once, though each arrived twice.
            var ds = ingest.registry().dataSource();
            io.voltrace.ingest.health.EdgeReduction reduced = new io.voltrace.ingest.health.EdgeReductions(ds,
                    new io.voltrace.ingest.health.AssessmentSchedule(ds), ingest.registry()::battery,
                    java.time.Clock.systemUTC()).of(EdgeFixtures.CODE);
            assertThat(reduced.records()).isEqualTo(expected.size());
            assertThat(reduced.insulation().readings()).isEqualTo(expected.stream()
                    .filter(e -> e.type() == HealthEvidence.Type.INSULATION).count());
            assertThat(reduced.faults().stream().mapToLong(f -> f.raised() + f.cleared()).sum())
                    .isEqualTo(expected.stream().filter(e -> e.type() == HealthEvidence.Type.FAULT).count());
        } finally {
            ingest.close();
        }
    }

    @Test
    void withThePackKnownTheEdgeSendsFullRateStepsAndTheAssessmentReportsTheirResistance() throws Exception {
        List<CanFrame> frames = EdgeFixtures.simulate(1, 41);
        Path log = EdgeFixtures.writeLog(dir.resolve("bus.log"), frames);
        IngestService ingest = IngestService.start(IngestConfig.embedded(dir.resolve("ingest"), Ports.free(), 0));
        try {
            EdgeFixtures.register(ingest, "veh-steps");
            Map<String, String> settings = new java.util.HashMap<>(settings("veh-steps", log, ingest.mqttUri()));
            settings.putAll(Map.of("health.pack.chemistry", "NMC", "health.pack.nominal-ah", "60",
                    "health.pack.cells", "96", "health.steps.interval", "2min"));
            EdgeAgent agent = EdgeAgent.start(AgentConfig.load(EdgeFixtures.config(dir.resolve("agent-steps"),
                    settings), Map.of()));
            try {
                assertThat(agent.awaitSourceEnd(Duration.ofMinutes(2))).isTrue();
                assertThat(agent.awaitDelivered(Duration.ofMinutes(2))).isTrue();
            } finally {
                agent.close();
            }
            EdgeEvidenceStore store = new EdgeEvidenceStore(ingest.registry().dataSource());
            List<HealthEvidence> steps = store.evidence(EdgeFixtures.CODE, HealthEvidence.Type.CURRENT_STEP);
            assertThat(steps).as("a day of driving has current steps").hasSizeGreaterThan(5);
            for (int i = 1; i < steps.size(); i++) {
                assertThat(steps.get(i).ts() - steps.get(i - 1).ts()).as("at most one per interval")
                        .isGreaterThanOrEqualTo(120_000);
            }
            assertThat(steps).allSatisfy(s -> assertThat(s.ohms()).as("cell ohms").isBetween(0.0001, 0.01));

            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            HealthAssessment a = ingest.health().assess(ingest.registry().battery(EdgeFixtures.CODE).orElseThrow());
            a.reasons().forEach(r -> System.out.println("reason: " + r));
            assertThat(a.reasons()).anySatisfy(r -> assertThat(r)
                    .startsWith("ohmic resistance at full CAN rate (edge"));
        } finally {
            ingest.close();
        }
    }

    private AgentConfig agentConfig(String device, Path log, String server) throws Exception {
        return AgentConfig.load(EdgeFixtures.config(dir.resolve("agent-" + device), settings(device, log, server)),
                Map.of());
    }

    private Map<String, String> settings(String device, Path log, String server) {
        return Map.of("device.id", device, "can.source", "replay", "can.log", log.toString(), "can.replay.pace",
                "max", "spool.dir", dir.resolve("spool-" + device).toString(), "mqtt.server", server,
                "shutdown.drain", "0s");
    }

    private static List<HealthEvidence> stored(IngestService ingest) {
        EdgeEvidenceStore store = new EdgeEvidenceStore(ingest.registry().dataSource());
        List<HealthEvidence> all = new ArrayList<>(store.evidence(EdgeFixtures.CODE, HealthEvidence.Type.INSULATION));
        all.addAll(store.evidence(EdgeFixtures.CODE, HealthEvidence.Type.FAULT));
        return all;
    }

    /**
     * The frames with the insulation monitor's readings from the middle on replaced: 30 kΩ, isolation fault set.
     * Only the BMS_Isolation frames change; everything else is the simulated pack as it was.
     */
    static List<CanFrame> insulationBreaksDown(List<CanFrame> frames) {
        DbcDatabase dbc = ReferenceDbc.load();
        DbcMessage isolation = dbc.messageByName("BMS_Isolation");
        double[] values = new double[isolation.signals().size()];
        values[isolation.signalIndex("IsolationResistance")] = BROKEN_KOHM;
        values[isolation.signalIndex("FaultIsolation")] = 1;
        byte[] data = new byte[isolation.length()];
        isolation.encode(values, data);
        long half = frames.get(frames.size() / 2).timestampMicros();
        List<CanFrame> out = new ArrayList<>(frames.size());
        for (CanFrame f : frames) {
            boolean broken = f.id() == isolation.id() && f.extended() == isolation.extended()
                    && f.timestampMicros() >= half;
            out.add(broken ? new CanFrame(f.timestampMicros(), f.id(), f.extended(), false, data.clone(),
                    data.length) : f);
        }
        return out;
    }

    /** What the agent reports from these frames with its default settings: the reference mapping, 10 min, 500 Ω/V. */
    static List<HealthEvidence> expectedEvidence(List<CanFrame> frames, String device) throws Exception {
        List<HealthEvidence> out = new ArrayList<>();
        PackSampler sampler = new PackSampler(SignalMapping.voltraceReference().resolve(ReferenceDbc.load()), 1,
                s -> { });
        HealthWatch watch = new HealthWatch(device, EdgeFixtures.CODE, sampler.mapping().faultFlags(),
                HealthSettings.DEFAULTS, (e, event) -> out.add(e));
        for (CanFrame f : frames) {
            sampler.accept(f);
            watch.observe(f.timestampMicros() / 1000, sampler.updates(BmsField.INSULATION_RESISTANCE),
                    sampler.insulationResistanceKohm(), sampler.value(BmsField.PACK_VOLTAGE), sampler.faultBits());
        }
        return out;
    }
}
