package io.voltrace.cli.edge;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CandumpFormat;
import io.voltrace.simulator.can.BmsSimulator;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.BatteryRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared pieces of the edge agent's delivery tests: simulated logs, expected samples, settings files. */
final class EdgeFixtures {
    static final String CODE = "VTRPE96DEMO001T5C0000042";
    static final char[] SECRET = "edge-test-secret".toCharArray();

    private EdgeFixtures() {
    }

    static void register(IngestService ingest, String device) {
        ingest.registry().registerDevice(device, SECRET);
        ingest.registry().registerBattery(new BatteryRecord(CODE, device, Chemistry.NMC, 60, 96, "test",
                Instant.now()));
    }

    /** Frames of a simulated 96-cell pack, starting some days ago (the store takes 400 days of history). */
    static List<CanFrame> simulate(double days, long seed) {
        BmsSimulator bms = new BmsSimulator(ReferenceDbc.load(), new PackSpec(Chemistry.NMC, 96, 60, 88, 20, seed),
                Instant.now().minus(Duration.ofDays(3)).toEpochMilli(), days);
        List<CanFrame> frames = new ArrayList<>();
        CanFrame f;
        while ((f = bms.next()) != null) {
            frames.add(f);
        }
        return frames;
    }

    static Path writeLog(Path file, List<CanFrame> frames) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (CanFrame f : frames) {
                w.write(CandumpFormat.format(f, "can0"));
                w.write('\n');
            }
        }
        return file;
    }

    /** What the agent samples from these frames with its default settings (1 s, the reference mapping). */
    static List<PackSample> expectedSamples(List<CanFrame> frames) throws Exception {
        List<PackSample> out = new ArrayList<>();
        PackSampler sampler = new PackSampler(SignalMapping.voltraceReference().resolve(ReferenceDbc.load()), 1,
                out::add);
        for (CanFrame f : frames) {
            sampler.accept(f);
        }
        return out;
    }

    static Path config(Path dir, Map<String, String> settings) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("device.battery", CODE);
        all.put("mqtt.password", new String(SECRET));
        all.put("mqtt.reconnect.min", "100ms");
        all.put("mqtt.reconnect.max", "2s");
        all.put("status.interval", "1s");
        all.put("publish.max-delay", "200ms");
        all.putAll(settings);
        StringBuilder text = new StringBuilder();
        all.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.createDirectories(dir);
        Path file = dir.resolve("edge.conf");
        Files.writeString(file, text);
        return file;
    }
}
