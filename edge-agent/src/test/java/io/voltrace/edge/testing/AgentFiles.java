package io.voltrace.edge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes agent settings files for tests. */
public final class AgentFiles {
    private AgentFiles() {
    }

    /** Key-value pairs as a map, for more than {@code Map.of} takes. */
    public static Map<String, String> settings(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** A settings file with the given keys, after defaults that keep tests quick. */
    public static Path config(Path dir, Map<String, String> settings) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("mqtt.reconnect.min", "100ms");
        all.put("mqtt.reconnect.max", "1s");
        all.put("mqtt.connect-timeout", "5s");
        all.put("status.interval", "2s");
        all.put("publish.max-delay", "200ms");
        all.put("shutdown.drain", "5s");
        all.putAll(settings);
        StringBuilder text = new StringBuilder("# written by a test\n");
        all.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.createDirectories(dir);
        Path file = dir.resolve("edge.conf");
        Files.writeString(file, text);
        return file;
    }
}
