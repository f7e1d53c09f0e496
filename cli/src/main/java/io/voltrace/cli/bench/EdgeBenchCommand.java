package io.voltrace.cli.bench;

import io.voltrace.cli.Progress;
import io.voltrace.cli.ProgressOptions;
import io.voltrace.cli.Scratch;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CandumpFormat;
import io.voltrace.simulator.can.BmsSimulator;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.edge.spool.Spool;
import io.voltrace.edge.spool.SpoolConfig;
import io.voltrace.edge.spool.SpoolStats;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.BatteryRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the edge agent as a child process ({@code voltrace edge}) replaying a candump log of the simulated BMS at a
 * fixed frame rate, with live timestamps, through decode, spool and publish against an embedded ingest; samples the
 * child's resident memory and CPU time from /proc; with {@code --chaos} it also kills the agent (SIGKILL) and stops the
 * ingest at random moments. Ends with one JSON line.
 */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = {"Measures the edge agent: a child process replaying a BMS log at --fps frames/s through "
                + "decode, spool and MQTT publish to an embedded ingest; prints resident memory (peak VmRSS), CPU "
                + "share of one core, and what was sent and stored, as one JSON line at the end.",
                "--chaos kills the agent (kill -9) and stops the ingest at random moments, and adds kills, outages, "
                        + "duplicates and lost to the line.",
                "Use it to size an edge box or check a change to the agent's footprint; it runs --warmup plus "
                        + "--seconds, with progress on standard error."},
        footer = {"  ./voltrace bench edge                          # 60 s at 2,000 frames/s, JSON payloads",
                "  ./voltrace bench edge --format compact --seconds 30",
                "  ./voltrace bench edge --chaos --seconds 180 -q > edge-chaos.json"})
public final class EdgeBenchCommand implements Callable<Integer> {
    static final String DEVICE = "bench-edge";
    static final String CODE = "VTRPE96BENCH01T5C0000001";
    static final char[] SECRET = "bench-edge-secret".toCharArray();
    /** What docs/benchmarks.md recommends for an edge box, and what the figures there were measured with. */
    public static final String RECOMMENDED_JVM_OPTIONS = "-Xmx16m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
            + "-XX:CICompilerCount=1 -XX:MaxMetaspaceSize=40m -XX:ReservedCodeCacheSize=16m "
            + "-XX:MaxDirectMemorySize=8m -XX:-UsePerfData";
    /** glibc's per-thread malloc arenas cost resident memory a small JVM does not need. */
    static final String MALLOC_ARENA_MAX = "2";

    @Option(names = "--seconds", defaultValue = "60", paramLabel = "N", description = "how long to measure (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--fps", defaultValue = "2000", paramLabel = "N", description = "frames per second replayed (default "
            + "${DEFAULT-VALUE})")
    int fps;

