package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.ingest.deadletter.DeadLetterSink;
import io.voltrace.ingest.store.TelemetryStoreException;
import java.time.Duration;
import java.util.ArrayList;
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

    static TelemetryBatch batch(String device, long seq) {
        return new TelemetryBatch(1, device, "B-" + device, seq, List.of(
                new PackSample(seq * 1000, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22)));
    }

    record Letter(String device, String topic, String reason, String detail, byte[] payload) {
    }

    /** Records every settled message, in order, as "stored dev seq" or "refused dev seq". */
    static WriteBatcher.Ack recording(List<String> acks, String device, long seq) {
        return new WriteBatcher.Ack() {
            @Override
            public void stored() {
                acks.add("stored " + device + " " + seq);
            }

            @Override
            public void refused(String reason) {
                acks.add("refused " + device + " " + seq);
            }
        };
    }

    /**
     * #16: a store that always refuses one device's data used to be retried forever, holding every device's
     * acknowledgements. Now: a bounded number of retries, then the refused messages are dead-lettered with the store's
     * reason and acknowledged, and every other message is stored and acknowledged, in order.
     */
    @Test
    void dataTheStoreAlwaysRefusesIsDeadLetteredAfterBoundedRetriesAndTheRestFlows() throws Exception {
        List<String> stored = new CopyOnWriteArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        TelemetrySink sink = batches -> {
            tries.incrementAndGet();
            if (batches.stream().anyMatch(b -> b.device().equals("dev-bad"))) {
                throw new TelemetryStoreException("write failed: HTTP 400 invalid field value", null, true);
            }
            batches.forEach(b -> stored.add(b.device() + " " + b.seq()));
        };
        List<Letter> letters = new CopyOnWriteArrayList<>();
        DeadLetterSink deadLetters = (device, topic, reason, detail, payload) ->
                letters.add(new Letter(device, topic, reason, detail, payload));
        List<String> acks = new CopyOnWriteArrayList<>();
        List<String> expected = new ArrayList<>();
        try (WriteBatcher batcher = new WriteBatcher(sink, null, 1000, 5, 3, deadLetters)) {
            for (long i = 0; i < 60; i++) {
                String device = "dev-" + (i % 3);
                boolean bad = i % 20 == 7; // three refused messages among sixty good ones
                String sender = bad ? "dev-bad" : device;
                byte[] payload = ("{\"seq\":" + i + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                batcher.submit(batch(sender, i), new WriteBatcher.Origin(sender, "voltrace/v1/" + sender
                        + "/telemetry", payload), recording(acks, sender, i));
                expected.add((bad ? "refused " : "stored ") + sender + " " + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.size() == 60);
            assertThat(batcher.deadLettered()).isEqualTo(3);
        }
        assertThat(acks).as("every message settled, in arrival order").containsExactlyElementsOf(expected);
        assertThat(stored).hasSize(57).doesNotHaveDuplicates().noneMatch(s -> s.startsWith("dev-bad"));
        assertThat(letters).hasSize(3).allSatisfy(l -> {
            assertThat(l.device()).isEqualTo("dev-bad");
            assertThat(l.topic()).isEqualTo("voltrace/v1/dev-bad/telemetry");
            assertThat(l.reason()).isEqualTo("store refused");
            assertThat(l.detail()).contains("HTTP 400 invalid field value");
        });
        assertThat(letters).extracting(l -> new String(l.payload(), java.nio.charset.StandardCharsets.UTF_8))
                .containsExactly("{\"seq\":7}", "{\"seq\":27}", "{\"seq\":47}");
    }

    /** #16: an unreachable store is not a refusal: however long it is down, nothing is dead-lettered or lost. */
    @Test
    void anUnreachableStoreIsRetriedPastTheRejectionBoundAndLosesNothing() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(6); // twice the rejection bound
        List<String> stored = new CopyOnWriteArrayList<>();
        TelemetrySink sink = batches -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new TelemetryStoreException("write failed: ConnectException: Connection refused");
            }
            batches.forEach(b -> stored.add(b.device() + " " + b.seq()));
        };
        List<Letter> letters = new CopyOnWriteArrayList<>();
        List<String> acks = new CopyOnWriteArrayList<>();
        try (WriteBatcher batcher = new WriteBatcher(sink, null, 1000, 5, 3,
                (device, topic, reason, detail, payload) -> letters.add(new Letter(device, topic, reason, detail,
                        payload)))) {
            for (long i = 0; i < 40; i++) {
                batcher.submit(batch("dev-" + (i % 4), i), null, recording(acks, "dev-" + (i % 4), i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.size() == 40);
            assertThat(batcher.writeFailures()).isEqualTo(6);
        }
        assertThat(acks).allMatch(a -> a.startsWith("stored "));
        assertThat(stored).hasSize(40).doesNotHaveDuplicates();
        assertThat(letters).isEmpty();
    }

    /**
     * While the refused messages are being sorted out the store goes down: what is left waits for it and is then
     * stored, nothing good is dead-lettered, and the order of acknowledgements holds.
     */
    @Test
    void aStoreThatGoesDownWhileRefusedMessagesAreSortedOutLosesNothing() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger downFor = new AtomicInteger(0);
        List<String> stored = new CopyOnWriteArrayList<>();
        TelemetrySink sink = batches -> {
            int t = tries.incrementAndGet();
            if (t == 6) {
                downFor.set(3); // the 6th try (the 2nd of the sorting) finds the store gone for three tries
            }
            if (downFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TelemetryStoreException("write failed: SocketTimeoutException: timeout");
            }
            if (batches.stream().anyMatch(b -> b.device().equals("dev-bad"))) {
                throw new TelemetryStoreException("write failed: HTTP 400 cast error", null, true);
            }
            batches.forEach(b -> stored.add(b.device() + " " + b.seq()));
        };
        List<Letter> letters = new CopyOnWriteArrayList<>();
        List<String> acks = new CopyOnWriteArrayList<>();
        List<String> expected = new ArrayList<>();
        try (WriteBatcher batcher = new WriteBatcher(sink, null, 1000, 500, 3,
                (device, topic, reason, detail, payload) -> letters.add(new Letter(device, topic, reason, detail,
                        payload)))) {
            for (long i = 0; i < 16; i++) { // all 16 in one write: the timer flushes them together
                String sender = i == 11 ? "dev-bad" : "dev-" + (i % 2);
                batcher.submit(batch(sender, i), null, recording(acks, sender, i));
                expected.add((i == 11 ? "refused " : "stored ") + sender + " " + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.size() == 16);
        }
        assertThat(acks).containsExactlyElementsOf(expected);
        assertThat(stored).hasSize(15).doesNotHaveDuplicates();
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.device()).isEqualTo("dev-bad");
            assertThat(l.reason()).isEqualTo("store refused");
            assertThat(l.detail()).contains("HTTP 400 cast error");
            // Submitted without its origin: dead-lettered as the batch, re-encoded.
            assertThat(l.topic()).isEqualTo("voltrace/v1/dev-bad/telemetry");
            assertThat(l.payload()).isNotEmpty();
        });
    }

    @Test
    void tellsARefusalFromAnUnreachableStore() {
        assertThat(WriteBatcher.isRejection(new TelemetryStoreException("400", null, true))).isTrue();
        assertThat(WriteBatcher.isRejection(new TelemetryStoreException("connection refused"))).isFalse();
        assertThat(WriteBatcher.isRejection(new RuntimeException(new java.sql.SQLException("too long", "22001"))))
                .isTrue();
        assertThat(WriteBatcher.isRejection(new RuntimeException(new java.sql.SQLException("gone", "08006"))))
                .isFalse();
        assertThat(WriteBatcher.isRejection(new IllegalStateException("store unavailable"))).isFalse();
    }
}
