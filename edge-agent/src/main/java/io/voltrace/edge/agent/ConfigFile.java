package io.voltrace.edge.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.voltrace.common.config.LayeredSettings;

/**
 * The agent's settings, read through {@link LayeredSettings} (the same reader, layers and precedence as the ingest's:
 * the file, then environment variables {@code VOLTRACE_EDGE_<KEY>}, then system properties
 * {@code voltrace.edge.<key>}, then {@code --set key=value}), with the agent's checks on top: every value remembers
 * where it came from ({@code edge.conf:12}, {@code environment VOLTRACE_EDGE_MQTT_PASSWORD}) so an error names the
 * place; unknown keys are errors (with the nearest known key suggested), and every problem is collected before
 * reporting, so one run shows them all.
 */
final class ConfigFile {
    static final String ENV_PREFIX = "VOLTRACE_EDGE";

    record Value(String text, String origin) {
    }

    /** Per-bus keys ({@code can.bus.<name>.<what>}): known by their form, since the bus names are the operator's. */
    static final Pattern BUS_KEY = Pattern.compile("can\\.bus\\.([a-z0-9_-]{1,32})\\.(interface|channel|dbc|mapping)");

    private final Path file;
    private final LayeredSettings settings;
    private final Map<String, Value> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ConfigFile(Path file, LayeredSettings settings) {
        this.file = file;
        this.settings = settings;
    }

    /**
     * Reads the file, then lets environment variables override it.
     *
     * @param known every key the agent understands
     */
    static ConfigFile load(Path file, Map<String, String> environment, Collection<String> known) throws IOException {
        return load(file, environment, Map.of(), known);
    }

    /**
     * Reads the settings: the file, the environment, this JVM's system properties, then command-line settings
     * ({@code --set key=value}), each overriding the one before: the order an operator expects, the most specific last.
     */
    static ConfigFile load(Path file, Map<String, String> environment, Map<String, String> flags,
                           Collection<String> known) throws IOException {
        return load(file, environment, LayeredSettings.systemProperties(), flags, known);
    }

    static ConfigFile load(Path file, Map<String, String> environment, Map<String, String> systemProperties,
                           Map<String, String> flags, Collection<String> known) throws IOException {
        Map<String, String> stripped = new LinkedHashMap<>();
        flags.forEach((k, v) -> stripped.put(k.strip(), v == null ? "" : v));
        LayeredSettings settings = LayeredSettings.load(file, environment, ENV_PREFIX, systemProperties, stripped);
        ConfigFile c = new ConfigFile(file, settings);
        c.problems.addAll(settings.problems());
        settings.fileKeys().forEach((key, place) -> {
            if (!c.knows(key, known)) {
                c.problems.add(place + ": " + c.unknown(key, known));
            }
        });
        for (String key : settings.systemPropertyKeys()) {
            if (!c.knows(key, known)) {
                c.problems.add("system property " + settings.propertyName(key) + ": " + c.unknown(key, known));
            }
        }
        for (String key : settings.flagKeys()) {
            if (!c.knows(key, known)) {
                c.problems.add("--set " + key + ": " + c.unknown(key, known));
            }
        }
        List<String> keys = new ArrayList<>(known);
        for (String key : settings.fileKeys().keySet()) {
            if (BUS_KEY.matcher(key).matches()) {
                keys.add(key);
            }
        }
        keys.addAll(settings.systemPropertyKeys().stream().filter(k -> BUS_KEY.matcher(k).matches()).toList());
        keys.addAll(settings.flagKeys().stream().filter(k -> BUS_KEY.matcher(k).matches()).toList());
        for (String key : keys) {
            c.take(key);
        }
        return c;
    }

    private boolean knows(String key, Collection<String> known) {
        return known.contains(key) || BUS_KEY.matcher(key).matches();
    }

    private String unknown(String key, Collection<String> known) {
        String near = nearest(key, known);
        return "unknown key '" + key + "'" + (near == null ? "" : " (did you mean " + near + "?)");
    }

    /** Takes a key's effective value from the layers, with its place; a blank one leaves it unset. */
    private void take(String key) {
        String text = settings.get(key);
        if (text == null) {
            values.remove(key);
            return;
        }
        String origin = switch (settings.layer(key)) {
            case FLAG -> "--set " + key;
            case SYSTEM_PROPERTY -> "system property " + settings.propertyName(key);
            case ENVIRONMENT -> "environment " + settings.envName(key);
            case FILE -> settings.filePlace(key);
            case DEFAULT -> "default";
        };
        values.put(key, new Value(text, origin));
    }

