package io.voltrace.edge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's durable queue between decoding and publishing: append-only segment files with a CRC32C per record.
 * Records get increasing offsets; a {@link Cursor} replays them in offset order (so in order per battery), and
 * {@link #acknowledge} marks everything up to an offset as delivered. Segments whose records are all acknowledged are
 * deleted; the acknowledged offset is kept in a {@link CheckpointFile}, so a restart resends at most what was in
 * flight (receivers deduplicate).
 *
 * <p>On opening, every segment is checked; a torn or corrupt tail is cut, reported in {@link #damages()} and logged,
 * and every record before it is kept. When the files would grow past the configured bound, the oldest telemetry is
 * dropped a segment at a time (segments holding evidence or events are rewritten without their telemetry); evidence
 * and events are never dropped, and what was dropped is counted and logged.
 *
 * <p>Thread-safe: one thread appends, another reads through a cursor and acknowledges.
 */
public final class Spool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final String ACK_FILE = "acknowledged";
    static final String LOCK_FILE = "lock";

    private final SpoolConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Segment> segments = new ArrayList<>();
    private final CheckpointFile ackFile;
    private final List<SpoolDamage> damages;
    private final Thread syncer;
    private Segment active;
    private long nextOffset;
    private long acknowledged = -1;
    private boolean ackDirty;
    private long diskBytes;
    private long appended;
    private long droppedRecords;
    private long droppedBytes;
    private long refusedRecords;
    private long corruptSkipped;
    private boolean overBound;
    private boolean closed;
    private final SegmentChannels channels;
    /** Set by the first failed write or fsync; from then on appends are refused (see {@link #append}). */
    private String notDurable;
    private long refusedNotDurable;

    private Spool(SpoolConfig config, FileChannel lockChannel, FileLock lock, CheckpointFile ackFile,
                  List<SpoolDamage> damages, SegmentChannels channels) {
        this.config = config;
        this.channels = channels;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.ackFile = ackFile;
        this.damages = List.copyOf(damages);
        if (config.fsync().mode() == FsyncPolicy.Mode.INTERVAL) {
            syncer = new Thread(this::syncLoop, "spool-fsync");
            syncer.setDaemon(true);
        } else {
            syncer = null;
        }
    }

    /**
     * Opens (or creates) the spool in {@code config.dir()}, checking every record.
     *
     * @throws IOException when the folder cannot be used, or another process holds it
     */
    public static Spool open(SpoolConfig config) throws IOException {
        return open(config, SegmentChannels.DEFAULT);
    }

    static Spool open(SpoolConfig config, SegmentChannels channels) throws IOException {
        Path dir = config.dir();
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("spool folder " + dir + " is in use by another process (its lock file is held)");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            for (Path p : listing) {
                String name = p.getFileName().toString();
                if (name.endsWith(SegmentFormat.SUFFIX + ".tmp")) {
                    Files.delete(p); // an interrupted rewrite; the segment it would have replaced is intact
                } else if (SegmentFormat.baseOffsetOf(name) >= 0) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> Long.compare(SegmentFormat.baseOffsetOf(a.getFileName().toString()),
                SegmentFormat.baseOffsetOf(b.getFileName().toString())));
        List<SpoolDamage> damages = new ArrayList<>();
        List<Segment> opened = new ArrayList<>();
        long highestBase = -1;
        for (Path file : files) {
            long base = SegmentFormat.baseOffsetOf(file.getFileName().toString());
            highestBase = Math.max(highestBase, base);
            Segment.Opened o = Segment.open(file, base);
            if (o.damage() != null) {
                damages.add(o.damage());
            }
            if (o.segment() != null) {
                opened.add(o.segment());
            }
        }
        CheckpointFile ackFile = new CheckpointFile(dir.resolve(ACK_FILE), 8);
        Spool spool = new Spool(config, lockChannel, lock, ackFile, damages, channels);
        ByteBuffer ack = ackFile.read();
        if (ack != null) {
            spool.acknowledged = ack.getLong(0);
        }
        spool.segments.addAll(opened);
        long next = Math.max(0, spool.acknowledged + 1);
        next = Math.max(next, highestBase);
        for (Segment s : opened) {
            spool.diskBytes += s.size;
            if (s.records > 0) {
                next = Math.max(next, s.lastOffset + 1);
            }
        }
        spool.nextOffset = next;
        Segment last = opened.isEmpty() ? null : opened.get(opened.size() - 1);
        if (last != null && last.size < config.segmentBytes() && (last.records == 0 || last.lastOffset < next)) {
            spool.active = last;
        } else {
            spool.roll();
        }
        spool.deleteAcknowledgedSegments();
        for (SpoolDamage d : damages) {
            LOG.warn("spool damage found and repaired: {}", d);
        }
        SpoolStats stats = spool.stats();
        LOG.info("spool opened dir={} held={} records ({}) segments={} nextOffset={} acknowledgedUpTo={} fsync={}",
                dir, stats.heldRecords(), bytes(stats.diskBytes()), stats.segments(), stats.nextOffset(),
                stats.acknowledgedUpTo(), config.fsync());
        if (spool.syncer != null) {
            spool.syncer.start();
        }
        return spool;
    }

    /**
     * Appends a record. Returns its offset, or -1 when it is telemetry and the spool is full of records that may not
     * be dropped (counted in {@link SpoolStats#refusedRecords()}).
     *
     * @throws IllegalArgumentException when the payload is larger than {@link SpoolConfig#maxPayloadBytes()}
     * @throws SpoolNotDurableException when this or an earlier write or fsync of the spool failed (full or failing
     *                                  disk): the record is not kept, and no record is until the agent restarts
     * @throws IOException              when the spool is closed
     */
    public synchronized long append(RecordKind kind, String key, long timestamp, byte[] payload) throws IOException {
        ensureOpen();
        if (payload.length > config.maxPayloadBytes()) {
            throw new IllegalArgumentException("record of " + payload.length + " bytes exceeds the spool's limit of "
                    + config.maxPayloadBytes() + " bytes per record");
        }
        if (notDurable != null) {
            refusedNotDurable++;
            throw new SpoolNotDurableException(notDurable, null);
        }
        try {
            return appendToDisk(kind, key, timestamp, payload);
        } catch (IOException e) {
            refusedNotDurable++;
            throw new SpoolNotDurableException(failed("writing or forcing a record", e), e);
        }
    }

    private long appendToDisk(RecordKind kind, String key, long timestamp, byte[] payload) throws IOException {
        byte[] keyBytes = SegmentFormat.keyBytes(key);
        int stored = SegmentFormat.storedBytes(key, payload.length);
        if (!ensureRoom(kind, stored)) {
            return -1;
        }
        if (active.records > 0 && active.size + stored > config.segmentBytes()) {
            roll();
        }
        long offset = nextOffset;
        active.append(SegmentFormat.encode(offset, kind, keyBytes, timestamp, payload), offset, kind, timestamp);
        nextOffset++;
        appended++;
        diskBytes += stored;
        if (config.fsync().mode() == FsyncPolicy.Mode.ALWAYS) {
            active.force();
        }
        notifyAll();
        return offset;
    }

    /**
     * Marks every record up to and including {@code offset} as delivered. Segments left with nothing undelivered are
     * deleted. Acknowledging an offset at or below the current mark changes nothing.
     */
    public synchronized void acknowledge(long offset) throws IOException {
        ensureOpen();
        long upTo = Math.min(offset, nextOffset - 1);
        if (upTo <= acknowledged) {
            return;
        }
        acknowledged = upTo;
        try {
            writeAck(config.fsync().mode() == FsyncPolicy.Mode.ALWAYS);
            deleteAcknowledgedSegments();
        } catch (IOException e) {
            throw new SpoolNotDurableException(failed("writing the acknowledged offset", e), e);
        }
    }

    /** A reader from the first unacknowledged record. Each cursor keeps its own position. */
    public synchronized Cursor cursor() {
        return new Cursor(acknowledged + 1);
    }

    /**
     * Waits until a record at or after {@code offset} exists, or the timeout passes.
     *
     * @return whether such a record exists
     */
    public synchronized boolean awaitRecord(long offset, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (nextOffset <= offset && !closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return nextOffset > offset;
    }

    public synchronized SpoolStats stats() {
        long held = 0;
        for (Segment s : segments) {
            held += s.heldAbove(acknowledged);
        }
        return new SpoolStats(held, diskBytes, segments.size(), appended, acknowledged, nextOffset, droppedRecords,
                droppedBytes, refusedRecords, overBound, notDurable, refusedNotDurable);
    }

    /** Damage found and repaired when the spool was opened; empty when every file was intact. */
    public List<SpoolDamage> damages() {
        return damages;
    }

    /** Records skipped because their file was found corrupt while reading (after opening). */
    public synchronized long corruptSkipped() {
        return corruptSkipped;
    }

    public SpoolConfig config() {
        return config;
    }

    /** Forces appended records and the acknowledged offset to the device now, whatever the policy. */
    public synchronized void sync() throws IOException {
        ensureOpen();
        try {
            forceAll();
        } catch (IOException e) {
            throw new SpoolNotDurableException(failed("an fsync", e), e);
        }
    }

    /**
     * Latches the spool as not durable. After a failed fsync Linux may drop the dirty pages and report the next fsync
     * as a success, so a retry proves nothing: only reopening (which checks every record's CRC) may trust the files
     * again. Records already held stay readable and are still delivered.
     */
    private String failed(String what, IOException e) {
        if (notDurable == null) {
            notDurable = what + " in the spool " + config.dir() + " failed (" + e + "): new records are refused, those"
                    + " already held are still delivered; free space on that file system or replace the storage, then"
                    + " restart the agent";
            LOG.error("spool NOT DURABLE: {}", notDurable);
        }
        return notDurable;
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        if (syncer != null) {
            syncer.interrupt();
            try {
                syncer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                if (notDurable == null) { // after a failed write or fsync, another fsync proves nothing
                    forceAll();
                }
            } finally {
                for (Segment s : segments) {
                    s.close();
                }
                ackFile.close();
                lock.release();
                lockChannel.close();
            }
        }
    }

    /** A reader over the spool in offset order. Not thread-safe: one reader per cursor. */
    public final class Cursor {
        private final ByteBuffer recordHeader = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES);
        private long next;
        private Segment segment;
        private int generation;
        private long position;

        private Cursor(long next) {
            this.next = next;
        }

        /** The offset the next record read will have at least. */
        public long nextOffset() {
            synchronized (Spool.this) {
                return next;
            }
        }

        /**
         * Up to {@code maxRecords} records (and about {@code maxBytes}), oldest first, starting where the last read
         * ended; empty when the cursor has reached the newest record.
         */
        public List<SpoolRecord> read(int maxRecords, long maxBytes) throws IOException {
            synchronized (Spool.this) {
                ensureOpen();
                List<SpoolRecord> out = new ArrayList<>(Math.min(maxRecords, 64));
                long bytes = 0;
                while (out.size() < maxRecords && bytes < maxBytes) {
                    if (!positioned() && !locate()) {
                        break;
                    }
                    SpoolRecord r;
                    try {
                        r = segment.readAt(position, recordHeader);
                    } catch (IOException e) {
                        skipCorrupt(e);
                        continue;
                    }
                    if (r == null) {
                        if (segment == active) {
                            break;
                        }
                        segment = null; // on to the next segment
                        continue;
                    }
                    position += r.storedBytes();
                    if (r.offset() < next) {
                        continue;
                    }
                    out.add(r);
                    bytes += r.storedBytes();
                    next = r.offset() + 1;
                }
                return out;
            }
        }

        private boolean positioned() {
            return segment != null && !segment.deleted() && segment.generation == generation && position > 0;
        }

        /** Finds the segment holding {@code next} (or the first after it) and the byte position in it. */
        private boolean locate() throws IOException {
            for (Segment s : segments) {
                if (s.records > 0 && s.lastOffset >= next) {
                    segment = s;
                    generation = s.generation;
                    position = s.positionOf(next);
                    return true;
                }
            }
            segment = null;
            return false;
        }

        private void skipCorrupt(IOException e) {
            long skipped = segment.lastOffset - next + 1;
            corruptSkipped += Math.max(0, skipped);
            LOG.error("spool segment {} is corrupt ({}); skipping its remaining {} records", segment.path, e.getMessage(),
                    skipped);
            next = segment.lastOffset + 1;
            segment = null;
        }
    }

    // ---- internals, all called with the monitor held ----

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("spool " + config.dir() + " is closed");
        }
    }

    private void roll() throws IOException {
        if (active != null && config.fsync().mode() != FsyncPolicy.Mode.NEVER) {
            active.force();
        }
        Segment s = Segment.create(config.dir(), nextOffset, channels);
        segments.add(s);
        diskBytes += s.size;
        active = s;
        if (config.fsync().mode() != FsyncPolicy.Mode.NEVER) {
            s.force();
            forceDirectory();
        }
    }

    private boolean ensureRoom(RecordKind kind, int need) throws IOException {
        if (diskBytes + need <= config.maxBytes()) {
            overBound = false;
            return true;
        }
        deleteAcknowledgedSegments();
        long droppedNow = 0;
        long bytesNow = 0;
        long fromTs = Long.MAX_VALUE;
        long toTs = Long.MIN_VALUE;
        while (diskBytes + need > config.maxBytes()) {
            Segment victim = null;
            for (Segment s : segments) {
                if (s != active && s.records > s.undroppable) {
                    victim = s;
                    break;
                }
            }
            if (victim == null) {
                if (active.records > active.undroppable && segments.size() > 0 && active.records > 0) {
                    roll();
                    continue;
                }
                break;
            }
            fromTs = Math.min(fromTs, victim.firstTimestamp);
            toTs = Math.max(toTs, victim.lastTimestamp);
            long before = victim.size;
            long removed;
            if (victim.undroppable == 0) {
                removed = victim.heldAbove(acknowledged);
                victim.delete();
                segments.remove(victim);
                diskBytes -= before;
            } else {
                removed = victim.dropTelemetry(acknowledged, config.fsync().mode() != FsyncPolicy.Mode.NEVER);
                diskBytes -= before - victim.size;
            }
            droppedNow += removed;
            bytesNow += before - (segments.contains(victim) ? victim.size : 0);
        }
        if (droppedNow > 0) {
            droppedRecords += droppedNow;
            droppedBytes += bytesNow;
            LOG.warn("spool full ({} of {}): dropped the {} oldest telemetry records, taken {} .. {}; {} dropped "
                            + "since start", bytes(diskBytes), bytes(config.maxBytes()), droppedNow, time(fromTs),
                    time(toTs), droppedRecords);
        }
        if (diskBytes + need <= config.maxBytes()) {
            overBound = false;
            return true;
        }
        if (kind.droppable()) {
            if (refusedRecords++ % 1000 == 0) {
                LOG.warn("spool full of evidence and events ({}): refusing new telemetry, {} refused so far",
                        bytes(diskBytes), refusedRecords);
            }
            return false;
        }
        if (!overBound) {
            LOG.warn("spool over its bound ({} of {}): keeping a new {} record anyway, evidence and events are "
                    + "never dropped", bytes(diskBytes), bytes(config.maxBytes()), kind);
        }
        overBound = true;
        return true;
    }

    private void deleteAcknowledgedSegments() throws IOException {
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s != active && (s.records == 0 || s.lastOffset <= acknowledged)) {
                diskBytes -= s.size;
                s.delete();
                segments.remove(i--);
            }
        }
    }

    private void writeAck(boolean force) throws IOException {
        ackFile.write(ByteBuffer.allocate(8).putLong(0, acknowledged), force);
        ackDirty = !force;
    }

    private void forceAll() throws IOException {
        if (active != null) {
            active.force();
        }
        if (ackDirty) {
            writeAck(true);
        }
    }

    private void forceDirectory() {
        // Makes a new segment's directory entry durable; not every file system allows opening a directory.
        try (FileChannel dir = FileChannel.open(config.dir(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot force directory {}: {}", config.dir(), e.toString());
        }
    }

    private void syncLoop() {
        long intervalMillis = config.fsync().interval().toMillis();
        while (true) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    if (notDurable == null) {
                        forceAll();
                    }
                } catch (IOException e) {
                    failed("an fsync", e);
                }
            }
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    private static String time(long epochMillis) {
        return epochMillis == Long.MAX_VALUE || epochMillis == Long.MIN_VALUE ? "?"
                : Instant.ofEpochMilli(epochMillis).toString();
    }
}
