package io.voltrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.wire.WireFormat;
import io.voltrace.edge.spool.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedExampleReadsWithTheEnvironmentOverridingIt() throws Exception {
        Path example = Path.of("../deploy/edge.conf");
        assertThat(example).exists();
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not read here");
        Path password = Files.writeString(dir.resolve("pw"), "s3cret\n");
        AgentConfig c = AgentConfig.load(example, Map.of(
                "VOLTRACE_EDGE_MQTT_TLS_CA_FILE", ca.toString(),
                "VOLTRACE_EDGE_MQTT_PASSWORD_FILE", password.toString(),
                "VOLTRACE_EDGE_SPOOL_DIR", dir.resolve("spool").toString(),
                "VOLTRACE_EDGE_DEVICE_ID", "veh-0042",
                "VOLTRACE_EDGE_CELLS_INTERVAL", "10"));
        assertThat(c.deviceId()).isEqualTo("veh-0042");
        assertThat(c.mqtt().clientId()).isEqualTo("veh-0042");
        assertThat(c.mqtt().username()).isEqualTo("veh-0042");
        assertThat(c.mqtt().password()).containsExactly("s3cret".toCharArray());
        assertThat(c.mqtt().tls().caFile()).isEqualTo(ca);
        assertThat(c.mqtt().tls().verifyHostname()).isTrue();
        assertThat(c.mqtt().statusTopic()).isEqualTo("voltrace/v1/veh-0042/status");
        assertThat(c.mqtt().reconnectMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.spool().dir()).isEqualTo(dir.resolve("spool"));
        assertThat(c.spool().maxBytes()).isEqualTo(64L << 20);
        assertThat(c.spool().fsync()).isEqualTo(FsyncPolicy.every(Duration.ofSeconds(1)));
        assertThat(c.cells()).isEqualTo(new AgentConfig.CellsConfig(10, 96, 16));
        assertThat(c.publish().format()).isEqualTo(WireFormat.COMPACT);
        assertThat(c.source().kind()).isEqualTo("socketcan");
        assertThat(c.source().exitAtEnd()).isFalse();
        assertThat(c.statusFile()).isEqualTo(dir.resolve("spool/status.json"));
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not read here");
        Path password = Files.writeString(dir.resolve("pw"), "from-env\n");
        Map<String, String> env = Map.of(
                "VOLTRACE_EDGE_MQTT_TLS_CA_FILE", ca.toString(),
                "VOLTRACE_EDGE_MQTT_PASSWORD_FILE", password.toString(),
                "VOLTRACE_EDGE_DEVICE_ID", "veh-env",
                "VOLTRACE_EDGE_CELLS_INTERVAL", "10");
        AgentConfig c = AgentConfig.load(Path.of("../deploy/edge.conf"), env,
                Map.of("device.id", "veh-flag", "spool.dir", dir.resolve("flag-spool").toString()));
        assertThat(c.deviceId()).isEqualTo("veh-flag");                        // flag over environment
        assertThat(c.mqtt().password()).containsExactly("from-env".toCharArray()); // environment over file
        assertThat(c.cells().interval()).isEqualTo(10);
        assertThat(c.spool().dir()).isEqualTo(dir.resolve("flag-spool"));

        assertThatThrownBy(() -> AgentConfig.load(Path.of("../deploy/edge.conf"), env,
                Map.of("mqtt.pasword", "x", "spool.fsync", "sometimes")))
                .isInstanceOf(AgentConfig.ConfigException.class)
                .satisfies(e -> assertThat(((AgentConfig.ConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("--set mqtt.pasword: unknown key") && p.contains("mqtt.password"))
                        .anyMatch(p -> p.startsWith("--set spool.fsync: spool.fsync")));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() throws Exception {
        Path file = Files.writeString(dir.resolve("edge.conf"), String.join("\n",
                "device.id = veh/1",
                "can.source = serial",
                "mqtt.pasword = x",
                "spool.max-bytes = 64MB8",
                "mqtt.keep-alive = soon",
                "this line has no equals sign",
                "can.replay.loop = true",
                "can.replay.loop = true",
                ""));
        assertThatThrownBy(() -> AgentConfig.load(file, Map.of("VOLTRACE_EDGE_SPOOL_FSYNC", "sometimes")))
                .isInstanceOfSatisfying(AgentConfig.ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).isEqualTo("edge.conf:3: unknown key 'mqtt.pasword' (did you "
                                + "mean mqtt.password?)"))
                        .anySatisfy(p -> assertThat(p).startsWith("edge.conf:6: expected 'key = value'"))
                        .anySatisfy(p -> assertThat(p).isEqualTo("edge.conf:8: can.replay.loop is already set "
                                + "at edge.conf:7"))
                        .anySatisfy(p -> assertThat(p).startsWith("edge.conf:2: can.source: 'serial' is not one of"))
                        .anySatisfy(p -> assertThat(p).startsWith("edge.conf:4: spool.max-bytes: '64MB8' is not a "
                                + "size"))
                        .anySatisfy(p -> assertThat(p).startsWith("edge.conf:5: mqtt.keep-alive: 'soon' is not a "
                                + "duration"))
                        .anySatisfy(p -> assertThat(p).startsWith("edge.conf:8: can.replay.loop: looping needs"))
                        .anySatisfy(p -> assertThat(p).startsWith("environment VOLTRACE_EDGE_SPOOL_FSYNC: "
                                + "spool.fsync: 'sometimes' is not an fsync policy"))
                        .anySatisfy(p -> assertThat(p).startsWith("setting device.battery is required"))
                        .anySatisfy(p -> assertThat(p).startsWith("setting mqtt.server is required"))
                        .anySatisfy(p -> assertThat(p).contains("must not contain /")));
    }

    @Test
    void readsPacesAndRefusesNonsense() {
        assertThat(AgentConfig.Pace.parse("recorded")).isEqualTo(AgentConfig.Pace.RECORDED);
        assertThat(AgentConfig.Pace.parse("max").unpaced()).isTrue();
        assertThat(AgentConfig.Pace.parse("10x").speed()).isEqualTo(10);
        assertThat(AgentConfig.Pace.parse("2000fps").framesPerSecond()).isEqualTo(2000);
        assertThatThrownBy(() -> AgentConfig.Pace.parse("fast")).hasMessageContaining("is not a pace");
        assertThatThrownBy(() -> AgentConfig.Pace.parse("-3x")).hasMessageContaining("is not a pace");
    }

    @Test
    void aFastSimulatedHistoryEndsNowARecordedOneRunsLiveAndAnExplicitStartWins() throws Exception {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        AgentConfig.SimulatorConfig month = new AgentConfig.SimulatorConfig(96, 60, 90, 1, 30, 20, null);
        assertThat(month.firstFrame(AgentConfig.Pace.MAX, now)).isEqualTo(now.minus(Duration.ofDays(30)));
        assertThat(month.firstFrame(new AgentConfig.Pace(10, 0), now)).isEqualTo(now.minus(Duration.ofDays(30)));
        assertThat(month.firstFrame(new AgentConfig.Pace(0, 500), now)).isEqualTo(now.minus(Duration.ofDays(30)));
        assertThat(month.firstFrame(AgentConfig.Pace.RECORDED, now)).isEqualTo(now);

        AgentConfig c = AgentConfig.load(null, Map.of(), Map.of("device.id", "veh-1", "device.battery",
                "VTRPE96DEMO001T5C0000042", "can.source", "simulator", "can.replay.pace", "max",
                "can.simulator.start", "2025-03-01T00:00:00Z", "spool.dir", dir.toString(),
                "mqtt.server", "tcp://127.0.0.1:1883", "mqtt.password", "x"));
        assertThat(c.source().simulator().firstFrame(c.source().pace(), now))
                .isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));

        assertThatThrownBy(() -> AgentConfig.load(null, Map.of(), Map.of("device.id", "veh-1", "device.battery",
                "VTRPE96DEMO001T5C0000042", "can.source", "simulator", "can.simulator.start", "yesterday",
                "spool.dir", dir.toString(), "mqtt.server", "tcp://127.0.0.1:1883", "mqtt.password", "x")))
                .isInstanceOf(AgentConfig.ConfigException.class)
                .hasMessageContaining("can.simulator.start: 'yesterday' is not an instant");
    }

    @Test
    void readsTheReplayChannelAndDiagnosticPolling() throws Exception {
        Map<String, String> flags = Map.of("device.id", "veh-1", "device.battery", "B1", "mqtt.server",
                "tcp://127.0.0.1:1883", "spool.dir", dir.resolve("s").toString(), "can.source", "replay",
                "can.log", "kona.csv", "can.replay.channel", "0", "diag.poll", "hyundai-kona-ev",
                "diag.max-frames-per-second", "10", "diag.quiet", "3s");
        AgentConfig c = AgentConfig.load(null, Map.of(), flags);
        assertThat(c.source().channel()).isEqualTo("0");
        assertThat(c.diag().poll()).isEqualTo("hyundai-kona-ev");
        assertThat(c.diag().poller().maxFramesPerSecond()).isEqualTo(10);
        assertThat(c.diag().poller().quietSeconds()).isEqualTo(3.0);
        assertThat(c.diag().stateCurrentAmps()).isEqualTo(2.0);

        java.util.HashMap<String, String> bad = new java.util.HashMap<>(flags);
        bad.put("can.source", "simulator");
        bad.put("diag.max-frames-per-second", "1");
        assertThatThrownBy(() -> AgentConfig.load(null, Map.of(), bad))
                .isInstanceOfSatisfying(AgentConfig.ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("can.replay.channel: a channel filter applies to a "
                                + "replay"))
                        .anySatisfy(p -> assertThat(p).contains("diag.poll: the simulator sends no diagnostic"))
                        .anySatisfy(p -> assertThat(p).contains("diag.max-frames-per-second")));
    }

    private Path busFile(String extra) throws Exception {
        return Files.writeString(dir.resolve("buses.conf"), """
                device.id = veh-1
                device.battery = VTRPE96DEMO001T5C0000001
                can.source = replay
                can.log = kona.csv
                spool.dir = spool
                mqtt.server = tcp://127.0.0.1:1883
                can.buses = p, c
                can.bus.p.channel = 0
                can.bus.p.dbc = pcan.dbc
                can.bus.p.mapping = hyundai-kona-ev
                can.bus.c.channel = 1
                can.bus.c.mapping = ccan.json
                """ + extra);
    }

    @Test
    void severalBusesEachWithItsDbcAndMappingTheEnvironmentOverridingABusKey() throws Exception {
        AgentConfig c = AgentConfig.load(busFile(""), Map.of("VOLTRACE_EDGE_CAN_BUS_C_CHANNEL", "2"));
        assertThat(c.source().buses()).containsExactly(
                new AgentConfig.BusConfig("p", null, "0", dir.resolve("pcan.dbc"), null, "hyundai-kona-ev"),
                new AgentConfig.BusConfig("c", null, "2", null, dir.resolve("ccan.json"), "voltrace-bms"));
        AgentConfig flagged = AgentConfig.load(busFile(""), Map.of("VOLTRACE_EDGE_CAN_BUS_C_CHANNEL", "2"),
                Map.of("can.bus.c.channel", "3"));
        assertThat(flagged.source().buses().get(1).channel()).as("--set wins").isEqualTo("3");
    }

    @Test
    void busSettingsThatCannotWorkAreEachNamed() throws Exception {
        assertThatThrownBy(() -> AgentConfig.load(busFile("""
                can.replay.channel = 0
                dbc.file = x.dbc
                can.bus.x.channel = 4
                can.bus.p.interface = can0
                """), Map.of()))
                .isInstanceOf(AgentConfig.ConfigException.class)
                .hasMessageContaining("can.replay.channel: with can.buses give each bus its own can.bus.<name>.channel")
                .hasMessageContaining("dbc.file: with can.buses give each bus its own can.bus.<name>.dbc")
                .hasMessageContaining("can.bus.x.channel: bus 'x' is not in can.buses (p, c)")
                .hasMessageContaining("can.bus.p.interface: a replay reads the log's channels");
        Path noBuses = Files.writeString(dir.resolve("nobus.conf"), """
                device.id = veh-1
                device.battery = VTRPE96DEMO001T5C0000001
                can.source = replay
                can.log = kona.csv
                spool.dir = spool
                mqtt.server = tcp://127.0.0.1:1883
                can.bus.p.channel = 0
                can.bus.p.dbcfile = pcan.dbc
                """);
        assertThatThrownBy(() -> AgentConfig.load(noBuses, Map.of()))
                .hasMessageContaining("can.bus.p.channel: a bus setting needs can.buses to list the bus")
                .hasMessageContaining("unknown key 'can.bus.p.dbcfile'");
    }

    /** The ingest's reader and layers: a system property beats the environment, --set beats both. */
    @Test
    void systemPropertiesOverrideTheEnvironmentAndFlagsOverrideThem() throws Exception {
        Path file = busFile("");
        System.setProperty("voltrace.edge.device.id", "veh-prop");
        System.setProperty("voltrace.edge.mqtt.pasword", "typo");
        try {
            assertThatThrownBy(() -> AgentConfig.load(file, Map.of("VOLTRACE_EDGE_DEVICE_ID", "veh-env")))
                    .hasMessageContaining("system property voltrace.edge.mqtt.pasword: unknown key 'mqtt.pasword' "
                            + "(did you mean mqtt.password?)");
            System.clearProperty("voltrace.edge.mqtt.pasword");
            AgentConfig c = AgentConfig.load(file, Map.of("VOLTRACE_EDGE_DEVICE_ID", "veh-env"));
            assertThat(c.deviceId()).isEqualTo("veh-prop");
            assertThat(AgentConfig.load(file, Map.of("VOLTRACE_EDGE_DEVICE_ID", "veh-env"),
                    Map.of("device.id", "veh-flag")).deviceId()).isEqualTo("veh-flag");
        } finally {
            System.clearProperty("voltrace.edge.device.id");
            System.clearProperty("voltrace.edge.mqtt.pasword");
        }
    }
}
