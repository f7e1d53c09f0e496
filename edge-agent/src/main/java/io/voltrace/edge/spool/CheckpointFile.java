package io.voltrace.edge.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A small value kept durably in place: two slots written alternately, each with a sequence number and a CRC32C, so
 * a write torn by a crash spoils at most the slot being written and the other still holds the previous value.
 * Cheap enough to write on every acknowledgement (one positional write, forced only when asked).
 */
public final class CheckpointFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final int valueBytes;
    private final int slotBytes;
    private long sequence;

    /** Opens or creates the file; {@code valueBytes} must be the same every time for the same file. */
    public CheckpointFile(Path path, int valueBytes) throws IOException {
        this.path = path;
        this.valueBytes = valueBytes;
        this.slotBytes = 8 + valueBytes + 4;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    /** The newest intact value, or null when neither slot holds one (a new file, or both damaged). */
    public ByteBuffer read() throws IOException {
        ByteBuffer best = null;
        long bestSequence = -1;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(slotBytes);
            while (b.hasRemaining() && channel.read(b, (long) slot * slotBytes + b.position()) > 0) {
                // keep reading
            }
            if (b.hasRemaining()) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, slotBytes - 4);
            long seq = b.getLong(0);
            if ((int) crc.getValue() == b.getInt(slotBytes - 4) && seq > bestSequence) {
                bestSequence = seq;
                best = ByteBuffer.wrap(b.array(), 8, valueBytes).slice();
            }
        }
        if (bestSequence >= 0) {
            sequence = bestSequence;
        }
        return best;
    }

    /** Writes a value to the older slot; {@code force} makes it durable against a power cut before returning. */
    public void write(ByteBuffer value, boolean force) throws IOException {
        if (value.remaining() != valueBytes) {
            throw new IllegalArgumentException("checkpoint value must be " + valueBytes + " bytes");
        }
        sequence++;
        ByteBuffer b = ByteBuffer.allocate(slotBytes);
        b.putLong(sequence).put(value.duplicate());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, slotBytes - 4);
        b.putInt((int) crc.getValue()).flip();
        long position = (sequence % 2) * slotBytes;
        while (b.hasRemaining()) {
            position += channel.write(b, position);
        }
        if (force) {
            channel.force(false);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
