package io.voltrace.edge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One segment file: records in increasing offset order, appended at the end. Not thread-safe: the {@link Spool}
 * serialises every call.
 */
final class Segment {
    final long baseOffset;
    final Path path;
    private FileChannel channel;
    /** Bytes of valid data: header and whole records. */
    long size;
    long firstOffset = -1;
    long lastOffset = -1;
    long records;
    long undroppable;
    long firstTimestamp = Long.MIN_VALUE;
    long lastTimestamp = Long.MIN_VALUE;
    private boolean deleted;
    /** Changes when the file is rewritten, so cursors holding a byte position know to look again. */
    int generation;
    boolean dirty;
    /** Offsets of the records when they are not one contiguous run (after a rewrite); null otherwise. */
    private long[] sparse;
    private int sparseCount;

    private Segment(long baseOffset, Path path, FileChannel channel) {
        this.baseOffset = baseOffset;
        this.path = path;
        this.channel = channel;
    }

    static Segment create(Path dir, long baseOffset, SegmentChannels channels) throws IOException {
        Path path = dir.resolve(SegmentFormat.fileName(baseOffset));
        FileChannel channel = channels.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channel.write(SegmentFormat.header(baseOffset), 0);
        Segment s = new Segment(baseOffset, path, channel);
        s.size = SegmentFormat.HEADER_BYTES;
        s.dirty = true;
        return s;
    }

    /** The result of opening an existing file: the segment (null if unusable) and any damage found. */
    record Opened(Segment segment, SpoolDamage damage) {
    }

