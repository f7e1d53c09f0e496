package io.voltrace.edge.diag;

import io.voltrace.edge.can.CanFrame;
import java.util.function.Consumer;

/**
 * Sends ISO 15765-2 messages on one address: a single frame when the payload fits, otherwise a first frame, then
 * consecutive frames as the receiver's flow control allows (block size, separation time STmin, wait, overflow).
 * Frames are padded to 8 bytes with 0xAA, as most ECUs do. Time is given by the caller ({@link #tick}), so the same
 * code runs on a live bus and under a test's clock. Not thread-safe.
 */
public final class IsoTpTransmitter {

    /** ISO 15765-2 N_Bs: the longest wait for flow control. */
    public static final long N_BS_MICROS = 1_000_000;
    private static final int MAX_WAITS = 10;
    private static final byte PAD = (byte) 0xAA;

    private final IsoTpAddress tx;
    private final IsoTpAddress flowControlRx;
    private final Consumer<CanFrame> out;

    private byte[] message;
    private int sent;
    private int sequence;
    private int blockLeft;
    private boolean awaitingFlowControl;
    private long flowControlDeadline;
    private long separationMicros;
    private long nextFrameMicros;
    private int waits;
    private String lastFailure;

    /**
     * @param tx            where the message goes
     * @param flowControlRx where the receiver's flow control arrives
     */
    public IsoTpTransmitter(IsoTpAddress tx, IsoTpAddress flowControlRx, Consumer<CanFrame> out) {
        this.tx = tx;
        this.flowControlRx = flowControlRx;
        this.out = out;
    }

    /** Starts sending a message; a single frame goes out at once. Refused while another is under way. */
    public void send(long nowMicros, byte[] payload) {
        if (busy()) {
            throw new IllegalStateException("a message is still being sent on " + tx);
        }
        if (payload.length == 0 || payload.length > IsoTpReceiver.MAX_MESSAGE) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes");
        }
        int p = tx.pciOffset();
        byte[] d = frame();
        if (payload.length <= 7 - p) {
            d[p] = (byte) payload.length;
            System.arraycopy(payload, 0, d, p + 1, payload.length);
            emit(d);
            return;
        }
        d[p] = (byte) (0x10 | (payload.length >> 8));
        d[p + 1] = (byte) payload.length;
        int n = 6 - p;
        System.arraycopy(payload, 0, d, p + 2, n);
        // State first: on an in-process bus the flow control arrives while emit() is still on the stack.
        message = payload;
        sent = n;
        sequence = 1;
        awaitingFlowControl = true;
        flowControlDeadline = nowMicros + N_BS_MICROS;
        waits = 0;
        emit(d);
    }

    /** Handles a frame from the bus: flow control on {@link #flowControlRx} drives the rest of the message. */
    public void accept(long nowMicros, CanFrame f) {
        if (!awaitingFlowControl || !flowControlRx.matches(f)) {
            return;
        }
        int p = flowControlRx.pciOffset();
        if (f.length() < p + 3 || (f.data()[p] & 0xF0) != 0x30) {
            return;
        }
        int status = f.data()[p] & 0x0F;
        switch (status) {
            case 0 -> {
                int bs = f.data()[p + 1] & 0xFF;
                blockLeft = bs == 0 ? Integer.MAX_VALUE : bs;
                separationMicros = separationMicros(f.data()[p + 2] & 0xFF);
                awaitingFlowControl = false;
                nextFrameMicros = nowMicros;
                tick(nowMicros);
            }
            case 1 -> {
                if (++waits > MAX_WAITS) {
                    fail("receiver asked to wait more than " + MAX_WAITS + " times");
                } else {
                    flowControlDeadline = nowMicros + N_BS_MICROS;
                }
            }
            case 2 -> fail("receiver refused the message (overflow)");
            default -> fail("flow control with unknown status " + status);
        }
    }

    /** Sends the consecutive frames that are due by {@code nowMicros}; gives up when flow control is overdue. */
    public void tick(long nowMicros) {
        if (message == null) {
            return;
        }
        if (awaitingFlowControl) {
            if (nowMicros > flowControlDeadline) {
                fail("no flow control within " + N_BS_MICROS / 1000 + " ms");
            }
            return;
        }
        int p = tx.pciOffset();
        while (message != null && !awaitingFlowControl && nowMicros >= nextFrameMicros) {
            byte[] d = frame();
            d[p] = (byte) (0x20 | sequence);
            int n = Math.min(7 - p, message.length - sent);
            System.arraycopy(message, sent, d, p + 1, n);
            sent += n;
            sequence = (sequence + 1) & 0x0F;
            nextFrameMicros = nowMicros + separationMicros;
            boolean last = sent == message.length;
            if (last) {
                message = null;
            } else if (--blockLeft == 0) {
                awaitingFlowControl = true;
                flowControlDeadline = nowMicros + N_BS_MICROS;
            }
            emit(d); // may run accept() and tick() again: every field above is already up to date
            if (last || separationMicros > 0) {
                return; // done, or the next frame waits for a later tick
            }
        }
    }

    /** STmin: 0..127 ms, 0xF1..0xF9 = 100..900 µs, anything else reserved (read as 127 ms, as the standard asks). */
    static long separationMicros(int stMin) {
        if (stMin <= 0x7F) {
            return stMin * 1000L;
        }
        if (stMin >= 0xF1 && stMin <= 0xF9) {
            return (stMin - 0xF0) * 100L;
        }
        return 127_000;
    }

    /** Whether a multi-frame message is still being sent. */
    public boolean busy() {
        return message != null;
    }

    /** Why the last message was abandoned, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    private void fail(String reason) {
        lastFailure = reason;
        message = null;
        awaitingFlowControl = false;
    }

    private byte[] frame() {
        byte[] d = new byte[8];
        java.util.Arrays.fill(d, PAD);
        if (tx.pciOffset() == 1) {
            d[0] = (byte) tx.addressByte();
        }
        return d;
    }

    private void emit(byte[] d) {
        out.accept(new CanFrame(CanFrame.NO_TIMESTAMP, tx.id(), tx.extendedId(), false, d, 8));
    }
}