    @Option(names = "--chaos", description = "kill the agent and stop the ingest at random moments")
    boolean chaos;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|compact", description = "payload format: json or compact (default "
            + "${DEFAULT-VALUE})")
    String format;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "N", description = "seconds before measuring (default "
            + "${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--jvm-options", paramLabel = "OPTIONS", description = "the agent's JVM options (default: the "
            + "recommended " + RECOMMENDED_JVM_OPTIONS + ")")
    String jvmOptions = RECOMMENDED_JVM_OPTIONS;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "random seed of the chaos (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--runtime", defaultValue = "edge", paramLabel = "edge|cli", description = "edge: the agent's own main class and jars "
            + "(what an edge box installs); cli: 'voltrace edge' with the whole CLI on the class path (default "
            + "${DEFAULT-VALUE})")
    String runtime;

    @Option(names = "--keep", description = "keep the working folder (logs, spool, store) for a look afterwards")
    boolean keep;

    @Mixin
    ProgressOptions progressOptions;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (seconds < 5 || fps < 1 || warmup < 0 || !(format.equals("json") || format.equals("compact"))
                || !(runtime.equals("edge") || runtime.equals("cli"))) {
            err.println("voltrace bench edge: --seconds must be at least 5, --fps at least 1, --format json or "
                    + "compact, --runtime edge or cli");
            return 2;
        }
        Path work = Files.createTempDirectory("voltrace-bench-edge");
        try {
            String json = run(work);
            // After the ingest is closed: QuestDB says goodbye on stdout, and the figures must be the last line.
            out.println(json);
            return 0;
        } finally {
            if (keep) {
                err.println("working folder kept: " + work);
            } else {
                Scratch.deleteTree(work);
            }
        }
    }

    /** Runs the measurement and returns the JSON line. */
    private String run(Path work) throws Exception {
        int mqttPort = Scratch.freePort();
        IngestConfig ingestConfig = IngestConfig.embedded(work.resolve("ingest"), mqttPort, 0);
        IngestService ingest = IngestService.start(ingestConfig);
        try {
            ingest.registry().registerDevice(DEVICE, SECRET);
            ingest.registry().registerBattery(new BatteryRecord(CODE, DEVICE, Chemistry.NMC, 60, 96, "bench",
                    Instant.now()));
            Path log = work.resolve("bms.log");
            long frames = writeLog(log);
            Path config = writeConfig(work, log, ingest.mqttUri());
            err.printf(Locale.ROOT, "bench edge: %d-frame candump log of a simulated 96-cell pack, replayed at %d "
                            + "frames/s with live timestamps; %s payloads; %d s%s after %d s warm-up; %s runtime, "
                            + "JVM options: %s%n", frames, fps, format, seconds, chaos ? " of chaos" : "", warmup,
                    runtime, jvmOptions);

            Measured m = new Measured();
            AgentProcess agent = AgentProcess.start(work, config, jvmOptions, runtime, 0);
            long began = System.nanoTime();
            Progress progress = progressOptions.start("bench edge", warmup + seconds, "s");
            try {
                Thread.sleep(warmup * 1000L);
                progress.set(warmup);
                m.startWall = System.nanoTime();
                m.startCpu = agent.cpuSeconds();
                m.startFrames = agent.frames();
                Random random = new Random(seed);
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                long nextChaos = System.nanoTime() + (5 + random.nextInt(10)) * 1_000_000_000L;
                int agents = 1;
                while (System.nanoTime() < end) {
                    Thread.sleep(1000);
                    m.sample(agent);
                    progress.set(Math.min(warmup + seconds, (System.nanoTime() - began) / 1_000_000_000L));
                    if (chaos && System.nanoTime() >= nextChaos && System.nanoTime() < end - 10_000_000_000L) {
                        if (random.nextBoolean()) {
                            m.closeAgent(agent);
                            agent.kill();
                            m.kills++;
                            progress.note(String.format(Locale.ROOT, "  chaos: killed the agent (kill -9), %d so far",
                                    m.kills));
                            Thread.sleep(500 + random.nextInt(2500));
                            agent = AgentProcess.start(work, config, jvmOptions, runtime, agents++);
                            m.openAgent(agent);
                        } else {
                            ingest.close();
                            m.outages++;
                            int down = 3 + random.nextInt(12);
                            progress.note(String.format(Locale.ROOT,
                                    "  chaos: ingest stopped for %d s, %d outages so far", down, m.outages));
                            for (int i = 0; i < down; i++) {
                                Thread.sleep(1000);
                                m.sample(agent);
                                progress.set(Math.min(warmup + seconds, (System.nanoTime() - began) / 1_000_000_000L));
                            }
                            ingest = IngestService.start(ingestConfig);
                        }
                        nextChaos = System.nanoTime() + (5 + random.nextInt(10)) * 1_000_000_000L;
                    }
                }
                m.closeAgent(agent);
            } catch (Exception | Error e) {
                agent.kill(); // a failed bench must not leave its agent running behind it
                throw e;
            } finally {
                progress.close(); // before the lines below, and on a failure before its message
            }
            double wall = (System.nanoTime() - m.startWall) / 1e9;
            err.println("  stopping the agent (SIGTERM): it stops reading and delivers what it holds");
            int exit = agent.stop(Duration.ofSeconds(90));
            if (exit != 0 && exit != 143) { // 143: ended by SIGTERM after its shutdown hook, as intended
                err.println("  the agent exited with " + exit + "; its log: " + agent.log());
            }
            SpoolStats spool;
            try (Spool s = Spool.open(SpoolConfig.of(work.resolve("spool")))) {
                spool = s.stats();
            }
            ingest.telemetry().awaitApplied(Duration.ofMinutes(1));
            // Records, as "sent" counts them: pack samples in the store plus the agent's health evidence (insulation,
            // faults, full-rate steps and negative events) in the registry, each stored once however often delivered.
            io.voltrace.ingest.registry.EdgeEvidenceStore evidence =
                    new io.voltrace.ingest.registry.EdgeEvidenceStore(ingest.registry().dataSource());
            long stored = ingest.telemetry().count(CODE);
            for (var type : io.voltrace.common.wire.HealthEvidence.Type.values()) {
                stored += evidence.evidence(CODE, type).size();
            }
            long duplicates = ingest.telemetry().duplicateCount();
            long sent = spool.nextOffset();
            StringBuilder json = new StringBuilder();
            json.append(String.format(Locale.ROOT, "{\"framesPerSecond\": %.0f, \"rssMb\": %.1f, \"cpuPercent\": %.2f,"
                            + " \"sent\": %d, \"stored\": %d", m.frames / wall, m.peakRss / 1048576.0,
                    100 * m.cpuSeconds / wall, sent, stored));
            if (chaos) {
                json.append(String.format(Locale.ROOT, ", \"kills\": %d, \"outages\": %d, \"duplicates\": %d, "
                        + "\"lost\": %d", m.kills, m.outages, duplicates, sent - spool.heldRecords() - stored));
            }
            if (spool.heldRecords() > 0) {
                json.append(", \"stillSpooled\": ").append(spool.heldRecords());
            }
            json.append('}');
            return json.toString();
        } finally {
            ingest.close();
        }
    }

    /** Frames, CPU time and peak memory over the measured window, across agent processes when chaos restarts them. */
    private static final class Measured {
        long startWall;
        double startCpu;
        long startFrames;
        double cpuSeconds;
        long frames;
        long peakRss;
        int kills;
        int outages;
        private double lastCpu;
        private long lastFrames;

        void sample(AgentProcess a) {
            long rss = a.rssBytes();
            peakRss = Math.max(peakRss, rss);
            double cpu = a.cpuSeconds();
            if (cpu >= 0) {
                lastCpu = cpu;
            }
            long f = a.frames();
            if (f >= 0) {
                lastFrames = f;
            }
        }

        /** Adds what a process did since it was opened (or since the measurement began, for the first one). */
        void closeAgent(AgentProcess a) {
            sample(a);
            cpuSeconds += lastCpu - startCpu;
            frames += lastFrames - startFrames;
        }

        void openAgent(AgentProcess a) {
            startCpu = 0;
            startFrames = 0;
            lastCpu = 0;
            lastFrames = 0;
        }
    }

    /** One run of {@code voltrace edge} in a child JVM, its output going to a log file in the working folder. */
    static final class AgentProcess {
        private static final Pattern FRAMES = Pattern.compile("\"frames\":(\\d+)");
        private final Process process;
        private final Path log;
        private final Path status;

        private AgentProcess(Process process, Path log, Path status) {
            this.process = process;
            this.log = log;
            this.status = status;
        }

        static AgentProcess start(Path work, Path config, String jvmOptions, String runtime, int n)
                throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String o : jvmOptions.trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    cmd.add(o);
                }
            }
            if (runtime.equals("edge")) {
                cmd.addAll(List.of("-cp", EdgeRuntime.classPath(), EdgeRuntime.MAIN_CLASS, "--config", config.toString()));
            } else {
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.voltrace.cli.VoltraceCli", "edge",
                        "--config", config.toString()));
            }
            Path log = work.resolve("agent-" + n + ".log");
            Path status = work.resolve("spool/status.json");
            Files.deleteIfExists(status);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
            return new AgentProcess(pb.start(), log, status);
        }

        long pid() {
            return process.pid();
        }

        long rssBytes() {
            return ProcStats.rssBytes(process.pid());
        }

        double cpuSeconds() {
            return ProcStats.cpuSeconds(process.pid());
        }

        /** Frames read so far, from the agent's status file (written every second), or -1 before the first. */
        long frames() {
            try {
                Matcher m = FRAMES.matcher(Files.readString(status));
                return m.find() ? Long.parseLong(m.group(1)) : -1;
            } catch (IOException e) {
                return -1;
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no goodbye
            process.waitFor(30, TimeUnit.SECONDS);
        }

        /** SIGTERM, as systemd stops a service; returns the exit status. */
        int stop(Duration timeout) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        }

        Path log() {
            return log;
        }
    }

    /** About a simulated day of BMS traffic; the agent loops over it. */
    static long writeLog(Path file) throws IOException {
        BmsSimulator bms = new BmsSimulator(ReferenceDbc.load(), new PackSpec(Chemistry.NMC, 96, 60, 90, 20, 7),
                Instant.now().minus(Duration.ofDays(2)).toEpochMilli(), 1);
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            CanFrame f;
            while ((f = bms.next()) != null) {
                w.write(CandumpFormat.format(f, "can0"));
                w.write('\n');
                n++;
            }
        }
        return n;
    }

    private Path writeConfig(Path work, Path log, String mqttUri) throws IOException {
        String text = String.join("\n",
                "# voltrace bench edge",
                "device.id = " + DEVICE,
                "device.battery = " + CODE,
                "can.source = replay",
                "can.log = " + log,
                "can.replay.pace = " + fps + "fps",
                "can.replay.restamp = true",
                "can.replay.loop = true",
                "spool.dir = " + work.resolve("spool"),
                "spool.fsync = 1s",
                "mqtt.server = " + mqttUri,
                "mqtt.password = " + new String(SECRET),
                "mqtt.reconnect.min = 200ms",
                "mqtt.reconnect.max = 5s",
                "publish.format = " + format,
                "status.interval = 1s",
                "shutdown.drain = 60s",
                "");
        Path file = work.resolve("edge.conf");
        Files.writeString(file, text);
        return file;
    }

}
