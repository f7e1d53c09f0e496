package io.voltrace.benchmarks;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanLogSource;
import io.voltrace.edge.can.CanLogs;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcParser;
import io.voltrace.simulator.can.BmsSimulator;
import io.voltrace.simulator.pack.PackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The frames a benchmark decodes, with the DBC that describes them. */
record FrameSets(DbcDatabase dbc, CanFrame[] frames) {

    /** Power of two, so the benchmarks cycle through frames with a mask. */
    static final int SIZE = 4096;

    static FrameSets load(String name) {
        try {
            return switch (name) {
                case "reference" -> reference();
                case "kona" -> kona();
                default -> throw new IllegalArgumentException("unknown frame set " + name + " (reference, kona)");
            };
        } catch (Exception e) {
            throw new IllegalStateException("frame set " + name + ": " + e.getMessage(), e);
        }
    }

    /** The reference DBC's frames as the BMS simulator sends them: pack status, temperatures, cell pages. */
    private static FrameSets reference() throws IOException {
        DbcDatabase dbc = ReferenceDbc.load();
        List<CanFrame> frames = new ArrayList<>();
        try (BmsSimulator sim = new BmsSimulator(dbc, new PackSpec(Chemistry.NMC, 96, 60, 90, 20, 7),
                1_700_000_000_000L, 1)) {
            CanFrame f;
            while (frames.size() < SIZE && (f = sim.next()) != null) {
                frames.add(f);
            }
        }
        return new FrameSets(dbc, frames.toArray(new CanFrame[0]));
    }

    /**
     * A real Hyundai Kona EV pack on the bench (Vector ASC, all P-CAN traffic, BMS messages included) with the
     * reverse-engineered Kona P-CAN DBC, from the shared data folder (system property {@code voltrace.sharedData},
     * default {@code ../shared/data}); frames of ids the DBC does not know are left out.
     */
    private static FrameSets kona() throws Exception {
        Path root = Path.of(System.getProperty("voltrace.sharedData", "../shared/data"));
        Path dbcFile = root.resolve("vehicle-dbc/kona_ev_dbc/pcan.dbc");
        Path logs = root.resolve("can-logs/kona_ev_logs/bms_diagnostics");
        if (!Files.exists(dbcFile) || !Files.isDirectory(logs)) {
            throw new IOException("shared data not found at " + root.toAbsolutePath()
                    + " (set -Dvoltrace.sharedData=...)");
        }
        DbcDatabase dbc = DbcParser.parse(dbcFile);
        List<CanFrame> frames = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(logs)) {
            files = list.filter(p -> p.toString().endsWith(".asc")).sorted().toList();
        }
        for (Path file : files) {
            try (CanLogSource source = CanLogs.open(file)) {
                CanFrame f;
                while (frames.size() < SIZE && (f = source.next()) != null) {
                    if (dbc.message(f.id(), f.extended()) != null) {
                        frames.add(f);
                    }
                }
            }
        }
        while (frames.size() < SIZE) {
            frames.addAll(frames.subList(0, Math.min(frames.size(), SIZE - frames.size())));
        }
        return new FrameSets(dbc, frames.toArray(new CanFrame[0]));
    }
}
