package io.voltrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.edge.health.HealthSettings;
import io.voltrace.edge.testing.AgentFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health settings: defaults, the pack for full-rate evidence, and bad values named with their key. */
class HealthConfigTest {
    @TempDir
    Path dir;

    AgentConfig load(String... extra) throws Exception {
        Map<String, String> s = AgentFiles.settings(extra);
        s.putIfAbsent("device.id", "veh-1");
        s.putIfAbsent("device.battery", "VTRPE96DEMO001T5C0000042");
        s.putIfAbsent("spool.dir", dir.resolve("spool").toString());
        s.putIfAbsent("mqtt.server", "tcp://127.0.0.1:1883");
        return AgentConfig.load(AgentFiles.config(dir, s), Map.of());
    }

    @Test
    void defaultsOnARealBusLeaveFullRateEvidenceOff() throws Exception {
        AgentConfig c = load("can.source", "socketcan");
        assertThat(c.health()).isEqualTo(HealthSettings.DEFAULTS);
        assertThat(c.health().pack()).isNull();
    }

    @Test
    void theSimulatedPackIsKnownAndAGivenPackIsTaken() throws Exception {
        AgentConfig sim = load("can.source", "simulator", "can.simulator.cells", "88", "can.simulator.ah", "50");
        assertThat(sim.health().pack()).isEqualTo(new HealthSettings.Pack(Chemistry.NMC, 50, 88));
        AgentConfig real = load("can.source", "socketcan", "health.pack.chemistry", "LFP", "health.pack.nominal-ah",
                "280", "health.pack.cells", "104", "health.steps.interval", "1min", "health.insulation.interval",
                "30min", "health.insulation.warn-ohms-per-volt", "0");
        assertThat(real.health()).isEqualTo(new HealthSettings(Duration.ofMinutes(30), 0,
                new HealthSettings.Pack(Chemistry.LFP, 280, 104), Duration.ofMinutes(1)));
    }

    @Test
    void badHealthSettingsAreNamed() {
        assertThatThrownBy(() -> load("can.source", "socketcan", "health.pack.chemistry", "NMC"))
                .isInstanceOf(AgentConfig.ConfigException.class)
                .hasMessageContaining("health.pack.nominal-ah").hasMessageContaining("health.pack.cells");
        assertThatThrownBy(() -> load("can.source", "socketcan", "health.pack.chemistry", "lead-acid",
                "health.pack.nominal-ah", "60", "health.pack.cells", "96"))
                .hasMessageContaining("health.pack.chemistry").hasMessageContaining("not one of nmc, lfp, lco");
        assertThatThrownBy(() -> load("can.source", "socketcan", "health.insulation.interval", "0s"))
                .hasMessageContaining("health.insulation.interval").hasMessageContaining("must be positive");
        assertThatThrownBy(() -> load("can.source", "socketcan", "health.insulation.warn-ohms-per-volt", "-1"))
                .hasMessageContaining("health.insulation.warn-ohms-per-volt");
    }
}