    static String envName(String key) {
        return ENV_PREFIX + "_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * A key known only once another setting names it (a bus's keys, once {@code can.buses} lists the bus): taken
     * from whichever layer sets it, the environment included.
     */
    void environmentFor(String key) {
        take(key);
    }

    /** Keys set (by any layer) that match a pattern, e.g. every bus key. */
    List<String> keysMatching(Pattern pattern) {
        List<String> out = new ArrayList<>();
        for (String k : values.keySet()) {
            if (pattern.matcher(k).matches()) {
                out.add(k);
            }
        }
        return out;
    }

    /** Problems found so far, each naming its place. */
    List<String> problems() {
        return problems;
    }

    void problem(String key, String message) {
        Value v = values.get(key);
        problems.add((v == null ? "setting " + key : v.origin() + ": " + key) + ": " + message);
    }

    boolean has(String key) {
        Value v = values.get(key);
        return v != null && !v.text().isEmpty();
    }

    String string(String key, String fallback) {
        return has(key) ? values.get(key).text() : fallback;
    }

    /** A required string; records a problem and returns null when missing. */
    String required(String key) {
        if (!has(key)) {
            problems.add("setting " + key + " is required" + (file == null ? "" : " (in " + file.getFileName()
                    + " or environment " + envName(key) + ")"));
            return null;
        }
        return values.get(key).text();
    }

    /** A path; relative paths are taken from the config file's folder, so a unit's working directory does not matter. */
    Path path(String key, Path fallback) {
        if (!has(key)) {
            return fallback;
        }
        Path p = Path.of(values.get(key).text());
        return p.isAbsolute() || file == null ? p : file.toAbsolutePath().getParent().resolve(p).normalize();
    }

    int integer(String key, int fallback, int min, int max) {
        if (!has(key)) {
            return fallback;
        }
        String t = values.get(key).text();
        try {
            int v = Integer.parseInt(t.replace("_", ""));
            if (v < min || v > max) {
                problem(key, v + " is outside " + min + ".." + max);
                return fallback;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(key, "'" + t + "' is not a whole number");
            return fallback;
        }
    }

    double decimal(String key, double fallback, double min, double max) {
        if (!has(key)) {
            return fallback;
        }
        String t = values.get(key).text();
        try {
            double v = Double.parseDouble(t);
            if (!(v >= min && v <= max)) {
                problem(key, t + " is outside " + min + ".." + max);
                return fallback;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(key, "'" + t + "' is not a number");
            return fallback;
        }
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        String t = values.get(key).text().toLowerCase(Locale.ROOT);
        switch (t) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                problem(key, "'" + values.get(key).text() + "' is not true or false");
                return fallback;
            }
        }
    }

    /** An instant in ISO-8601 UTC form, such as {@code 2026-01-01T00:00:00Z}; null when unset or bad. */
    Instant instant(String key) {
        if (!has(key)) {
            return null;
        }
        String t = values.get(key).text();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            problem(key, "'" + t + "' is not an instant (use ISO-8601 in UTC, e.g. 2026-01-01T00:00:00Z)");
            return null;
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB|kB|MB|GB)?");

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5min}, {@code 1h} or {@code 1d}. */
    Duration duration(String key, Duration fallback) {
        if (!has(key)) {
            return fallback;
        }
        String t = values.get(key).text();
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            problem(key, "'" + t + "' is not a duration (use e.g. 500ms, 30s, 5min, 1h, 1d)");
            return fallback;
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Duration.ofMillis(Math.round(n * unit));
    }

    /** A size such as {@code 64MiB}, {@code 512KiB} or plain bytes. */
    long size(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        String t = values.get(key).text();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            problem(key, "'" + t + "' is not a size (use e.g. 64MiB, 512KiB, or a number of bytes)");
            return fallback;
        }
        double n = Double.parseDouble(m.group(1));
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "kB" -> 1000;
            case "MB" -> 1_000_000;
            case "GB" -> 1_000_000_000;
            default -> 1;
        };
        return Math.round(n * unit);
    }

    /** One of a fixed set of words. */
    String choice(String key, String fallback, String... allowed) {
        if (!has(key)) {
            return fallback;
        }
        String t = values.get(key).text().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(t)) {
                return a;
            }
        }
        problem(key, "'" + values.get(key).text() + "' is not one of " + String.join(", ", allowed));
        return fallback;
    }

    /** Where a key's value came from, for messages. */
    String origin(String key) {
        Value v = values.get(key);
        return v == null ? "default" : v.origin();
    }

    private static String nearest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
