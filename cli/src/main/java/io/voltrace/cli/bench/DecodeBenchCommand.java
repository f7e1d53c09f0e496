package io.voltrace.cli.bench;

import io.voltrace.cli.VoltraceCli;
import io.voltrace.edge.can.CanLogSource;
import io.voltrace.edge.can.CanLogs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code voltrace bench decode}: {@code can decode --log} end to end (read, parse, decode, JSON lines written to a
 * file) on a real log repeated into a temporary file, timed in this process after a warm-up run.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Measures 'can decode --log' end to end: the log is repeated --repeat times into a temporary "
                + "file (a SavvyCAN or candump log: its header line kept once), decoded with the DBC into JSON lines "
                + "written to a temporary file, once to warm up and then --runs times. Prints the best run's frames "
                + "per second (wall clock) and per CPU second of the decoding thread, as one JSON line.",
                "The temporary files go to java.io.tmpdir and are deleted at the end; nothing is written into the "
                        + "repository."},
        footer = {"  ./voltrace bench decode --dbc ../shared/data/vehicle-dbc/kona_ev_dbc/pcan.dbc \\",
                "      --log ../shared/data/can-logs/kona_ev_logs/230112-7-2019-pcan-ccan-power-off-on-ready-off.csv"})
public final class DecodeBenchCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dbc", required = true, paramLabel = "FILE", description = "DBC file")
    Path dbc;

    @Option(names = "--log", required = true, paramLabel = "FILE", description = "a real CAN log to repeat")
    Path log;

    @Option(names = "--repeat", defaultValue = "15", paramLabel = "N",
            description = "copies of the log in the measured file (default ${DEFAULT-VALUE}: ~600,000 frames from "
                    + "the 39,546-frame Kona capture)")
    int repeat;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N",
            description = "measured runs after the warm-up (default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (repeat < 1 || runs < 1) {
            err.println("voltrace bench decode: --repeat and --runs must be at least 1");
            return 2;
        }
        if (!Files.isRegularFile(log) || !Files.isRegularFile(dbc)) {
            err.println("voltrace bench decode: cannot read " + (Files.isRegularFile(log) ? dbc : log));
            return 2;
        }
        long framesPerCopy = 0;
        try (CanLogSource s = CanLogs.open(log)) {
            while (s.next() != null) {
                framesPerCopy++;
            }
        }
        Path dir = Files.createTempDirectory("voltrace-bench-decode");
        Path big = dir.resolve("repeated-" + log.getFileName());
        Path json = dir.resolve("frames.jsonl");
        try {
            repeat(log, big, repeat);
            long frames = framesPerCopy * repeat;
            err.printf("decoding %,d frames (%d copies of %s) into %s%n", frames, repeat, log.getFileName(), json);
            decode(big, json); // warm-up
            double bestWall = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (int r = 0; r < runs; r++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                decode(big, json);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                err.printf(Locale.ROOT, "run %d: %.3f s, %.0f frames/s (%.3f s CPU)%n", r + 1, wall, frames / wall,
                        cpu);
                bestWall = Math.min(bestWall, wall);
                bestCpu = Math.min(bestCpu, cpu);
            }
            out.printf(Locale.ROOT, "{\"bench\":\"decode\",\"log\":\"%s\",\"frames\":%d,\"outputBytes\":%d,"
                            + "\"runs\":%d,\"bestSeconds\":%.3f,\"framesPerSecond\":%.0f,\"cpuSeconds\":%.3f,"
                            + "\"framesPerCpuSecond\":%.0f,\"cores\":%d,\"java\":\"%s\"}%n",
                    log.getFileName(), frames, Files.size(json), runs, bestWall, frames / bestWall, bestCpu,
                    frames / bestCpu, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            out.flush();
            return 0;
        } finally {
            Files.deleteIfExists(big);
            Files.deleteIfExists(json);
            Files.deleteIfExists(dir);
        }
    }

    /** The log {@code n} times over; a CSV header is kept once. */
    private static void repeat(Path log, Path to, int n) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        boolean header = !lines.isEmpty() && lines.get(0).toLowerCase(Locale.ROOT).startsWith("time stamp,");
        try (BufferedWriter w = Files.newBufferedWriter(to, StandardCharsets.ISO_8859_1)) {
            if (header) {
                w.write(lines.get(0));
                w.write('\n');
            }
            for (int i = 0; i < n; i++) {
                for (int k = header ? 1 : 0; k < lines.size(); k++) {
                    w.write(lines.get(k));
                    w.write('\n');
                }
            }
        }
    }

    /** {@code can decode --dbc D --log L -q}, standard output to {@code json}. */
    private void decode(Path big, Path json) throws IOException {
        CommandLine cli = VoltraceCli.commandLine();
        StringWriter errors = new StringWriter();
        try (PrintWriter w = new PrintWriter(new OutputStreamWriter(Files.newOutputStream(json),
                StandardCharsets.UTF_8), false)) {
            cli.setOut(w);
            cli.setErr(new PrintWriter(errors, true));
            int exit = cli.execute("can", "decode", "--dbc", dbc.toString(), "--log", big.toString(), "-q");
            if (exit != 0) {
                throw new IOException("can decode failed: " + errors.toString().strip());
            }
        }
    }
}
