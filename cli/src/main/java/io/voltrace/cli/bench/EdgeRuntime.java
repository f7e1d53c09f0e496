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
    static final List<String> JARS = List.of("voltrace-edge-agent", "voltrace-common", "org.eclipse.paho.mqttv5.client",
            "slf4j-api", "logback-classic", "logback-core", "jackson-core", "jackson-databind", "jackson-annotations",
            "javacan-core");
    /** The agent's log format when it runs alone (the CLI's logback.xml is in the CLI jar). */
    static final String LOGBACK_XML = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder>
                  <pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} level=%level logger=%logger{0} thread=%thread msg="%msg"%n</pattern>
                </encoder>
              </appender>
              <logger name="io.voltrace" level="${VOLTRACE_LOG_LEVEL:-INFO}"/>
              <root level="WARN">
                <appender-ref ref="OUT"/>
              </root>
            </configuration>
            """;

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
                    || p.toString().contains("/common/"));
            if (moduleClasses || name.endsWith(".jar") && JARS.stream().anyMatch(name::startsWith)) {
                picked.add(p.toString());
            }
        }
        return String.join(File.pathSeparator, picked);
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
