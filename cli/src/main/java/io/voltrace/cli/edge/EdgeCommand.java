package io.voltrace.cli.edge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.voltrace.edge.agent.EdgeAgentMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the edge agent as a service. */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = {"Runs the edge agent until stopped: reads the CAN source, decodes and samples the BMS, keeps "
                + "every sample in a durable spool and delivers it over MQTT 5 (QoS 1, persistent session, TLS).",
                "Settings come from --config FILE (key = value lines, see docs/edge-agent.md and "
                        + "deploy/edge.conf), overridden by environment variables VOLTRACE_EDGE_<KEY>, e.g. "
                        + "VOLTRACE_EDGE_MQTT_PASSWORD.",
                "Logs say when it goes offline, how much the spool holds, and when it has caught up "
                        + "(VOLTRACE_LOG_LEVEL=WARN makes it quieter).",
                "Exit status: 0 stopped or done, 1 could not start or failed, 2 bad settings."})
public final class EdgeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the agent's settings file")
    Path config;

    @Override
    public Integer call() {
        if (System.getenv("VOLTRACE_LOG_LEVEL") == null && System.getProperty("VOLTRACE_LOG_LEVEL") == null) {
            // A service's log is its only voice: going offline, holding, catching up are INFO lines.
            ((Logger) LoggerFactory.getLogger("io.voltrace")).setLevel(Level.INFO);
        }
        return EdgeAgentMain.run(config, System.getenv(), System.err);
    }
}
