package io.voltrace.edge.spool;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #16: a failed spool fsync was only logged, and the agent went on treating the spool as durable. Now the first
 * failed write or fsync latches the spool: new records are refused with the reason, the stats say so, what it held is
 * still readable, and a reopen on a working disk accepts records again.
 */
class SpoolWriteFailureTest {

    @TempDir
    Path dir;

    private static final byte[] PAYLOAD = new byte[1000];

    /** A 64-segment spool of 4 KiB segments under the test's folder. */
    private SpoolConfig smallSpool(FsyncPolicy fsync) {
        return new SpoolConfig(dir.resolve("spool"), 64 * 4096, 4096, fsync);
    }

    @Test
    void aFailedFsyncRefusesNewRecordsAndKeepsWhatWasHeld() throws IOException {
        FailingChannels channels = new FailingChannels();
        SpoolConfig config = smallSpool(FsyncPolicy.always());
        try (Spool spool = Spool.open(config, channels)) {
            long first = spool.append(RecordKind.PACK_SAMPLE, "B", 1, PAYLOAD);
            assertThat(spool.stats().durable()).isTrue();

            channels.failForce = true;
            assertThatThrownBy(() -> spool.append(RecordKind.PACK_SAMPLE, "B", 2, PAYLOAD))
                    .isInstanceOf(SpoolNotDurableException.class)
                    .hasMessageContaining(config.dir().toString())
                    .hasMessageContaining("restart the agent")
                    .hasRootCauseMessage("injected: fsync failed (EIO)");
            channels.failForce = false; // a later fsync that "succeeds" proves nothing: still refused
            assertThatThrownBy(() -> spool.append(RecordKind.EVIDENCE, "B", 3, PAYLOAD))
                    .isInstanceOf(SpoolNotDurableException.class);

            SpoolStats stats = spool.stats();
            assertThat(stats.durable()).isFalse();
            assertThat(stats.notDurable()).contains("fsync failed");
            assertThat(stats.refusedNotDurable()).isEqualTo(2);
            // What was accepted before stays deliverable (the record whose fsync failed was written, so it is read
            // too: delivering it is harmless, the ingest deduplicates).
            List<SpoolRecord> held = spool.cursor().read(100, 1 << 20);
            assertThat(held).extracting(SpoolRecord::offset).startsWith(first);
            spool.acknowledge(held.get(held.size() - 1).offset());
        }
        try (Spool reopened = Spool.open(config)) {
            assertThat(reopened.stats().durable()).isTrue();
            assertThat(reopened.append(RecordKind.PACK_SAMPLE, "B", 4, PAYLOAD)).isGreaterThan(0);
        }
    }

    @Test
    void aFailedWriteIsNotLeftHalfWrittenAndLatchesToo() throws IOException {
        FailingChannels channels = new FailingChannels();
        SpoolConfig config = smallSpool(FsyncPolicy.never());
        try (Spool spool = Spool.open(config, channels)) {
            spool.append(RecordKind.PACK_SAMPLE, "B", 1, PAYLOAD);
            channels.failWrite = true;
            assertThatThrownBy(() -> spool.append(RecordKind.PACK_SAMPLE, "B", 2, PAYLOAD))
                    .isInstanceOf(SpoolNotDurableException.class).hasMessageContaining("No space left");
            assertThat(spool.stats().durable()).isFalse();
            assertThat(spool.cursor().read(100, 1 << 20)).hasSize(1);
        }
    }