    /**
     * Opens a file and checks every record; a bad record and everything after it are cut off. A file whose header is
     * unreadable is renamed {@code *.corrupt} and reported.
     */
    static Opened open(Path path, long baseOffset) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long fileSize = channel.size();
        if (fileSize < SegmentFormat.HEADER_BYTES) {
            // Created but never written: a crash right after a roll. Nothing was in it.
            channel.close();
            Files.delete(path);
            return new Opened(null, new SpoolDamage(path, 0, fileSize, 0,
                    "segment header incomplete (empty file removed)"));
        }
        ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_BYTES);
        readFully(channel, header, 0);
        header.flip();
        byte[] magic = new byte[SegmentFormat.MAGIC.length];
        header.get(magic);
        if (!Arrays.equals(magic, SegmentFormat.MAGIC) || header.getLong() != baseOffset) {
            channel.close();
            Path aside = path.resolveSibling(path.getFileName() + ".corrupt");
            Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
            return new Opened(null, new SpoolDamage(path, 0, fileSize, 0,
                    "segment header unreadable (set aside as " + aside.getFileName() + ")"));
        }
        Segment s = new Segment(baseOffset, path, channel);
        s.size = SegmentFormat.HEADER_BYTES;
        ByteBuffer recordHeader = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES);
        String[] why = new String[1];
        long position = SegmentFormat.HEADER_BYTES;
        while (position < fileSize) {
            String problem = null;
            SpoolRecord record = null;
            if (fileSize - position < SegmentFormat.RECORD_HEADER_BYTES) {
                problem = "partial record header (" + (fileSize - position) + " bytes)";
            } else {
                recordHeader.clear();
                readFully(channel, recordHeader, position);
                int length = recordHeader.getInt(0);
                int crc = recordHeader.getInt(4);
                if (length == 0 && crc == 0) {
                    problem = "zero-filled tail";
                } else if (length < SegmentFormat.BODY_FIXED_BYTES || length > (1 << 24)) {
                    problem = "impossible record length " + length;
                } else if (position + SegmentFormat.RECORD_HEADER_BYTES + length > fileSize) {
                    problem = "record of " + length + " bytes runs past the end of the file (torn write)";
                } else {
                    ByteBuffer body = ByteBuffer.allocate(length);
                    readFully(channel, body, position + SegmentFormat.RECORD_HEADER_BYTES);
                    body.flip();
                    if (SegmentFormat.crc(body) != crc) {
                        problem = "checksum mismatch";
                    } else {
                        record = SegmentFormat.decodeBody(body, why);
                        if (record == null) {
                            problem = why[0];
                        } else if (record.offset() < baseOffset || record.offset() <= s.lastOffset) {
                            problem = "offset " + record.offset() + " out of order after " + s.lastOffset;
                            record = null;
                        }
                    }
                }
            }
            if (problem != null) {
                long cut = fileSize - position;
                channel.truncate(position);
                channel.force(true);
                return new Opened(s, new SpoolDamage(path, position, cut, s.records, problem));
            }
            s.noteAppended(record.offset(), record.kind(), record.timestamp());
            position += record.storedBytes();
            s.size = position;
        }
        return new Opened(s, null);
    }

    /** Appends an encoded record; on failure the file is cut back so no partial record stays behind. */
    void append(ByteBuffer encoded, long offset, RecordKind kind, long timestamp) throws IOException {
        int length = encoded.remaining();
        try {
            long position = size;
            while (encoded.hasRemaining()) {
                position += channel.write(encoded, position);
            }
        } catch (IOException e) {
            try {
                channel.truncate(size);
            } catch (IOException ignored) {
                // The next open cuts the partial record anyway.
            }
            throw e;
        }
        size += length;
        dirty = true;
        noteAppended(offset, kind, timestamp);
    }

    private void noteAppended(long offset, RecordKind kind, long timestamp) {
        if (records == 0) {
            firstOffset = offset;
            firstTimestamp = timestamp;
        } else if (sparse == null && offset != lastOffset + 1) {
            sparse = new long[(int) Math.max(16, records * 2)];
            for (long o = firstOffset; o <= lastOffset; o++) {
                sparse[sparseCount++] = o;
            }
        }
        if (sparse != null) {
            if (sparseCount == sparse.length) {
                sparse = Arrays.copyOf(sparse, sparseCount * 2);
            }
            sparse[sparseCount++] = offset;
        }
        lastOffset = offset;
        lastTimestamp = timestamp;
        records++;
        if (!kind.droppable()) {
            undroppable++;
        }
    }

    /** Records with an offset above {@code acknowledged}. */
    long heldAbove(long acknowledged) {
        if (records == 0 || lastOffset <= acknowledged) {
            return 0;
        }
        if (sparse == null) {
            return lastOffset - Math.max(acknowledged + 1, firstOffset) + 1;
        }
        int i = Arrays.binarySearch(sparse, 0, sparseCount, acknowledged + 1);
        return sparseCount - (i >= 0 ? i : -i - 1);
    }

    /** The record at a byte position, or null at the end of the valid data. */
    SpoolRecord readAt(long position, ByteBuffer recordHeader) throws IOException {
        if (position >= size) {
            return null;
        }
        recordHeader.clear();
        readFully(channel, recordHeader, position);
        int length = recordHeader.getInt(0);
        int crc = recordHeader.getInt(4);
        if (length < SegmentFormat.BODY_FIXED_BYTES || position + SegmentFormat.RECORD_HEADER_BYTES + length > size) {
            throw new IOException(path.getFileName() + " at byte " + position + ": impossible record length "
                    + length + " (the file changed under the spool)");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body, position + SegmentFormat.RECORD_HEADER_BYTES);
        body.flip();
        if (SegmentFormat.crc(body) != crc) {
            throw new IOException(path.getFileName() + " at byte " + position + ": checksum mismatch");
        }
        String[] why = new String[1];
        SpoolRecord record = SegmentFormat.decodeBody(body, why);
        if (record == null) {
            throw new IOException(path.getFileName() + " at byte " + position + ": " + why[0]);
        }
        return record;
    }

    /** Byte position of the first record with an offset at or above {@code offset}, or {@link #size} if none. */
    long positionOf(long offset) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES + 8);
        long position = SegmentFormat.HEADER_BYTES;
        while (position < size) {
            head.clear();
            readFully(channel, head, position);
            if (head.getLong(SegmentFormat.RECORD_HEADER_BYTES) >= offset) {
                return position;
            }
            position += SegmentFormat.RECORD_HEADER_BYTES + head.getInt(0);
        }
        return size;
    }

    /**
     * Rewrites the file keeping only records that must never be dropped and are not yet acknowledged; returns the
     * number of records removed. The new file replaces the old one atomically, so a crash leaves one or the other.
     */
    long dropTelemetry(long acknowledged, boolean forceFiles) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        long removed = 0;
        long[] keptOffsets = new long[(int) Math.max(1, undroppable)];
        RecordKind[] keptKinds = new RecordKind[keptOffsets.length];
        long[] keptTimes = new long[keptOffsets.length];
        int kept = 0;
        long newSize = SegmentFormat.HEADER_BYTES;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(SegmentFormat.header(baseOffset), 0);
            ByteBuffer recordHeader = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES);
            long position = SegmentFormat.HEADER_BYTES;
            SpoolRecord r;
            while ((r = readAt(position, recordHeader)) != null) {
                position += r.storedBytes();
                if (r.kind().droppable() || r.offset() <= acknowledged) {
                    if (r.offset() > acknowledged) {
                        removed++;
                    }
                    continue;
                }
                ByteBuffer encoded = SegmentFormat.encode(r.offset(), r.kind(), SegmentFormat.keyBytes(r.key()),
                        r.timestamp(), r.payload());
                while (encoded.hasRemaining()) {
                    newSize += out.write(encoded, newSize);
                }
                keptOffsets[kept] = r.offset();
                keptKinds[kept] = r.kind();
                keptTimes[kept] = r.timestamp();
                kept++;
            }
            if (forceFiles) {
                out.force(true);
            }
        }
        channel.close();
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        size = newSize;
        records = 0;
        undroppable = 0;
        firstOffset = -1;
        lastOffset = -1;
        sparse = null;
        sparseCount = 0;
        for (int i = 0; i < kept; i++) {
            noteAppended(keptOffsets[i], keptKinds[i], keptTimes[i]);
        }
        if (kept > 0 && sparse == null) {
            // A rewritten segment is sparse by nature; record it as such even when the survivors happen to be a run.
            sparse = Arrays.copyOf(keptOffsets, kept);
            sparseCount = kept;
        }
        generation++;
        return removed;
    }

    void force() throws IOException {
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    void close() throws IOException {
        channel.close();
    }

    boolean deleted() {
        return deleted;
    }

    void delete() throws IOException {
        deleted = true;
        channel.close();
        Files.deleteIfExists(path);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position + into.position());
            if (n < 0) {
                break;
            }
        }
    }
}
