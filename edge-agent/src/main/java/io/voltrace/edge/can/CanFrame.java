package io.voltrace.edge.can;

import java.util.Arrays;

/**
 * One CAN or CAN FD data frame. The array is not copied, so producers can hand frames out cheaply: whoever creates a
 * frame must not change {@code data} afterwards. Equality compares the first {@code length} bytes.
 *
 * @param timestampMicros microseconds (since the epoch for live and {@code candump -L} sources, since the start of
 *                        the capture for relative timestamps), or -1 when unknown
 * @param id              11-bit id, or 29-bit id when {@code extended}; no flag bits
 * @param extended        29-bit identifier
 * @param fd              CAN FD frame (payload up to 64 bytes)
 * @param data            payload; at least {@code length} bytes
 * @param length          payload length in bytes: 0..8, or 0..64 for CAN FD
 */
public record CanFrame(long timestampMicros, int id, boolean extended, boolean fd, byte[] data, int length) {

    public static final int MAX_STANDARD_ID = 0x7FF;
    public static final int MAX_EXTENDED_ID = 0x1FFF_FFFF;
    public static final long NO_TIMESTAMP = -1;

    public CanFrame {
        if (timestampMicros < NO_TIMESTAMP) {
            throw new IllegalArgumentException("timestamp " + timestampMicros + " before the epoch");
        }
        if (id < 0 || id > (extended ? MAX_EXTENDED_ID : MAX_STANDARD_ID)) {
            throw new IllegalArgumentException("id 0x" + Integer.toHexString(id) + " out of range for a "
                    + (extended ? "29" : "11") + "-bit identifier");
        }
        if (data == null) {
            throw new IllegalArgumentException("data is null");
        }
        int max = fd ? 64 : 8;
        if (length < 0 || length > max || length > data.length) {
            throw new IllegalArgumentException("length " + length + " out of range 0.." + max
                    + (length > data.length ? " (array has " + data.length + " bytes)" : ""));
        }
    }

    /** A frame without a known time. */
    public static CanFrame of(int id, boolean extended, byte... data) {
        return new CanFrame(NO_TIMESTAMP, id, extended, data.length > 8, data, data.length);
    }

    /** Payload byte {@code i} as 0..255. */
    public int byteAt(int i) {
        if (i >= length) {
            throw new IndexOutOfBoundsException("byte " + i + " of a " + length + "-byte frame");
        }
        return data[i] & 0xFF;
    }

    /** A copy of the payload, exactly {@code length} bytes. */
    public byte[] payload() {
        return Arrays.copyOf(data, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanFrame f
                && timestampMicros == f.timestampMicros && id == f.id && extended == f.extended && fd == f.fd
                && length == f.length && Arrays.equals(data, 0, length, f.data, 0, f.length);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(timestampMicros) * 31 + id;
        h = h * 31 + (extended ? 1 : 0) + (fd ? 2 : 0);
        for (int i = 0; i < length; i++) {
            h = h * 31 + data[i];
        }
        return h;
    }

    /** {@code candump -L} style without the interface, e.g. {@code (1436509052.249713) 044#2A366C2BBA}. */
    @Override
    public String toString() {
        return CandumpFormat.format(this, null);
    }
}
