package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {

    static TelemetryBatch batch(long seq) {
        return new TelemetryBatch(1, "dev", "B", seq, List.of(
                new PackSample(seq * 1000, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22)));
    }

    @Test
    void acknowledgesInArrivalOrderOnlyAfterTheWriteHoldingTheMessage() throws Exception {
        List<Long> written = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        TelemetrySink sink = batches -> {
            Thread.sleep(30); // a slow store lets later messages gather into the next write
            batches.forEach(b -> {
                written.add(b.seq());
                events.add("write " + b.seq());
            });
        };
        try (WriteBatcher batcher = new WriteBatcher(sink, 1000, 5)) {
            for (long i = 0; i < 50; i++) {
                long seq = i;
                batcher.submit(i % 10 == 9 ? null : batch(i), () -> events.add("ack " + seq));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().filter(e -> e.startsWith("ack")).count() == 50);
            assertThat(batcher.batchesWritten()).isEqualTo(45);
        }
        List<String> acks = events.stream().filter(e -> e.startsWith("ack")).toList();
        for (int i = 0; i < 50; i++) {
            assertThat(acks.get(i)).isEqualTo("ack " + i);
            if (i % 10 != 9) {
                assertThat(events.indexOf("write " + i)).as("batch %d written before its ack", i)
                        .isLessThan(events.indexOf("ack " + i));
            }
        }
        assertThat(written).hasSize(45).doesNotHaveDuplicates();
    }

    @Test
    void holdsAcknowledgementsWhileTheStoreIsDownAndLosesNothing() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        List<Long> stored = new CopyOnWriteArrayList<>();
        AtomicInteger acked = new AtomicInteger();
        TelemetrySink sink = batches -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("store unavailable");
            }
            batches.forEach(b -> stored.add(b.seq()));
        };
        try (WriteBatcher batcher = new WriteBatcher(sink, 1000, 5)) {
            for (long i = 0; i < 20; i++) {
                batcher.submit(batch(i), acked::incrementAndGet);
            }
            Thread.sleep(150);
            assertThat(acked.get()).as("nothing acknowledged while the store refuses writes").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.get() == 20);
            assertThat(batcher.writeFailures()).isEqualTo(3);
        }
        assertThat(stored).hasSize(20).doesNotHaveDuplicates();
    }
}
