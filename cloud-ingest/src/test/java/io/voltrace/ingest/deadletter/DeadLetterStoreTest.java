package io.voltrace.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voltrace.ingest.testing.TestRegistries;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Dead letters in the registry database, on H2 and on PostgreSQL (raw bytes survive both). */
@ParameterizedClass(name = "{0}")
@EnumSource(TestRegistries.Backend.class)
class DeadLetterStoreTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456Z");

    @Parameter
    TestRegistries.Backend backend;
    TestRegistries db;
    DeadLetterStore store;

    @BeforeEach
    void open() throws Exception {
        db = TestRegistries.open(backend);
        store = new DeadLetterStore(db.registry().dataSource());
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    static DeadLetter letter(int i, String device, String reason, byte[] payload) {
        return new DeadLetter(0, T0.plusSeconds(i), device, "voltrace/v1/" + device + "/telemetry", reason,
                "samples[" + i + "].soc = 120.0 % is outside 0..100 %", payload, payload.length);
    }

    @Test
    void keepsRawBytesAndPagesNewestFirst() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i; // every byte value, including 0 and invalid UTF-8
        }
        List<DeadLetter> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            added.add(store.add(letter(i, i % 2 == 0 ? "dev-a" : "dev-b", i < 3 ? "value out of range"
                    : "malformed payload", i == 0 ? binary : ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))));
        }
        assertThat(added).extracting(DeadLetter::id).isSorted().doesNotHaveDuplicates();
        assertThat(store.get(added.get(0).id())).contains(added.get(0));
        assertThat(store.get(added.get(0).id()).orElseThrow().payload()).isEqualTo(binary);
        assertThat(store.count()).isEqualTo(5);

        DeadLetterPage first = store.page(null, 2, null, null);
        assertThat(first.letters()).containsExactly(added.get(4), added.get(3));
        DeadLetterPage second = store.page(first.nextBefore(), 2, null, null);
        assertThat(second.letters()).containsExactly(added.get(2), added.get(1));
        DeadLetterPage last = store.page(second.nextBefore(), 2, null, null);
        assertThat(last.letters()).containsExactly(added.get(0));
        assertThat(last.nextBefore()).isNull();

        assertThat(store.page(null, 10, "dev-a", null).letters()).containsExactly(added.get(4), added.get(2),
                added.get(0));
        assertThat(store.page(null, 10, "dev-a", "value out of range").letters()).containsExactly(added.get(2),
                added.get(0));
        assertThat(store.page(null, 10, "nobody", null).letters()).isEmpty();

        assertThat(store.deleteReceivedBefore(T0.plusSeconds(2))).isEqualTo(2);
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void cutsHugePayloadsButRemembersTheirSize() {
        byte[] big = new byte[DeadLetterStore.MAX_STORED_PAYLOAD + 10];
        DeadLetter stored = store.add(letter(0, "dev-a", "malformed payload", big));
        assertThat(stored.payload()).hasSize(DeadLetterStore.MAX_STORED_PAYLOAD);
        assertThat(stored.payloadSize()).isEqualTo(big.length);
        assertThat(store.get(stored.id()).orElseThrow().truncated()).isTrue();
    }

    @Test
    void writerStoresFromTheBackgroundAndDropsWhatDoesNotFit() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (DeadLetterWriter writer = new DeadLetterWriter(store, clock, 1000, 100_000)) {
            for (int i = 0; i < 50; i++) {
                writer.refused("dev-a", "voltrace/v1/dev-a/telemetry", "value out of range", "detail " + i,
                        new byte[] {(byte) i});
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.stored() == 50);
            assertThat(store.page(null, 1, null, null).letters().get(0).detail()).isEqualTo("detail 49");
            assertThat(writer.dropped()).isZero();
            // A payload beyond the byte bound is dropped, not queued.
            writer.refused("dev-a", "t", "malformed payload", "huge", new byte[100_001]);
            assertThat(writer.dropped()).isEqualTo(1);
        }
        assertThat(store.count()).isEqualTo(50);
    }
}
