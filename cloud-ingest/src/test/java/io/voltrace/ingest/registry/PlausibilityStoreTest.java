package io.voltrace.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.testing.TestRegistries;
import io.voltrace.ingest.validation.PlausibilityWatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The V12 table on both backends, filled by the intake's plausibility watch: implausible samples are marked once,
 * with their reasons, before the batch goes on to the store; plausible ones are not.
 */
class PlausibilityStoreTest {
    static final String CODE = "VTRPE98KONA001T5C0000016";
    private static final double NAN = Double.NaN;

    private static PackSample sample(long ts, double v, double i) {
        return new PackSample(ts, v, i, 50, 0, 0, NAN, NAN, NAN, NAN, NAN);
    }

    @ParameterizedTest
    @EnumSource(TestRegistries.Backend.class)
    void marksImplausibleSamplesOnceBeforeTheyAreWritten(TestRegistries.Backend backend) throws Exception {
        try (TestRegistries db = TestRegistries.open(backend)) {
            Registry registry = db.registry();
            registry.registerDevice("dev-k", "s".toCharArray());
            registry.registerBattery(new BatteryRecord(CODE, "dev-k", Chemistry.NMC, 180, 98, "Kona", Instant.now()));
            PlausibilityStore store = new PlausibilityStore(registry.dataSource());
            List<List<TelemetryBatch>> written = new ArrayList<>();
            List<Long> markedWhenWritten = new ArrayList<>();
            PlausibilityWatch watch = new PlausibilityWatch(batches -> {
                written.add(batches);
                markedWhenWritten.add(store.count(CODE));
            }, store, code -> registry.battery(code).orElse(null));

            TelemetryBatch batch = new TelemetryBatch(1, "dev-k", CODE, 1, List.of(
                    sample(1_000, 355.2, -3.4), sample(2_000, 0, -355), sample(3_000, 355.0, -3.0),
                    sample(4_000, 600, -3.0)));
            watch.write(List.of(batch));
            watch.write(List.of(batch)); // delivered again: nothing new

            assertThat(written).hasSize(2);
            assertThat(markedWhenWritten.get(0)).as("marked before written").isEqualTo(2);
            assertThat(store.count(CODE)).isEqualTo(2);
            assertThat(store.marked(CODE, 0, 10_000)).containsOnlyKeys(2_000L, 4_000L);
            assertThat(store.marked(CODE, 0, 10_000).get(2_000L))
                    .isEqualTo("zero_volts_with_current: pack reads 0.0 V while -355.0 A flow");
            assertThat(store.marked(CODE, 0, 10_000).get(4_000L))
                    .startsWith("pack_voltage_vs_cells: pack reads 600.0 V, outside 98 cells");
            assertThat(store.marked(CODE, 3_000, 10_000)).containsOnlyKeys(4_000L);
        }
    }
}
