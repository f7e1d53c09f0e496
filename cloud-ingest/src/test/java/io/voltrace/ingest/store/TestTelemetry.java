package io.voltrace.ingest.store;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic telemetry for store tests, with awkward doubles that must survive the round trip bit for bit. */
final class TestTelemetry {

    static final String DEVICE = "edge-01";

    private TestTelemetry() {
    }

    /** A valid GB/T 34014 code whose serial is {@code serial}. */
    static String battery(int serial) {
        return String.format("ABCPE01T000001N1A%07d", serial);
    }

    static TelemetryBatch batch(String battery, long seq, long startMs, int count, long stepMs) {
        Random random = new Random(battery.hashCode() * 31L + seq);
        List<PackSample> samples = new ArrayList<>(count);
        double ahIn = 100 * random.nextDouble();
        double ahOut = 100 * random.nextDouble();
        for (int i = 0; i < count; i++) {
            double current = -150 + 300 * random.nextDouble();
            ahIn += current > 0 ? current / 3600 : 0;
            ahOut += current < 0 ? -current / 3600 : 0;
            double cellAvg = 3.2 + random.nextDouble();
            samples.add(new PackSample(startMs + i * stepMs,
                    350 + 50 * random.nextDouble(), current, 100 * random.nextDouble(), ahIn, ahOut,
                    cellAvg - 0.01 * random.nextDouble(), cellAvg + 0.01 * random.nextDouble(), cellAvg,
                    i == 0 ? 1e-7 : 15 + 10 * random.nextDouble(),
                    i == 0 ? -12345.678901234567e10 : 30 + 10 * random.nextDouble()));
        }
        return new TelemetryBatch(TelemetryBatch.SCHEMA_VERSION, DEVICE, battery, seq, samples);
    }
}
