package io.voltrace.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Settings from three layers, later ones winning: a properties file, environment variables, command-line flags.
 * A key such as {@code broker.share-group} is overridden by the environment variable
 * {@code <PREFIX>_BROKER_SHARE_GROUP}. Errors name the key, the layer it came from and what was wrong.
 */
public final class LayeredSettings {
    private final Properties file = new Properties();
    private final String fileName;
    private final Map<String, String> environment;
    private final String envPrefix;
    private final Map<String, String> flags;

    private LayeredSettings(String fileName, Map<String, String> environment, String envPrefix,
                            Map<String, String> flags) {
        this.fileName = fileName;
        this.environment = environment;
        this.envPrefix = envPrefix;
        this.flags = flags;
    }

    /**
     * @param configFile the properties file, or null for none
     * @param environment usually {@code System.getenv()}
     * @param envPrefix   e.g. {@code VOLTRACE_INGEST}
     * @param flags       values given on the command line, by key (absent keys are not set)
     */
    public static LayeredSettings load(Path configFile, Map<String, String> environment, String envPrefix,
                                       Map<String, String> flags) throws IOException {
        LayeredSettings settings = new LayeredSettings(configFile == null ? null : configFile.toString(),
                environment, envPrefix, flags);
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new IOException("config file " + configFile + " does not exist or is not a file");
            }
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                settings.file.load(reader);
            }
        }
        return settings;
    }

    /** The environment variable that overrides a key. */
    public String envName(String key) {
        return envPrefix + "_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The effective value, or null when no layer sets it (blank values count as unset). */
    public String get(String key) {
        String value = flags.get(key);
        if (blank(value)) {
            value = environment.get(envName(key));
        }
        if (blank(value)) {
            value = file.getProperty(key);
        }
        return blank(value) ? null : value.strip();
    }

    public String get(String key, String fallback) {
        String value = get(key);
        return value == null ? fallback : value;
    }

    public int getInt(String key, int fallback) {
        String value = get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " (" + origin(key) + "): '" + value
                    + "' is not an integer");
        }
    }

    /** Where a key's effective value comes from, for error messages. */
    public String origin(String key) {
        if (!blank(flags.get(key))) {
            return "command line";
        }
        if (!blank(environment.get(envName(key)))) {
            return "environment " + envName(key);
        }
        if (file.getProperty(key) != null) {
            return "file " + fileName;
        }
        return "default";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
