package io.voltrace.edge.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the agent until it is stopped (SIGTERM, as systemd does) or, for a replay or simulation that ends, until
 * everything it read is delivered. {@code ./voltrace edge --config FILE} calls {@link #run}; this class's
 * {@code main} does the same without the CLI, for the smallest footprint.
 *
 * <p>Exit status: 0 stopped or done, 1 the agent could not start or failed (or a replay delivered nothing),
 * 2 bad settings.
 */
public final class EdgeAgentMain {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_CONFIG = 2;

    private EdgeAgentMain() {
    }

    public static void main(String[] args) {
        Path config = null;
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                config = Path.of(args[i].substring("--config=".length()));
            } else if (args[i].equals("--set") && i + 1 < args.length && args[i + 1].contains("=")) {
                String setting = args[++i];
                flags.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            } else {
                System.err.println("usage: EdgeAgentMain --config FILE [--set KEY=VALUE]...");
                System.exit(BAD_CONFIG);
            }
        }
        JulLogging.configure(System.getenv("VOLTRACE_LOG_LEVEL"));
        System.exit(run(config, System.getenv(), flags, System.err));
    }

    /** Loads the settings and runs the agent; returns the exit status. */
    public static int run(Path configFile, Map<String, String> environment, PrintStream err) {
        return run(configFile, environment, Map.of(), err);
    }

    /**
     * Loads the settings (file, then environment, then {@code flags}, each overriding the one before) and runs the
     * agent; returns the exit status.
     */
    public static int run(Path configFile, Map<String, String> environment, Map<String, String> flags,
                          PrintStream err) {
        AgentConfig config;
        try {
            config = AgentConfig.load(configFile, environment, flags);
        } catch (AgentConfig.ConfigException e) {
            err.println("voltrace edge: bad settings:");
            for (String p : e.problems()) {
                err.println("  " + p);
            }
            return BAD_CONFIG;
        } catch (IOException e) {
            err.println("voltrace edge: " + e.getMessage());
            return BAD_CONFIG;
        }
        EdgeAgent agent;
        try {
            agent = EdgeAgent.start(config);
        } catch (IOException | RuntimeException e) {
            err.println("voltrace edge: cannot start: " + e.getMessage());
            return FAILED;
        }
        Thread hook = new Thread(agent::close, "edge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (config.source().exitAtEnd()) {
                while (!agent.awaitSourceEnd(Duration.ofSeconds(1))) {
                    // reading; a stop signal closes the agent from the hook
                }
                while (!agent.awaitDelivered(Duration.ofSeconds(10))) {
                    // the uplink keeps trying; a stop signal ends the wait
                }
                agent.close();
                Runtime.getRuntime().removeShutdownHook(hook);
                String nothing = agent.deliveredNothing();
                if (nothing != null) {
                    err.println("voltrace edge: " + nothing);
                    return FAILED;
                }
                return OK;
            }
            agent.awaitStopped();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            agent.close();
            return FAILED;
        } catch (IllegalStateException e) {
            return OK; // the JVM is already shutting down: the hook closes the agent
        }
    }
}
