package io.voltrace.cli.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The edge agent's own runtime: its main class and just the jars it needs, picked from this process's class path
 * (the CLI's lib folder when run from {@code voltrace.jar}). An edge box installs these and nothing of the cloud side;
 * see "Running as a service" in docs/edge-agent.md.
 */
final class EdgeRuntime {
    static final String MAIN_CLASS = "io.voltrace.edge.agent.EdgeAgentMain";
    /** Jar name prefixes of the agent's runtime dependencies. */
    static final List<String> JARS = List.of("voltrace-edge-agent", "voltrace-common", "voltrace-evidence",
            "org.eclipse.paho.mqttv5.client",
            "slf4j-api", "slf4j-jdk14", "jackson-core", "jackson-databind", "jackson-annotations",
            "javacan-core");
    private EdgeRuntime() {
    }

    /** The agent's class path, from this JVM's: jars named in {@link #JARS} and the two modules' class folders. */
    static String classPath() throws IOException {
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            entries.add(p);
            entries.addAll(manifestClassPath(p));
        }
        List<String> picked = new ArrayList<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            boolean moduleClasses = Files.isDirectory(p) && (p.toString().contains("/edge-agent/")
                    || p.toString().contains("/common/") || p.toString().contains("/evidence/"));
            if (moduleClasses || name.endsWith(".jar") && JARS.stream().anyMatch(name::startsWith)) {
                picked.add(p.toString());
            }
        }
        picked.add(loggingProvider(entries).toString());
        return String.join(File.pathSeparator, picked);
    }

    /**
     * slf4j-jdk14 is not on the CLI's class path (logback is its provider there): it lies beside the CLI's jars in
     * lib/ (copied at package time), or, under a test runner, beside slf4j-api in the local Maven repository.
     */
    private static Path loggingProvider(Set<Path> entries) throws IOException {
        for (Path p : entries) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (!name.startsWith("slf4j-api-") || !name.endsWith(".jar")) {
                continue;
            }
            String version = name.substring("slf4j-api-".length(), name.length() - ".jar".length());
            List<Path> candidates = List.of(p.resolveSibling("slf4j-jdk14-" + version + ".jar"),
                    p.getParent().getParent().getParent().resolve("slf4j-jdk14").resolve(version)
                            .resolve("slf4j-jdk14-" + version + ".jar"));
            for (Path c : candidates) {
                if (Files.isRegularFile(c)) {
                    return c;
                }
            }
        }
        throw new IOException("slf4j-jdk14 (the edge agent's logging provider) is neither beside the CLI's jars nor "
                + "in the local Maven repository; run ./mvnw -DskipTests install");
    }

    private static List<Path> manifestClassPath(Path jar) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            return out;
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                for (String entry : cp.trim().split("\\s+")) {
                    // Relative names (the CLI's lib/…) or absolute file URLs (surefire's booter jar).
                    out.add(entry.startsWith("file:") ? Path.of(java.net.URI.create(entry))
                            : jar.getParent().resolve(entry).normalize());
                }
            }
        }
        return out;
    }
}
