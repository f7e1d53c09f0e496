package io.voltrace.edge.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpoolTest {
    static final String A = "VTRPE96DEMO001T5C0000001";
    static final String B = "VTRPE96DEMO001T5C0000002";

    @TempDir
    Path dir;

    SpoolConfig small(FsyncPolicy fsync) {
        return new SpoolConfig(dir, 64 * 4096, 4096, fsync);
    }

    static byte[] payload(long n) {
        return ("sample-" + n + "-" + "x".repeat((int) (n % 40))).getBytes(StandardCharsets.UTF_8);
    }

    static long numberOf(SpoolRecord r) {
        String s = new String(r.payload(), StandardCharsets.UTF_8);
        return Long.parseLong(s.substring(7, s.indexOf('-', 7)));
    }

    static List<SpoolRecord> readAll(Spool spool) throws IOException {
        Spool.Cursor cursor = spool.cursor();
        List<SpoolRecord> all = new ArrayList<>();
        List<SpoolRecord> chunk;
        while (!(chunk = cursor.read(37, 1 << 20)).isEmpty()) {
            all.addAll(chunk);
        }
        return all;
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.Mode.class)
    void replaysInOrderAndResumesAfterTheAcknowledgedOffset(FsyncPolicy.Mode mode) throws Exception {
        FsyncPolicy fsync = new FsyncPolicy(mode, Duration.ofMillis(20));
        try (Spool spool = Spool.open(small(fsync))) {
            for (long i = 0; i < 1000; i++) {
                assertThat(spool.append(RecordKind.PACK_SAMPLE, i % 3 == 0 ? B : A, 1000 * i, payload(i)))
                        .isEqualTo(i);
            }
            List<SpoolRecord> all = readAll(spool);
            assertThat(all).extracting(SpoolRecord::offset).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 1000).boxed().toList());
            assertThat(all).allSatisfy(r -> assertThat(numberOf(r)).isEqualTo(r.offset()));
            assertThat(all.stream().filter(r -> r.key().equals(B)).map(SpoolRecord::timestamp).toList())
                    .isSorted();
            assertThat(segmentFiles(dir).size()).isGreaterThan(5);
            spool.acknowledge(599);
            assertThat(spool.stats().heldRecords()).isEqualTo(400);
        }
        try (Spool spool = Spool.open(small(fsync))) {
            assertThat(spool.damages()).isEmpty();
            assertThat(spool.stats().acknowledgedUpTo()).isEqualTo(599);
            assertThat(spool.stats().heldRecords()).isEqualTo(400);
            List<SpoolRecord> rest = readAll(spool);
            assertThat(rest.get(0).offset()).isEqualTo(600);
            assertThat(rest).hasSize(400);
            assertThat(spool.append(RecordKind.PACK_SAMPLE, A, 0, payload(1000))).isEqualTo(1000);
            spool.acknowledge(1000);
            assertThat(spool.stats().heldRecords()).isZero();
            assertThat(segmentFiles(dir)).hasSize(1); // only the active segment stays
        }
        try (Spool spool = Spool.open(small(fsync))) {
            assertThat(spool.append(RecordKind.PACK_SAMPLE, A, 0, payload(1001)))
                    .as("offsets are never reused, even when every segment was acknowledged").isEqualTo(1001);
        }
    }

    @Test
    void aTornTailIsCutAndEverythingBeforeItSurvives() throws Exception {
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            for (long i = 0; i < 50; i++) {
                spool.append(RecordKind.PACK_SAMPLE, A, i, payload(i));
            }
        }
        Path last = segmentFiles(dir).get(segmentFiles(dir).size() - 1);
        long full = Files.size(last);
        byte[] original = Files.readAllBytes(last);
        // Every cut point inside the last two records: the spool keeps exactly the whole records before it.
        int lastRecordBytes = SegmentFormat.storedBytes(A, payload(49).length);
        int previousRecordBytes = SegmentFormat.storedBytes(A, payload(48).length);
        for (long cut = full - 1; cut > full - lastRecordBytes - previousRecordBytes; cut--) {
            Files.write(last, java.util.Arrays.copyOf(original, (int) cut));
            try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
                long expectedLast = cut >= full - lastRecordBytes ? 48 : 47;
                List<SpoolRecord> all = readAll(spool);
                assertThat(all).as("cut at %d", cut).hasSize((int) expectedLast + 1);
                assertThat(all.get(all.size() - 1).offset()).isEqualTo(expectedLast);
                boolean onBoundary = cut == full - lastRecordBytes;
                if (onBoundary) {
                    assertThat(spool.damages()).isEmpty();
                } else {
                    assertThat(spool.damages()).singleElement().satisfies(d -> {
                        assertThat(d.reason()).containsAnyOf("torn write", "partial record header");
                        assertThat(d.file()).isEqualTo(last);
                    });
                }
                assertThat(spool.append(RecordKind.PACK_SAMPLE, A, 0, payload(expectedLast + 1)))
                        .isEqualTo(expectedLast + 1);
            }
        }
    }

    @Test
    void aCorruptRecordIsCutWithEverythingAfterItInItsFileAndOtherFilesSurvive() throws Exception {
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            for (long i = 0; i < 300; i++) {
                spool.append(RecordKind.PACK_SAMPLE, A, i, payload(i));
            }
        }
        List<Path> files = segmentFiles(dir);
        assertThat(files.size()).isGreaterThanOrEqualTo(3);
        Path first = files.get(0);
        // Flip one payload byte of the fifth record of the first segment.
        long fifth = SegmentFormat.HEADER_BYTES;
        for (int i = 0; i < 4; i++) {
            fifth += SegmentFormat.storedBytes(A, payload(i).length);
        }
        long position = fifth;
        flip(first, position + SegmentFormat.RECORD_HEADER_BYTES + SegmentFormat.BODY_FIXED_BYTES + 30);
        long secondBase = SegmentFormat.baseOffsetOf(files.get(1).getFileName().toString());
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            assertThat(spool.damages()).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo("checksum mismatch");
                assertThat(d.position()).isEqualTo(position);
                assertThat(d.recordsKept()).isEqualTo(4);
            });
            List<SpoolRecord> all = readAll(spool);
            assertThat(all.subList(0, 4)).extracting(SpoolRecord::offset).containsExactly(0L, 1L, 2L, 3L);
            assertThat(all.get(4).offset()).isEqualTo(secondBase);
            assertThat(all.get(all.size() - 1).offset()).isEqualTo(299);
            assertThat(all).allSatisfy(r -> assertThat(numberOf(r)).isEqualTo(r.offset()));
        }
    }

    @Test
    void zeroFilledTailsAndUnreadableHeadersAreReported() throws Exception {
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            for (long i = 0; i < 100; i++) {
                spool.append(RecordKind.PACK_SAMPLE, A, i, payload(i));
            }
        }
        List<Path> files = segmentFiles(dir);
        Path last = files.get(files.size() - 1);
        Files.write(last, new byte[512], java.nio.file.StandardOpenOption.APPEND);
        flip(files.get(0), 3); // the first file's magic
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            assertThat(spool.damages()).hasSize(2);
            assertThat(spool.damages().get(0).reason()).contains("header unreadable");
            assertThat(spool.damages().get(1).reason()).isEqualTo("zero-filled tail");
            assertThat(Files.exists(files.get(0).resolveSibling(files.get(0).getFileName() + ".corrupt"))).isTrue();
            List<SpoolRecord> all = readAll(spool);
            assertThat(all.get(all.size() - 1).offset()).isEqualTo(99);
            assertThat(all.get(0).offset()).isEqualTo(SegmentFormat.baseOffsetOf(files.get(1).getFileName().toString()));
        }
    }

    @Test
    void whenFullTheOldestTelemetryGoesFirstAndEventsAreNeverDropped() throws Exception {
        SpoolConfig config = new SpoolConfig(dir, 8 * 4096, 4096, FsyncPolicy.never());
        List<Long> events = new ArrayList<>();
        try (Spool spool = Spool.open(config)) {
            for (long i = 0; i < 3000; i++) {
                RecordKind kind = i % 97 == 0 ? RecordKind.EVENT : RecordKind.PACK_SAMPLE;
                long offset = spool.append(kind, A, i, payload(i));
                assertThat(offset).isEqualTo(i);
                if (kind == RecordKind.EVENT) {
                    events.add(offset);
                }
                assertThat(spool.stats().diskBytes()).isLessThanOrEqualTo(config.maxBytes());
            }
            SpoolStats stats = spool.stats();
            assertThat(stats.droppedRecords()).isPositive();
            assertThat(stats.overBound()).isFalse();
            List<SpoolRecord> all = readAll(spool);
            assertThat(all.stream().filter(r -> r.kind() == RecordKind.EVENT).map(SpoolRecord::offset).toList())
                    .containsExactlyElementsOf(events);
            List<Long> telemetry = all.stream().filter(r -> r.kind() == RecordKind.PACK_SAMPLE)
                    .map(SpoolRecord::offset).toList();
            // What is left of the telemetry is the newest, without holes.
            assertThat(telemetry.get(telemetry.size() - 1)).isEqualTo(2999);
            long firstKept = telemetry.get(0);
            long expectedTelemetry = java.util.stream.LongStream.rangeClosed(firstKept, 2999)
                    .filter(o -> o % 97 != 0).count();
            assertThat(telemetry).hasSize((int) expectedTelemetry);
            assertThat(stats.heldRecords()).isEqualTo(all.size());
            assertThat(stats.droppedRecords()).isEqualTo(3000 - all.size());
        }
        try (Spool spool = Spool.open(config)) {
            assertThat(spool.damages()).isEmpty();
            assertThat(readAll(spool).stream().filter(r -> r.kind() == RecordKind.EVENT).map(SpoolRecord::offset)
                    .toList()).containsExactlyElementsOf(events);
        }
    }

    @Test
    void aSpoolFullOfEventsRefusesTelemetryButKeepsEvents() throws Exception {
        SpoolConfig config = new SpoolConfig(dir, 4 * 4096, 4096, FsyncPolicy.never());
        try (Spool spool = Spool.open(config)) {
            long i = 0;
            while (spool.stats().diskBytes() < config.maxBytes() - 200) {
                spool.append(RecordKind.EVIDENCE, A, i, payload(i));
                i++;
            }
            for (int k = 0; k < 10; k++) {
                spool.append(RecordKind.EVIDENCE, A, i, payload(i));
                i++;
            }
            assertThat(spool.stats().overBound()).isTrue();
            assertThat(spool.append(RecordKind.PACK_SAMPLE, A, i, payload(i))).isEqualTo(-1);
            assertThat(spool.stats().refusedRecords()).isEqualTo(1);
            assertThat(readAll(spool)).hasSize((int) i).allMatch(r -> r.kind() == RecordKind.EVIDENCE);
        }
    }

    @Test
    void acknowledgingWhileReadingDeletesOnlyDeliveredSegments() throws Exception {
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            Spool.Cursor cursor = spool.cursor();
            long expected = 0;
            for (long i = 0; i < 2000; i++) {
                spool.append(RecordKind.PACK_SAMPLE, A, i, payload(i));
                if (i % 7 == 0) {
                    for (SpoolRecord r : cursor.read(5, 1 << 20)) {
                        assertThat(r.offset()).isEqualTo(expected++);
                        spool.acknowledge(r.offset());
                    }
                }
            }
            for (SpoolRecord r : cursor.read(10_000, 1 << 30)) {
                assertThat(r.offset()).isEqualTo(expected++);
            }
            assertThat(expected).isEqualTo(2000);
            assertThat(spool.stats().heldRecords()).isEqualTo(2000 - 1 - spool.stats().acknowledgedUpTo());
        }
    }

    @Test
    void oneProcessPerFolder() throws Exception {
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            assertThatThrownBy(() -> Spool.open(small(FsyncPolicy.never()))).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another process");
        }
    }

    @Test
    void aTornCheckpointWriteFallsBackToThePreviousValue() throws Exception {
        Path file = dir.resolve("cp");
        try (CheckpointFile cp = new CheckpointFile(file, 8)) {
            assertThat(cp.read()).isNull();
            cp.write(ByteBuffer.allocate(8).putLong(0, 41), false);
            cp.write(ByteBuffer.allocate(8).putLong(0, 42), false);
        }
        try (CheckpointFile cp = new CheckpointFile(file, 8)) {
            assertThat(cp.read().getLong(0)).isEqualTo(42);
        }
        flip(file, 0); // slot 0 holds sequence 2, the newest
        try (CheckpointFile cp = new CheckpointFile(file, 8)) {
            assertThat(cp.read().getLong(0)).isEqualTo(41);
            cp.write(ByteBuffer.allocate(8).putLong(0, 43), false);
            assertThat(cp.read().getLong(0)).isEqualTo(43);
        }
    }

    @Test
    void refusesOversizedRecordsAndBadSettings() throws Exception {
        try (Spool spool = Spool.open(small(FsyncPolicy.never()))) {
            assertThatThrownBy(() -> spool.append(RecordKind.PACK_SAMPLE, A, 0, new byte[2000]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        }
        assertThatThrownBy(() -> new SpoolConfig(dir, 8192, 4096, FsyncPolicy.never()))
                .hasMessageContaining("at least four segments");
        assertThatThrownBy(() -> FsyncPolicy.parse("sometimes")).hasMessageContaining("not an fsync policy");
        assertThat(FsyncPolicy.parse("250ms")).isEqualTo(FsyncPolicy.every(Duration.ofMillis(250)));
        assertThat(FsyncPolicy.parse("2s")).isEqualTo(FsyncPolicy.every(Duration.ofSeconds(2)));
    }

    static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0x5A);
        }
    }
}
