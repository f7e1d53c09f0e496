package io.voltrace.cli;

import io.voltrace.common.config.LayeredSettings;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.registry.RegistryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which registry an offline command (tokens, organisations, ledger) works on: the same settings as
 * {@code ./voltrace ingest} (config file, then VOLTRACE_INGEST_* environment variables, then these flags), so it finds
 * the registry the service uses.
 */
public final class RegistryOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "the ingest's properties file (settings: this "
            + "file, then VOLTRACE_INGEST_* variables, then the flags below)")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "the ingest's data folder (data.dir; default data)")
    String data;

    @Option(names = "--registry-url", paramLabel = "JDBC", description = "registry database (registry.url; "
            + "default the embedded H2 under the data folder)")
    String registryUrl;

    /**
     * Opens the registry, or throws with a message that says what to do.
     *
     * @param onlineAlternative what to use instead while a running ingest holds the embedded registry
     */
    public Registry open(String onlineAlternative) throws IOException {
        LayeredSettings s = settings();
        Path dataDir = Path.of(s.get("data.dir", "data"));
        IngestConfig.Registry registry = new IngestConfig.Registry(s.get("registry.url"), s.get("registry.user"),
                s.get("registry.password"));
        IngestConfig config = new IngestConfig(dataDir, "127.0.0.1", 0, 0, registry, IngestConfig.Store.embedded(),
                null);
        String url = config.effectiveRegistryUrl();
        try {
            return config.openRegistry();
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("already in use") || why.contains("locked")) {
                throw new RegistryException("the embedded registry under " + dataDir.toAbsolutePath()
                        + " is in use by a running ingest: stop it first, or use " + onlineAlternative, e);
            }
            throw new RegistryException("cannot open the registry at " + url + ": " + why, e);
        }
    }

    /** The ingest's settings as these options select them (file, then environment, then the flags). */
    public LayeredSettings settings() throws IOException {
        Map<String, String> flags = new HashMap<>();
        if (data != null) {
            flags.put("data.dir", data);
        }
        if (registryUrl != null) {
            flags.put("registry.url", registryUrl);
        }
        return io.voltrace.cli.ingest.IngestCommand.checked(LayeredSettings.load(config, System.getenv(),
                "VOLTRACE_INGEST", LayeredSettings.systemProperties(), flags));
    }
}
