package io.voltrace.edge.diag;

import io.voltrace.edge.can.CanFrame;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reassembles ISO 15765-2 messages arriving on one address: single frames, and first frame + consecutive frames,
 * with 12-bit and 32-bit (escape) lengths, classic CAN and CAN FD frames. Given a flow-control sink it answers each
 * first frame (and each block of {@code blockSize} consecutive frames) with "continue to send", as a tester must;
 * without one it only listens, as when reading a log.
 *
 * <p>Malformed frames, a consecutive frame out of sequence or without a first frame, a first frame that interrupts
 * a message, and a gap longer than {@code N_Cr} between consecutive frames are reported to the listener with the
 * reason, and the message in progress is dropped. Not thread-safe: one reader.
 */
public final class IsoTpReceiver {

    /** ISO 15765-2 N_Cr: the longest wait for the next consecutive frame. */
    public static final long N_CR_MICROS = 1_000_000;
    /** The largest message accepted; a first frame announcing more is refused (flow status overflow). */
    public static final int MAX_MESSAGE = 4095 * 4;

    /** What the receiver hands on. */
    public interface Listener {
        /** A complete message; {@code t} is the time of its last frame (microseconds, or -1). */
        void message(long t, IsoTpAddress from, byte[] payload);

        /** A frame or sequence that could not be used, and why. */
        void error(long t, IsoTpAddress from, String reason);
    }

    private final IsoTpAddress rx;
    private final IsoTpAddress flowControlTx;
    private final Consumer<CanFrame> flowControl;
    private final int blockSize;
    private final int separationTimeMillis;
    private final Listener listener;

    private byte[] buffer;
    private int expected;
    private int received;
    private int nextSequence;
    private int inBlock;
    private long lastFrameMicros = -1;
    /** After a broken sequence: its remaining consecutive frames are dropped without a report each. */
    private boolean skipping;
    private long skippedFrames;
    private long messages;
    private long errors;

    /**
     * @param rx                   where the messages arrive
     * @param flowControlTx        where flow control goes (the peer's receive address), or null to listen only
     * @param flowControl          sends a flow-control frame, or null to listen only
     * @param blockSize            consecutive frames before the next flow control; 0 = all at once
     * @param separationTimeMillis the gap asked of the sender between consecutive frames, 0..127 ms
     */
    public IsoTpReceiver(IsoTpAddress rx, IsoTpAddress flowControlTx, Consumer<CanFrame> flowControl, int blockSize,
                         int separationTimeMillis, Listener listener) {
        if (blockSize < 0 || blockSize > 255) {
            throw new IllegalArgumentException("block size " + blockSize + " out of range 0..255");
        }
        if (separationTimeMillis < 0 || separationTimeMillis > 127) {
            throw new IllegalArgumentException("separation time " + separationTimeMillis + " ms out of range 0..127");
        }
        if ((flowControl == null) != (flowControlTx == null)) {
            throw new IllegalArgumentException("flow control needs both an address and a sink, or neither");
        }
        this.rx = rx;
        this.flowControlTx = flowControlTx;
        this.flowControl = flowControl;
        this.blockSize = blockSize;
        this.separationTimeMillis = separationTimeMillis;
        this.listener = listener;
    }

    /** A receiver that only listens (no flow control), as for a log. */
    public static IsoTpReceiver listening(IsoTpAddress rx, Listener listener) {
        return new IsoTpReceiver(rx, null, null, 0, 0, listener);
    }

    public IsoTpAddress address() {
        return rx;
    }

    /** Feeds one frame; frames of other addresses are ignored. */
    public void accept(CanFrame f) {
        if (!rx.matches(f)) {
            return;
        }
        long t = f.timestampMicros();
        int p = rx.pciOffset();
        if (f.length() <= p) {
            error(t, "empty frame");
            return;
        }
        byte[] d = f.data();
        int pci = d[p] & 0xFF;
        switch (pci >> 4) {
            case 0 -> single(t, f, p, pci);
            case 1 -> first(t, f, p, pci);
            case 2 -> consecutive(t, f, p, pci & 0x0F);
            case 3 -> { } // flow control for a message we send: the transmitter's business
            default -> error(t, "unknown frame type 0x" + Integer.toHexString(pci >> 4) + " (PCI byte 0x"
                    + Integer.toHexString(pci) + ")");
        }
    }

    private void single(long t, CanFrame f, int p, int pci) {
        skipping = false;
        interruptIfBusy(t, "single frame");
        int len = pci & 0x0F;
        int start = p + 1;
        if (len == 0 && f.length() > 8) { // CAN FD escape: the length is in the next byte
            if (f.length() <= p + 1) {
                error(t, "CAN FD single frame without its length byte");
                return;
            }
            len = f.data()[p + 1] & 0xFF;
            start = p + 2;
        }
        if (len == 0 || start + len > f.length()) {
            error(t, "single frame announces " + len + " bytes but carries " + Math.max(0, f.length() - start));
            return;
        }
        deliver(t, Arrays.copyOfRange(f.data(), start, start + len));
    }

