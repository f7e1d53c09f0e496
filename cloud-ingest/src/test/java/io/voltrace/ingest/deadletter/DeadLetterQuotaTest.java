package io.voltrace.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.voltrace.ingest.testing.TestRegistries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dead letters are bounded (#16): a flood of refused messages keeps at most the quota per device and in all, the
 * newest letters stay, the oldest go, and what went is counted, on H2 and on PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestRegistries.Backend.class)
class DeadLetterQuotaTest {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final int MB = 1_000_000;

    @Parameter
    TestRegistries.Backend backend;
    TestRegistries db;

    @BeforeEach
    void open() throws Exception {
        db = TestRegistries.open(backend);
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void twoHundredRefusedOneMegabyteMessagesStayWithinTheDeviceQuotaNewestKept() throws Exception {
        DeadLetterStore store = new DeadLetterStore(db.registry().dataSource(), DeadLetterQuota.DEFAULT);
        try (DeadLetterWriter writer = new DeadLetterWriter(store, Clock.fixed(T0, ZoneOffset.UTC), 10_000,
                64L << 20)) {
            for (int i = 0; i < 200; i++) {
                writer.refused("dev-flood", "voltrace/v1/dev-flood/telemetry", "malformed payload", "message " + i,
                        new byte[MB]);
                if (i % 20 == 19) { // as a flood arrives: the writer keeps up, several letters a transaction
                    await().atMost(Duration.ofSeconds(30)).until(() -> writer.queued() == 0);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> writer.stored() + writer.failed() == 200);
            assertThat(writer.failed()).isZero();
            assertThat(writer.dropped()).isZero();

            long quota = DeadLetterQuota.DEFAULT.perDeviceBytes();
            assertThat(store.storedBytes("dev-flood")).isPositive().isLessThanOrEqualTo(quota);
            long kept = store.count();
            // Each kept letter holds 256 KiB of payload plus a short detail and topic: the quota holds 39 of them.
            long letterBytes = DeadLetterStore.MAX_STORED_PAYLOAD + "message 199".length()
                    + "voltrace/v1/dev-flood/telemetry".length();
            assertThat(kept).isEqualTo(quota / letterBytes);
            List<DeadLetter> newest = store.page(null, 500, "dev-flood", null).letters();
            assertThat(newest).hasSize((int) kept);
            for (int k = 0; k < kept; k++) { // the newest, without a gap
                assertThat(newest.get(k).detail()).isEqualTo("message " + (199 - k));
            }
            assertThat(writer.evicted()).isEqualTo(200 - kept);
            DeadLetterEvictions evictions = store.evictions("dev-flood");
            assertThat(evictions.letters()).isEqualTo(200 - kept);
            assertThat(evictions.bytes()).isGreaterThanOrEqualTo((200 - kept) * (long) DeadLetterStore.MAX_STORED_PAYLOAD);
            assertThat(evictions.lastEvictedAt()).isNotNull();
            assertThat(store.evictions(null)).isEqualTo(evictions);
        }
    }

    @Test
    void theTotalQuotaTakesTheOldestOfAllDevicesFirst() {
        int letter = DeadLetterStore.MAX_LETTER_BYTES;
        DeadLetterStore store = new DeadLetterStore(db.registry().dataSource(),
                new DeadLetterQuota(4L * letter, 6L * letter));
        // a, then b, then c, five letters each of 256 KiB: a device keeps 4 at most, all together 6.
        for (String device : List.of("dev-a", "dev-b", "dev-c")) {
            for (int i = 0; i < 5; i++) {
                store.add(new DeadLetter(0, T0.plusSeconds(i), device, "t", "malformed payload", device + " " + i,
                        new byte[DeadLetterStore.MAX_STORED_PAYLOAD], DeadLetterStore.MAX_STORED_PAYLOAD));
            }
        }
        assertThat(store.storedBytes(null)).isLessThanOrEqualTo(6L * letter);
        assertThat(store.page(null, 100, null, null).letters()).extracting(DeadLetter::detail)
                .containsExactly("dev-c 4", "dev-c 3", "dev-c 2", "dev-c 1", "dev-b 4", "dev-b 3");
        assertThat(store.evictions("dev-a").letters()).isEqualTo(5);
        assertThat(store.evictions("dev-b").letters()).isEqualTo(3);
        assertThat(store.evictions("dev-c").letters()).isEqualTo(1);
        assertThat(store.evictions(null).letters()).isEqualTo(9);
        assertThat(store.evicted()).isEqualTo(9);
    }

    @Test
    void lettersOfNoKnownDeviceShareOneQuota() {
        int letter = DeadLetterStore.MAX_LETTER_BYTES;
        DeadLetterStore store = new DeadLetterStore(db.registry().dataSource(),
                new DeadLetterQuota(2L * letter, 10L * letter));
        for (int i = 0; i < 4; i++) {
            store.add(new DeadLetter(0, T0.plusSeconds(i), null, "t", "packet too large", "anon " + i,
                    new byte[DeadLetterStore.MAX_STORED_PAYLOAD], DeadLetterStore.MAX_STORED_PAYLOAD));
        }
        assertThat(store.page(null, 100, null, null).letters()).extracting(DeadLetter::detail)
                .containsExactly("anon 3", "anon 2");
        assertThat(store.evictions("").letters()).isEqualTo(2);
    }

    @Test
    void quotasAndSizesAreChecked() {
        assertThatThrownBy(() -> new DeadLetterQuota(1000, 200L << 20)).hasMessageContaining("at least");
        assertThatThrownBy(() -> new DeadLetterQuota(20L << 20, 10L << 20)).hasMessageContaining("larger than");
        assertThat(DeadLetterQuota.parseSize("k", "10MiB")).isEqualTo(10L << 20);
        assertThat(DeadLetterQuota.parseSize("k", "200 MB")).isEqualTo(200L << 20);
        assertThat(DeadLetterQuota.parseSize("k", "4096")).isEqualTo(4096);
        assertThatThrownBy(() -> DeadLetterQuota.parseSize("deadletters.quota.total", "lots"))
                .hasMessageContaining("deadletters.quota.total 'lots' is not a size");
    }
}
