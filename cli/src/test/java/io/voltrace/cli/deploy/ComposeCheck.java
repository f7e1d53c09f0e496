package io.voltrace.cli.deploy;

import io.voltrace.common.config.LayeredSettings;
import io.voltrace.edge.agent.AgentConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks a compose file against the repository: the host paths it bind-mounts exist, the VOLTRACE_INGEST_* and
 * VOLTRACE_EDGE_* variables it sets are keys the service reads, and the container ports it publishes are ones the
 * service listens on. Every problem names the service and the offending key, path or port.
 */
final class ComposeCheck {

    /** Host paths a fresh checkout lacks on purpose, each with the reason. */
    static final Map<String, String> ALLOWED_MISSING = Map.of(
            "cli/target", "built by ./mvnw -DskipTests install before the first start (compose header)",
            "deploy/mosquitto/passwords", "created by the operator with mosquitto_passwd, never committed "
                    + "(deploy/mosquitto/README.md, docs/operations.md)");

    /** Ports the third-party images listen on, by image name (without tag). */
    private static final Map<String, Set<Integer>> IMAGE_PORTS = Map.of(
            "grafana/grafana-oss", Set.of(3000),
            "questdb/questdb", Set.of(9000, 8812, 9009, 9003),
            "postgres", Set.of(5432));

    private static final Pattern KEY_LINE = Pattern.compile("^#?\\s*([a-z][a-z0-9]*(?:[.-][a-z0-9]+)*)\\s*=.*$");
    private static final Pattern CONFIG_FLAG = Pattern.compile("--config\\s+(\\S+)");

    private final Path repo;
    private final List<String> problems = new ArrayList<>();

    ComposeCheck(Path repo) {
        this.repo = repo;
    }

    /** Keys of a key=value settings file, including commented-out examples ({@code # key = value}). */
    static Set<String> settingKeys(Path file) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = KEY_LINE.matcher(line.strip());
            if (m.matches()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    /** Problems with the documented keys: each must appear as a string literal in the code that reads it. */
    List<String> checkKeysAgainstCode() throws IOException {
        List<String> found = new ArrayList<>();
        String ingest = Files.readString(repo.resolve("cli/src/main/java/io/voltrace/cli/ingest/IngestCommand.java"));
        for (String key : settingKeys(repo.resolve("deploy/ingest.properties"))) {
            if (!ingest.contains('"' + key + '"')) {
                found.add("deploy/ingest.properties: key '" + key + "' is not read by IngestCommand.java");
            }
        }
        String agent = Files.readString(repo.resolve("edge-agent/src/main/java/io/voltrace/edge/agent/AgentConfig.java"));
        for (String key : settingKeys(repo.resolve("deploy/edge.conf"))) {
            if (!agent.contains('"' + key + '"')) {
                found.add("deploy/edge.conf: key '" + key + "' is not read by AgentConfig.java");
            }
        }
        return found;
    }

    /** Every problem of the compose file, one line each; empty when it is sound. */
    List<String> check(Path composeFile) throws IOException {
        problems.clear();
        Map<String, Object> compose = parse(composeFile);
        Set<String> ingestEnv = new LinkedHashSet<>();
        LayeredSettings naming = LayeredSettings.load(null, Map.of(), "VOLTRACE_INGEST", Map.of());
        Set<String> ingestKeys = settingKeys(repo.resolve("deploy/ingest.properties"));
        for (String key : ingestKeys) {
            ingestEnv.add(naming.envName(key));
        }
        Map<String, String> edgeEnv = new LinkedHashMap<>();
        for (String key : settingKeys(repo.resolve("deploy/edge.conf"))) {
            edgeEnv.put(AgentConfig.envName(key), key);
        }
        Set<String> namedVolumes = map(compose.get("volumes"), "volumes").keySet();
        Map<String, Object> services = map(compose.get("services"), "services");
        if (services.isEmpty()) {
            problems.add(composeFile + ": no services");
        }
        for (Map.Entry<String, Object> e : services.entrySet()) {
            checkService(e.getKey(), map(e.getValue(), "services." + e.getKey()), namedVolumes, ingestEnv, edgeEnv,
                    ingestKeys);
        }
        return List.copyOf(problems);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(Path composeFile) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object root = new Yaml(new SafeConstructor(options)).load(Files.readString(composeFile));
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException(composeFile + ": not a YAML mapping");
        }
        return (Map<String, Object>) root;
    }