    @Test
    void aFailedBackgroundFsyncIsNoticedWithoutAnAppend() throws Exception {
        FailingChannels channels = new FailingChannels();
        SpoolConfig config = smallSpool(FsyncPolicy.every(Duration.ofMillis(20)));
        try (Spool spool = Spool.open(config, channels)) {
            spool.append(RecordKind.PACK_SAMPLE, "B", 1, PAYLOAD);
            channels.failForce = true;
            spool.append(RecordKind.PACK_SAMPLE, "B", 2, PAYLOAD); // written; its fsync comes later and fails
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (spool.stats().durable() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(spool.stats().notDurable()).contains("an fsync in the spool");
            assertThatThrownBy(() -> spool.append(RecordKind.PACK_SAMPLE, "B", 3, PAYLOAD))
                    .isInstanceOf(SpoolNotDurableException.class);
        }
    }

    /**
     * A genuinely full file system: a 1 MiB tmpfs. Needs root and a kernel that lets this process mount; elsewhere
     * the test is skipped with a notice (the injected-channel tests above always run).
     */
    @Test
    void aFullFileSystemIsRefusedWithItsReason() throws Exception {
        Path mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()) == 0;
        Assumptions.assumeTrue(mounted, "skipped: cannot mount a 1 MiB tmpfs here (needs root and mount rights);"
                + " the injected-failure tests cover the logic");
        try {
            SpoolConfig config = new SpoolConfig(mount.resolve("spool"), 64L << 20, 64 << 10, FsyncPolicy.always());
            long accepted = 0;
            SpoolNotDurableException refused = null;
            try (Spool spool = Spool.open(config)) {
                for (int i = 0; i < 10_000 && refused == null; i++) {
                    try {
                        spool.append(RecordKind.PACK_SAMPLE, "B", i, PAYLOAD);
                        accepted++;
                    } catch (SpoolNotDurableException e) {
                        refused = e;
                    }
                }
                assertThat(refused).as("a 1 MiB file system must fill").isNotNull();
                assertThat(refused).hasMessageContaining("No space left on device")
                        .hasMessageContaining("free space on that file system");
                assertThat(spool.stats().durable()).isFalse();
                assertThatThrownBy(() -> spool.append(RecordKind.EVIDENCE, "B", 0, new byte[10]))
                        .isInstanceOf(SpoolNotDurableException.class);
                long readable = 0;
                Spool.Cursor cursor = spool.cursor();
                for (List<SpoolRecord> batch; !(batch = cursor.read(500, 1 << 20)).isEmpty(); ) {
                    readable += batch.size();
                }
                assertThat(readable).isEqualTo(accepted);
            } catch (IOException closeOnAFullDisk) {
                // close() may fail to write the checkpoint on the full file system; the records were counted above
            }
            try (Spool reopened = Spool.open(config)) {
                assertThat(reopened.stats().heldRecords()).isEqualTo(accepted);
            }
        } finally {
            // Lazy: detaches even while a descriptor is still being closed, so the temporary folder can go.
            assertThat(run("umount", "-l", mount.toString())).as("umount " + mount).isZero();
        }
    }

    private static int run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Segment channels that fail their fsync or writes on demand, like a failing or full disk. */
    static final class FailingChannels implements SegmentChannels {
        volatile boolean failForce;
        volatile boolean failWrite;

        @Override
        public FileChannel open(Path path, java.nio.file.OpenOption... options) throws IOException {
            return new Failing(FileChannel.open(path, options));
        }

        final class Failing extends FileChannel {
            private final FileChannel real;

            Failing(FileChannel real) {
                this.real = real;
            }

            /** Every write goes through here: a failing disk fails them all, gathering writes included. */
            private void writing() throws IOException {
                if (failWrite) {
                    throw new IOException("injected: No space left on device");
                }
            }

            @Override
            public void force(boolean metaData) throws IOException {
                if (failForce) {
                    throw new IOException("injected: fsync failed (EIO)");
                }
                real.force(metaData);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                writing();
                return real.write(src, position);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                writing();
                return real.write(src);
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return real.read(dst);
            }

            @Override
            public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
                return real.read(dsts, offset, length);
            }

            @Override
            public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
                writing();
                return real.write(srcs, offset, length);
            }

            @Override
            public long position() throws IOException {
                return real.position();
            }

            @Override
            public FileChannel position(long newPosition) throws IOException {
                real.position(newPosition);
                return this;
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public FileChannel truncate(long size) throws IOException {
                real.truncate(size);
                return this;
            }

            @Override
            public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
                return real.transferTo(position, count, target);
            }

            @Override
            public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
                writing();
                return real.transferFrom(src, position, count);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return real.read(dst, position);
            }

            @Override
            public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
                return real.map(mode, position, size);
            }

            @Override
            public FileLock lock(long position, long size, boolean shared) throws IOException {
                return real.lock(position, size, shared);
            }

            @Override
            public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                return real.tryLock(position, size, shared);
            }

            @Override
            protected void implCloseChannel() throws IOException {
                real.close();
            }
        }
    }
}
