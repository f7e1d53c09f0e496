package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.common.wire.WireFormatException;
import io.voltrace.ingest.store.StoredSamples;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * #16: a device cannot change a sample once stored. A store that upserts on (battery, time), as QuestDB's dedup
 * does, stands in for the real one here (IngestOverwriteTest runs the real one).
 */
class FirstWriteWinsTest {
    static final String BAT = "VTRPE96DEMO001T5C0000051";

    /** An upserting store: (battery, ts) keeps the last write. */
    static final class UpsertStore implements TelemetrySink, StoredSamples {
        final Map<String, TreeMap<Long, PackSample>> rows = new java.util.concurrent.ConcurrentHashMap<>();
        int writes;

        @Override
        public void write(List<TelemetryBatch> batches) {
            writes++;
            for (TelemetryBatch b : batches) {
                for (PackSample s : b.samples()) {
                    rows.computeIfAbsent(b.battery(), k -> new TreeMap<>()).put(s.ts(), s);
                }
            }
        }

        @Override
        public OptionalLong latestMillis(String battery) {
            TreeMap<Long, PackSample> r = rows.get(battery);
            return r == null || r.isEmpty() ? OptionalLong.empty() : OptionalLong.of(r.lastKey());
        }

        @Override
        public List<PackSample> samples(String battery, Instant from, Instant to, int limit) {
            TreeMap<Long, PackSample> r = rows.getOrDefault(battery, new TreeMap<>());
            return r.subMap(from.toEpochMilli(), true, to.toEpochMilli(), false).values().stream().limit(limit)
                    .toList();
        }

        @Override
        public long countThrough(String battery, long throughMillis) {
            return rows.getOrDefault(battery, new TreeMap<>()).headMap(throughMillis, true).size();
        }

        @Override
        public boolean awaitCommittedSoFar(Duration timeout) {
            return true;
        }
    }

    record Letter(String device, String reason, String detail, byte[] payload) {
    }

    static PackSample sample(long ts, double volts) {
        return new PackSample(ts, volts, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22);
    }

    static TelemetryBatch batch(long seq, long fromTs, int n, double volts) {
        List<PackSample> s = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s.add(sample((fromTs + i) * 1000, volts));
        }
        return new TelemetryBatch(1, "dev-5", BAT, seq, s);
    }

    final UpsertStore store = new UpsertStore();
    final List<Letter> letters = new CopyOnWriteArrayList<>();
    FirstWriteWins guard = new FirstWriteWins(store, store,
            (device, topic, reason, detail, payload) -> letters.add(new Letter(device, reason, detail, payload)));

    @Test
    void aRedeliveryPassesAndChangesNothing() throws Exception {
        guard.write(List.of(batch(1, 0, 10, 350)));
        guard.write(List.of(batch(1, 0, 10, 350))); // the same message again, as after a lost PUBACK
        assertThat(store.rows.get(BAT)).hasSize(10);
        assertThat(letters).isEmpty();
        assertThat(guard.refusedSamples()).isZero();
    }

    @Test
    void otherValuesForStoredTimesAreRefusedAndDeadLetteredTheRestIsStored() throws Exception {
        guard.write(List.of(batch(1, 0, 10, 350)));
        // Samples 5..14: 5..9 rewrite stored times with 400 V, 10..14 are new.
        guard.write(List.of(batch(2, 5, 10, 400)));
        assertThat(store.rows.get(BAT)).hasSize(15);
        assertThat(store.rows.get(BAT).headMap(10_000L).values()).extracting(PackSample::packVoltage)
                .containsOnly(350.0);
        assertThat(store.rows.get(BAT).tailMap(10_000L).values()).extracting(PackSample::packVoltage)
                .containsOnly(400.0);
        assertThat(guard.refusedSamples()).isEqualTo(5);
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.device()).isEqualTo("dev-5");
            assertThat(l.reason()).isEqualTo("overwrite refused");
            assertThat(l.detail()).startsWith("5 sample(s) of battery " + BAT)
                    .contains("1970-01-01T00:00:05Z packVoltage 350.0 -> 400.0");
            assertThat(decode(l.payload()).samples()).extracting(PackSample::ts)
                    .containsExactly(5000L, 6000L, 7000L, 8000L, 9000L);
        });
    }

    @Test
    void twoMessagesInOneWriteCannotOverwriteEachOther() throws Exception {
        guard.write(List.of(batch(1, 0, 3, 350), batch(2, 2, 3, 360)));
        assertThat(store.rows.get(BAT).values()).extracting(PackSample::packVoltage)
                .containsExactly(350.0, 350.0, 350.0, 360.0, 360.0);
        assertThat(guard.refusedSamples()).isEqualTo(1);
    }

    @Test
    void afterARestartTheStoredHistoryStillStands() throws Exception {
        guard.write(List.of(batch(1, 0, 10, 350)));
        FirstWriteWins restarted = new FirstWriteWins(store, store,
                (device, topic, reason, detail, payload) -> letters.add(new Letter(device, reason, detail, payload)));
        restarted.write(List.of(batch(2, 0, 10, 351)));
        assertThat(store.rows.get(BAT).values()).extracting(PackSample::packVoltage).containsOnly(350.0);
        assertThat(restarted.refusedSamples()).isEqualTo(10);
        assertThat(letters).hasSize(1);
    }

    @Test
    void aFailedWriteDeadLettersNothingAndDecidesAgainOnTheRetry() throws Exception {
        guard.write(List.of(batch(1, 0, 5, 350)));
        boolean[] down = {true};
        FirstWriteWins flaky = new FirstWriteWins(batches -> {
            if (down[0]) {
                throw new IllegalStateException("store unavailable");
            }
            store.write(batches);
        }, store, (device, topic, reason, detail, payload) -> letters.add(new Letter(device, reason, detail,
                payload)));
        List<TelemetryBatch> write = List.of(batch(2, 3, 4, 420));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> flaky.write(write))
                .hasMessageContaining("unavailable");
        assertThat(letters).isEmpty();
        down[0] = false;
        flaky.write(write);
        assertThat(letters).hasSize(1);
        assertThat(store.rows.get(BAT).values()).extracting(PackSample::packVoltage)
                .containsExactly(350.0, 350.0, 350.0, 350.0, 350.0, 420.0, 420.0);
    }

    @Test
    void otherBatteriesAndNewTimesAreNotReadBack() throws Exception {
        int[] reads = {0};
        FirstWriteWins counting = new FirstWriteWins(store, new StoredSamples() {
            @Override
            public OptionalLong latestMillis(String battery) {
                return store.latestMillis(battery);
            }

            @Override
            public List<PackSample> samples(String battery, Instant from, Instant to, int limit) {
                reads[0]++;
                return store.samples(battery, from, to, limit);
            }

            @Override
            public long countThrough(String battery, long throughMillis) {
                return store.countThrough(battery, throughMillis);
            }

            @Override
            public boolean awaitCommittedSoFar(Duration timeout) {
                return true;
            }
        }, (device, topic, reason, detail, payload) -> { });
        for (int i = 0; i < 50; i++) {
            counting.write(List.of(batch(i, i * 10L, 10, 350)));
        }
        assertThat(reads[0]).as("a device moving forward in time costs no read").isZero();
        assertThat(store.rows.get(BAT)).hasSize(500);
        assertThat(letters.stream().map(Letter::reason).collect(Collectors.toSet())).isEmpty();
    }

    static TelemetryBatch decode(byte[] payload) {
        try {
            return WireCodec.decodeTelemetry(payload);
        } catch (WireFormatException e) {
            throw new AssertionError(e);
        }
    }
}
