package io.voltrace.edge.diag;

import io.voltrace.edge.can.CanFrame;
import java.util.Locale;

/**
 * One direction of an ISO 15765-2 connection as it appears on the bus: the CAN id (11- or 29-bit) and, for
 * extended addressing, the address byte that opens every frame before the protocol control information.
 *
 * @param id          CAN id
 * @param extendedId  29-bit id
 * @param addressByte the extended-addressing byte (0..255), or -1 for normal addressing
 */
public record IsoTpAddress(int id, boolean extendedId, int addressByte) {

    public static final int NORMAL = -1;

    public IsoTpAddress {
        if (id < 0 || id > (extendedId ? CanFrame.MAX_EXTENDED_ID : CanFrame.MAX_STANDARD_ID)) {
            throw new IllegalArgumentException("CAN id 0x" + Integer.toHexString(id) + " out of range for a "
                    + (extendedId ? "29" : "11") + "-bit id");
        }
        if (addressByte < NORMAL || addressByte > 0xFF) {
            throw new IllegalArgumentException("address byte " + addressByte + " out of range 0..255");
        }
    }

    /** Normal addressing with an 11-bit id. */
    public static IsoTpAddress of(int id) {
        return new IsoTpAddress(id, false, NORMAL);
    }

    /** Whether the frame belongs to this address (id, id width and, with extended addressing, the first byte). */
    public boolean matches(CanFrame f) {
        if (f.id() != id || f.extended() != extendedId) {
            return false;
        }
        return addressByte == NORMAL || (f.length() > 0 && (f.data()[0] & 0xFF) == addressByte);
    }

    /** Index of the protocol control byte: 0, or 1 after the address byte. */
    public int pciOffset() {
        return addressByte == NORMAL ? 0 : 1;
    }

    /** E.g. {@code 0x7BB}, {@code 0x18DAF1DB}, {@code 0x6F1/0x12}. */
    @Override
    public String toString() {
        String s = "0x" + Integer.toHexString(id).toUpperCase(Locale.ROOT);
        return addressByte == NORMAL ? s : s + "/0x" + String.format(Locale.ROOT, "%02X", addressByte);
    }
}
