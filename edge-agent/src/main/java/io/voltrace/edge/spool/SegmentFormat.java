package io.voltrace.edge.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of a segment file, all integers big-endian:
 *
 * <pre>
 * header  (16 bytes): "VTSPOOL" version=1, base offset (8)
 * record:  body length (4), CRC32C of the body (4), body:
 *          offset (8), timestamp ms (8), kind (1), key length (1), key (UTF-8), payload
 * </pre>
 *
 * The checksum covers the whole body, so a torn write, a zeroed block or a flipped bit all show as a mismatch or an
 * impossible length.
 */
final class SegmentFormat {
    static final byte[] MAGIC = {'V', 'T', 'S', 'P', 'O', 'O', 'L', 1};
    static final int HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 8;
    static final int BODY_FIXED_BYTES = 8 + 8 + 1 + 1;
    static final int MAX_KEY_BYTES = 255;
    static final String SUFFIX = ".seg";

    private SegmentFormat() {
    }

    static String fileName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SUFFIX);
    }

    /** The base offset named by a segment file name, or -1 when the name is not a segment's. */
    static long baseOffsetOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static ByteBuffer header(long baseOffset) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.put(MAGIC).putLong(baseOffset).flip();
        return b;
    }

    static int storedBytes(String key, int payloadBytes) {
        return RECORD_HEADER_BYTES + BODY_FIXED_BYTES + keyBytes(key).length + payloadBytes;
    }

    static byte[] keyBytes(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("spool key '" + key + "' is longer than " + MAX_KEY_BYTES + " bytes");
        }
        return k;
    }

    /** One record, ready to write. */
    static ByteBuffer encode(long offset, RecordKind kind, byte[] key, long timestamp, byte[] payload) {
        int bodyLength = BODY_FIXED_BYTES + key.length + payload.length;
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES + bodyLength);
        b.putInt(bodyLength).putInt(0);
        b.putLong(offset).putLong(timestamp).put((byte) kind.code()).put((byte) key.length).put(key).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), RECORD_HEADER_BYTES, bodyLength);
        b.putInt(4, (int) crc.getValue());
        b.flip();
        return b;
    }

    static int crc(ByteBuffer body) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    /** Decodes a checked body; returns null with the reason in {@code why[0]} when its fields are impossible. */
    static SpoolRecord decodeBody(ByteBuffer body, String[] why) {
        long offset = body.getLong();
        long timestamp = body.getLong();
        RecordKind kind = RecordKind.ofCode(body.get() & 0xFF);
        int keyLength = body.get() & 0xFF;
        if (kind == null) {
            why[0] = "unknown record kind " + (body.get(16) & 0xFF);
            return null;
        }
        if (keyLength > body.remaining()) {
            why[0] = "key length " + keyLength + " runs past the record";
            return null;
        }
        byte[] key = new byte[keyLength];
        body.get(key);
        byte[] payload = new byte[body.remaining()];
        body.get(payload);
        return new SpoolRecord(offset, kind, new String(key, StandardCharsets.UTF_8), timestamp, payload);
    }
}
