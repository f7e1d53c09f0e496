package io.voltrace.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one settings reader of the ingest and the edge agent: a settings file, then environment variables, then Java
 * system properties, then command-line flags, later ones winning. A key such as {@code broker.share-group} is
 * overridden by the environment variable {@code <PREFIX>_BROKER_SHARE_GROUP} and by the system property
 * {@code <prefix>.broker.share-group} (the prefix in lower case, {@code _} as {@code .}: {@code voltrace.ingest.}).
 * Blank values count as unset, so the layer below shows through.
 *
 * <p>The file holds {@code key = value} lines; {@code #} and {@code !} start comment lines. Values are taken as
 * written (no escapes), so a path with a backslash stays as it is. Every value remembers where it came from
 * ({@code edge.conf:12}, {@code environment VOLTRACE_EDGE_MQTT_PASSWORD}), so an error names the place; a line
 * without {@code =} and a key set twice in the file are {@link #problems()}, reported with their line.
 */
public final class LayeredSettings {
    /** Which layer a value came from. */
    public enum Layer {
        FLAG, SYSTEM_PROPERTY, ENVIRONMENT, FILE, DEFAULT
    }

    private final Path file;
    private final Map<String, String> fileValues = new LinkedHashMap<>();
    private final Map<String, Integer> fileLines = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> environment;
    private final String envPrefix;
    private final Map<String, String> systemProperties;
    private final Map<String, String> flags;

    private LayeredSettings(Path file, Map<String, String> environment, String envPrefix,
                            Map<String, String> systemProperties, Map<String, String> flags) {
        this.file = file;
        this.environment = environment;
        this.envPrefix = envPrefix;
        this.systemProperties = systemProperties;
        this.flags = flags;
    }

    /**
     * Without system properties (tests, tools that take everything on their command line).
     *
     * @param configFile  the settings file, or null for none
     * @param environment usually {@code System.getenv()}
     * @param envPrefix   e.g. {@code VOLTRACE_INGEST}
     * @param flags       values given on the command line, by key (absent keys are not set)
     */
    public static LayeredSettings load(Path configFile, Map<String, String> environment, String envPrefix,
                                       Map<String, String> flags) throws IOException {
        return load(configFile, environment, envPrefix, Map.of(), flags);
    }

    /**
     * @param systemProperties usually {@link #systemProperties()}; only those under the prefix count
     * @throws IOException when the file does not exist or cannot be read
     */
    public static LayeredSettings load(Path configFile, Map<String, String> environment, String envPrefix,
                                       Map<String, String> systemProperties, Map<String, String> flags)
            throws IOException {
        LayeredSettings s = new LayeredSettings(configFile, environment, envPrefix, systemProperties, flags);
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new IOException("config file " + configFile + " does not exist or is not a file");
            }
            List<String> lines = Files.readAllLines(configFile, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                s.parseLine(lines.get(i), i + 1);
            }
        }
        return s;
    }

    /** This JVM's system properties as a map, for {@link #load(Path, Map, String, Map, Map)}. */
    public static Map<String, String> systemProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    private void parseLine(String raw, int number) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
            return;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            problems.add(place(number) + ": expected 'key = value', found '" + line + "'");
            return;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        Integer previous = fileLines.get(key);
        if (previous != null) {
            // The later line wins, as in a properties file; it is still a mistake worth naming.
            problems.add(place(number) + ": " + key + " is already set at " + place(previous));
        }
        fileValues.put(key, value);
        fileLines.put(key, number);
    }

    private String place(int line) {
        return file.getFileName() + ":" + line;
    }

    /** The environment variable that overrides a key. */
    public String envName(String key) {
        return envPrefix + "_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The system property that overrides a key, e.g. {@code voltrace.edge.mqtt.server}. */
    public String propertyName(String key) {
        return envPrefix.toLowerCase(Locale.ROOT).replace('_', '.') + "." + key;
    }

    /** The effective value, or null when no layer sets it (blank values count as unset). */
    public String get(String key) {
        String value = switch (layer(key)) {
            case FLAG -> flags.get(key);
            case SYSTEM_PROPERTY -> systemProperties.get(propertyName(key));
            case ENVIRONMENT -> environment.get(envName(key));
            case FILE -> fileValues.get(key);
            case DEFAULT -> null;
        };
        return value == null ? null : value.strip();
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

    /** The layer a key's effective value comes from. */
    public Layer layer(String key) {
        if (!blank(flags.get(key))) {
            return Layer.FLAG;
        }
        if (!blank(systemProperties.get(propertyName(key)))) {
            return Layer.SYSTEM_PROPERTY;
        }
        if (!blank(environment.get(envName(key)))) {
            return Layer.ENVIRONMENT;
        }
        if (!blank(fileValues.get(key))) {
            return Layer.FILE;
        }
        return Layer.DEFAULT;
    }

    /** Where a key's effective value comes from, for error messages. */
    public String origin(String key) {
        return switch (layer(key)) {
            case FLAG -> "command line";
            case SYSTEM_PROPERTY -> "system property " + propertyName(key);
            case ENVIRONMENT -> "environment " + envName(key);
            case FILE -> "file " + file + (fileLines.containsKey(key) ? " line " + fileLines.get(key) : "");
            case DEFAULT -> "default";
        };
    }

    /** The file's line that sets a key ({@code edge.conf:12}), or null when the file does not set it. */
    public String filePlace(String key) {
        Integer line = fileLines.get(key);
        return line == null ? null : place(line);
    }

    /** Keys the file sets, in file order, each with its place ({@code edge.conf:12}), blank values included. */
    public Map<String, String> fileKeys() {
        Map<String, String> out = new LinkedHashMap<>();
        fileLines.forEach((k, line) -> out.put(k, place(line)));
        return out;
    }

    /** Keys the command line sets. */
    public List<String> flagKeys() {
        return List.copyOf(flags.keySet());
    }

    /** Keys set by system properties under this reader's prefix, by their key (not the property's name). */
    public List<String> systemPropertyKeys() {
        String prefix = propertyName("");
        List<String> out = new ArrayList<>();
        for (String p : systemProperties.keySet()) {
            if (p.startsWith(prefix) && p.length() > prefix.length()) {
                out.add(p.substring(prefix.length()));
            }
        }
        return out;
    }

    /** What was wrong with the file's lines (no {@code =}, a key set twice), each with its place. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
