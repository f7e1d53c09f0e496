package io.voltrace.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What validation costs at ingest rates: decode + check of 10-sample messages (100 data points each), on one
 * thread, for about a second. Prints the rate; asserts only that every message passed. Runs with
 * {@code -Dvoltrace.bench=true}, like the other benchmarks.
 */
@EnabledIfSystemProperty(named = "voltrace.bench", matches = "true")
class TelemetryValidatorBenchmark {

    @Test
    void decodeAndCheckRate() {
        TelemetryValidator validator = TelemetryValidator.withDefaults();
        long t0 = System.currentTimeMillis() - 3_600_000L;
        List<byte[]> payloads = new ArrayList<>();
        for (int m = 0; m < 100; m++) {
            List<PackSample> samples = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long ts = t0 + (m * 10L + i) * 1000;
                samples.add(new PackSample(ts, 355 + i * 0.1, -40 + i, 63.2, 10 + m * 0.01 + i * 0.001, 12 + i * 0.001,
                        3.690, 3.712, 3.700, 21.0, 24.5));
            }
            payloads.add(WireCodec.encode(new TelemetryBatch(1, "veh-0001", "VTRPE96DEMO001T5C0000001", m, samples)));
        }
        long accepted = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            accepted += validator.validate(payloads.get(warm % payloads.size())).accepted() ? 1 : 0;
        }
        long messages = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_000_000_000L) {
            for (byte[] p : payloads) {
                accepted += validator.validate(p).accepted() ? 1 : 0;
            }
            messages += payloads.size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "validation: %.0f messages/s = %.0f data points/s decoded and checked on one "
                + "thread (%d-byte messages of 10 samples)%n", messages / seconds,
                messages * 10 * PackSample.POINTS / seconds, payloads.get(0).length);
        assertThat(accepted).isEqualTo(20_000 + messages);
    }
}
