package io.voltrace.cli.edge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.voltrace.edge.agent.EdgeAgentMain;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the edge agent as a service. */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = {"Runs the edge agent until stopped: reads the CAN source, decodes and samples the BMS, keeps "
                + "every sample in a durable spool and delivers it over MQTT 5 (QoS 1, persistent session, TLS).",
                "Settings come from --config FILE (key = value lines, see docs/edge-agent.md and "
                        + "deploy/edge.conf), then environment variables VOLTRACE_EDGE_<KEY>, e.g. "
                        + "VOLTRACE_EDGE_MQTT_PASSWORD, then --set KEY=VALUE flags: each overrides the one before. "
                        + "Keep secrets out of flags (other users can read a process's arguments): set them "
                        + "through the environment or a *-file setting.",
                "Use it on the vehicle gateway (systemd unit in deploy/systemd), or to replay a recorded log "
                        + "(can.source = replay). Logs say when it goes offline, how much the spool holds, and when it "
                        + "has caught up (VOLTRACE_LOG_LEVEL=WARN makes it quieter).",
                "Exit status: 0 stopped or done, 1 could not start or failed, 2 bad settings (each named with "
                        + "file:line or environment variable)."},
        footer = {"  ./voltrace edge --config deploy/edge.conf",
                "  ./voltrace edge --config deploy/edge-simulator.conf      # a simulated BMS, no CAN needed",
                "  VOLTRACE_EDGE_MQTT_PASSWORD=secret ./voltrace edge --config /etc/voltrace/edge.conf",
                "  ./voltrace edge --config deploy/edge.conf --set can.interface=can1 --set spool.dir=/var/lib/vt"})
public final class EdgeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the agent's settings file")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "override one setting of the file and the environment (repeatable), e.g. "
                    + "--set can.interface=can1; an unknown key is an error naming the nearest known one")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() {
        if (System.getenv("VOLTRACE_LOG_LEVEL") == null && System.getProperty("VOLTRACE_LOG_LEVEL") == null) {
            // A service's log is its only voice: going offline, holding, catching up are INFO lines.
            ((Logger) LoggerFactory.getLogger("io.voltrace")).setLevel(Level.INFO);
        }
        return EdgeAgentMain.run(config, System.getenv(), settings, System.err);
    }
}
