package io.voltrace.edge.can;

import java.nio.ByteBuffer;

/**
 * Reads the kernel's {@code struct can_frame} / {@code struct canfd_frame} as a raw CAN socket delivers them, without a
 * socket: the SocketCAN source hands its receive buffer here, tests hand crafted bytes.
 *
 * <p>Layout (linux/can.h, host byte order): {@code can_id} u32 with EFF/RTR/ERR flags in the top bits, {@code len}
 * u8, {@code flags} u8 (FD) or padding, two reserved bytes, then the payload from byte 8. A read of
 * {@value #CAN_MTU} bytes is a classic frame, {@value #CANFD_MTU} bytes a CAN FD frame.
 */
public final class SocketCanFrames {

    public static final int CAN_MTU = 16;
    public static final int CANFD_MTU = 72;
    private static final int DATA_OFFSET = 8;

    private SocketCanFrames() {
    }

    /**
     * The frame at the buffer's position, or null when it is not a data frame (error or remote frames, which the
     * agent does not use). The buffer's position and limit are left as they were.
     *
     * @param bytes           how many bytes the read returned: {@value #CAN_MTU} or {@value #CANFD_MTU}
     * @param timestampMicros the frame's time, epoch microseconds
     * @throws IllegalArgumentException when the bytes are not a frame the kernel would deliver
     */
    public static CanFrame fromKernel(ByteBuffer buffer, int bytes, long timestampMicros) {
        boolean fd;
        if (bytes == CAN_MTU) {
            fd = false;
        } else if (bytes == CANFD_MTU) {
            fd = true;
        } else {
            throw new IllegalArgumentException("read " + bytes + " bytes: neither a CAN frame (" + CAN_MTU
                    + ") nor a CAN FD frame (" + CANFD_MTU + ")");
        }
        int base = buffer.position();
        int rawId = buffer.getInt(base);
        if ((rawId & (KernelFilter.CAN_ERR_FLAG | KernelFilter.CAN_RTR_FLAG)) != 0) {
            return null;
        }
        int length = buffer.get(base + 4) & 0xFF;
        int max = fd ? 64 : 8;
        if (length > max) {
            throw new IllegalArgumentException("length " + length + " in a " + (fd ? "CAN FD" : "CAN") + " frame");
        }
        boolean extended = (rawId & KernelFilter.CAN_EFF_FLAG) != 0;
        int id = rawId & (extended ? KernelFilter.CAN_EFF_MASK : KernelFilter.CAN_SFF_MASK);
        byte[] data = new byte[length];
        buffer.get(base + DATA_OFFSET, data, 0, length);
        return new CanFrame(timestampMicros, id, extended, fd, data, length);
    }

    /**
     * The kernel's receive timestamp in epoch microseconds, or {@code receivedMicros} when the kernel gave none
     * (timestamping unsupported or switched off reads as zero).
     */
    public static long timestampMicros(long kernelSeconds, long kernelNanos, long receivedMicros) {
        if (kernelSeconds <= 0 && kernelNanos <= 0) {
            return receivedMicros;
        }
        return kernelSeconds * 1_000_000 + kernelNanos / 1_000;
    }
}
