package io.voltrace.edge.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryBatcherTest {
    static PackSample sample(long ts) {
        return new PackSample(ts, 350, 0, 50, 0, 0, 3.6, 3.7, 3.65, 20, 21);
    }

    @Test
    void groupsSamplesInOrderWithRisingSequenceNumbers() {
        List<TelemetryBatch> out = new ArrayList<>();
        TelemetryBatcher batcher = new TelemetryBatcher("dev", "B", 3, out::add);
        for (long t = 0; t < 7; t++) {
            batcher.accept(sample(t));
        }
        assertThat(out).hasSize(2);
        batcher.flush();
        batcher.flush();
        assertThat(out).hasSize(3);
        assertThat(out.get(2).samples()).extracting(PackSample::ts).containsExactly(6L);
        assertThat(out).extracting(TelemetryBatch::seq).containsExactly(0L, 1L, 2L);
        assertThat(out.get(0).samples()).extracting(PackSample::ts).containsExactly(0L, 1L, 2L);
        assertThat(out).allSatisfy(b -> {
            assertThat(b.device()).isEqualTo("dev");
            assertThat(b.battery()).isEqualTo("B");
            assertThat(b.schema()).isEqualTo(TelemetryBatch.SCHEMA_VERSION);
        });
    }

    @Test
    void refusesAnEmptyBatchSize() {
        assertThatThrownBy(() -> new TelemetryBatcher("d", "b", 0, b -> { })).hasMessageContaining("at least 1");
    }
}