    private void first(long t, CanFrame f, int p, int pci) {
        skipping = false;
        interruptIfBusy(t, "first frame");
        byte[] d = f.data();
        if (f.length() < p + 2) {
            error(t, "first frame too short");
            return;
        }
        long len = ((pci & 0x0F) << 8) | (d[p + 1] & 0xFF);
        int start = p + 2;
        if (len == 0) { // escape: 32-bit length
            if (f.length() < p + 6) {
                error(t, "first frame with a 32-bit length too short");
                return;
            }
            len = ((long) (d[p + 2] & 0xFF) << 24) | ((d[p + 3] & 0xFF) << 16) | ((d[p + 4] & 0xFF) << 8)
                    | (d[p + 5] & 0xFF);
            start = p + 6;
        }
        int carried = f.length() - start;
        if (len <= carried) {
            error(t, "first frame announces " + len + " bytes, which would fit a single frame");
            return;
        }
        if (len > MAX_MESSAGE) {
            error(t, "first frame announces " + len + " bytes, more than the " + MAX_MESSAGE + " accepted");
            sendFlowControl(2); // overflow: the sender aborts
            return;
        }
        buffer = new byte[(int) len];
        System.arraycopy(d, start, buffer, 0, carried);
        expected = (int) len;
        received = carried;
        nextSequence = 1;
        inBlock = 0;
        lastFrameMicros = t;
        sendFlowControl(0);
    }

    private void consecutive(long t, CanFrame f, int p, int sequence) {
        if (buffer == null) {
            if (skipping) {
                skippedFrames++;
            } else {
                error(t, "consecutive frame " + sequence + " without a first frame");
            }
            return;
        }
        if (t >= 0 && lastFrameMicros >= 0 && t - lastFrameMicros > N_CR_MICROS) {
            error(t, "consecutive frame " + (t - lastFrameMicros) / 1000 + " ms after the previous one (N_Cr is "
                    + N_CR_MICROS / 1000 + " ms); dropped " + received + " of " + expected + " bytes");
            reset();
            skipping = true;
            return;
        }
        if (sequence != nextSequence) {
            error(t, "consecutive frame out of sequence: expected " + nextSequence + ", got " + sequence
                    + "; dropped " + received + " of " + expected + " bytes");
            reset();
            skipping = true;
            return;
        }
        int n = Math.min(f.length() - p - 1, expected - received);
        System.arraycopy(f.data(), p + 1, buffer, received, n);
        received += n;
        nextSequence = (nextSequence + 1) & 0x0F;
        lastFrameMicros = t;
        if (received == expected) {
            byte[] message = buffer;
            reset();
            deliver(t, message);
            return;
        }
        if (blockSize > 0 && ++inBlock == blockSize) {
            inBlock = 0;
            sendFlowControl(0);
        }
    }

    /** Drops a message whose next frame is overdue at {@code nowMicros}; returns whether one was dropped. */
    public boolean expire(long nowMicros) {
        if (buffer != null && lastFrameMicros >= 0 && nowMicros - lastFrameMicros > N_CR_MICROS) {
            error(nowMicros, "no consecutive frame for " + (nowMicros - lastFrameMicros) / 1000 + " ms; dropped "
                    + received + " of " + expected + " bytes");
            reset();
            return true;
        }
        return false;
    }

    /** Whether a multi-frame message is part-way in. */
    public boolean busy() {
        return buffer != null;
    }

    private void interruptIfBusy(long t, String what) {
        if (buffer != null) {
            error(t, what + " interrupts a message after " + received + " of " + expected + " bytes");
            reset();
        }
    }

    private void sendFlowControl(int status) {
        if (flowControl == null) {
            return;
        }
        int p = flowControlTx.pciOffset();
        byte[] d = new byte[8];
        if (p == 1) {
            d[0] = (byte) flowControlTx.addressByte();
        }
        d[p] = (byte) (0x30 | status);
        d[p + 1] = (byte) blockSize;
        d[p + 2] = (byte) separationTimeMillis;
        flowControl.accept(new CanFrame(CanFrame.NO_TIMESTAMP, flowControlTx.id(), flowControlTx.extendedId(), false,
                d, 8));
    }

    private void deliver(long t, byte[] message) {
        messages++;
        listener.message(t, rx, message);
    }

    private void error(long t, String reason) {
        errors++;
        listener.error(t, rx, reason);
    }

    private void reset() {
        buffer = null;
        expected = 0;
        received = 0;
        inBlock = 0;
    }

    /** Messages delivered. */
    public long messages() {
        return messages;
    }

    /** Consecutive frames of a broken message dropped after its one report. */
    public long skippedFrames() {
        return skippedFrames;
    }

    /** Errors reported. */
    public long errors() {
        return errors;
    }
}