    private void checkService(String name, Map<String, Object> service, Set<String> namedVolumes,
                              Set<String> ingestEnv, Map<String, String> edgeEnv, Set<String> ingestKeys)
            throws IOException {
        String image = String.valueOf(service.getOrDefault("image", ""));
        String command = String.valueOf(service.getOrDefault("command", ""));
        String kind = command.contains("voltrace.jar ingest") ? "ingest"
                : command.contains("voltrace.jar edge") ? "edge" : image.replaceFirst(":.*$", "");
        Map<String, String> mounts = new LinkedHashMap<>(); // container path -> host path (repo-relative)
        for (Object v : list(service.get("volumes"))) {
            String[] parts = String.valueOf(v).split(":");
            if (parts.length < 2) {
                problems.add("service " + name + ": volume '" + v + "' has no container path");
                continue;
            }
            String source = parts[0];
            if (source.startsWith(".") || source.startsWith("/")) {
                String rel = repo.relativize(repo.resolve(source).normalize()).toString();
                mounts.put(parts[1], rel);
                if (!Files.exists(repo.resolve(rel)) && !ALLOWED_MISSING.containsKey(rel)) {
                    problems.add("service " + name + ": bind-mounted host path " + source + " does not exist");
                }
            } else if (!namedVolumes.contains(source)) {
                problems.add("service " + name + ": volume '" + source + "' is not declared under top-level volumes");
            }
        }
        Matcher config = CONFIG_FLAG.matcher(command);
        if (config.find()) {
            checkMountedFile(name, "--config " + config.group(1), config.group(1), mounts);
        }
        Map<String, Object> env = map(service.get("environment"), "services." + name + ".environment");
        for (String var : env.keySet()) {
            if (var.startsWith("VOLTRACE_INGEST_")) {
                if (!"ingest".equals(kind)) {
                    problems.add("service " + name + ": sets " + var + " but does not run 'voltrace ingest'");
                } else if (!ingestEnv.contains(var)) {
                    problems.add("service " + name + ": " + var + " is no ingest setting (keys: deploy/ingest.properties)");
                }
            } else if (var.startsWith("VOLTRACE_EDGE_")) {
                if (!"edge".equals(kind)) {
                    problems.add("service " + name + ": sets " + var + " but does not run 'voltrace edge'");
                } else if (!edgeEnv.containsKey(var)) {
                    problems.add("service " + name + ": " + var + " is no edge setting (keys: deploy/edge.conf)");
                }
            }
        }
        Set<Integer> listening = listening(name, kind, env, ingestKeys, mounts);
        for (Object p : list(service.get("ports"))) {
            String spec = String.valueOf(p).replaceFirst("/(tcp|udp)$", "");
            String containerPart = spec.substring(spec.lastIndexOf(':') + 1);
            int port;
            try {
                port = Integer.parseInt(containerPart);
            } catch (NumberFormatException e) {
                problems.add("service " + name + ": port '" + p + "' has no numeric container port");
                continue;
            }
            if (!listening.contains(port)) {
                problems.add("service " + name + ": publishes container port " + port + " but the service listens on "
                        + (listening.isEmpty() ? "nothing known" : listening));
            }
        }
    }

    private Set<Integer> listening(String name, String kind, Map<String, Object> env, Set<String> ingestKeys,
                                   Map<String, String> mounts) throws IOException {
        Set<Integer> ports = new LinkedHashSet<>();
        switch (kind) {
            case "ingest" -> {
                Map<String, String> vars = new LinkedHashMap<>();
                env.forEach((k, v) -> vars.put(k, String.valueOf(v)));
                LayeredSettings s = LayeredSettings.load(repo.resolve("deploy/ingest.properties"), vars,
                        "VOLTRACE_INGEST", Map.of());
                ports.add(s.getInt("http.port", 8080));
                int mqtt = s.getInt("mqtt.port", -1);
                if (mqtt > 0) {
                    ports.add(mqtt);
                }
            }
            case "eclipse-mosquitto" -> {
                Path conf = host(mounts, "/mosquitto/config/mosquitto.conf");
                if (conf == null || !Files.isRegularFile(conf)) {
                    problems.add("service " + name + ": /mosquitto/config/mosquitto.conf is not mounted from the repo");
                    break;
                }
                for (String line : Files.readAllLines(conf)) {
                    String[] words = line.strip().split("\\s+");
                    if (words.length >= 2 && words[0].equals("listener")) {
                        ports.add(Integer.parseInt(words[1]));
                    } else if (words.length >= 2 && (words[0].equals("password_file") || words[0].equals("acl_file"))) {
                        checkMountedFile(name, repo.relativize(conf) + " " + words[0], words[1], mounts);
                    }
                }
            }
            default -> ports.addAll(IMAGE_PORTS.getOrDefault(kind, Set.of()));
        }
        return ports;
    }

    /** A file the container reads must come from a mount whose host side exists (or is an allowed absentee). */
    private void checkMountedFile(String service, String what, String containerPath, Map<String, String> mounts) {
        Path host = host(mounts, containerPath);
        if (host == null) {
            problems.add("service " + service + ": " + what + " is not under any bind mount");
            return;
        }
        String rel = repo.relativize(host).toString();
        if (!Files.exists(host) && !ALLOWED_MISSING.containsKey(rel)
                && ALLOWED_MISSING.keySet().stream().noneMatch(a -> rel.startsWith(a + "/"))) {
            problems.add("service " + service + ": " + what + " is " + rel + " in the repo, which does not exist");
        }
    }

    private Path host(Map<String, String> mounts, String containerPath) {
        for (Map.Entry<String, String> m : mounts.entrySet()) {
            String target = m.getKey().endsWith("/") ? m.getKey() : m.getKey() + "/";
            if (containerPath.equals(m.getKey())) {
                return repo.resolve(m.getValue());
            }
            if (containerPath.startsWith(target)) {
                return repo.resolve(m.getValue()).resolve(containerPath.substring(target.length())).normalize();
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        if (node == null) {
            return Map.of();
        }
        if (node instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) node).forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        if (node instanceof List<?> l) { // environment as a list of NAME=value
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object item : l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
            return out;
        }
        throw new IllegalArgumentException(where + ": expected a mapping, found " + node);
    }

    private static List<?> list(Object node) {
        return node instanceof List<?> l ? l : List.of();
    }
}
