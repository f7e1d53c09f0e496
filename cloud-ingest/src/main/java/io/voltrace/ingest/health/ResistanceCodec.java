package io.voltrace.ingest.health;

import io.voltrace.analytics.soh.ResistanceEstimate;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The stored form of a {@link ResistanceEstimate} (migration V18): a version byte, then its fields but the battery
 * code (the row's key supplies it), numbers in binary so that the figure read back is the one estimated, to the bit.
 */
final class ResistanceCodec {
    static final byte VERSION = 1;

    private ResistanceCodec() {
    }

    static byte[] encode(ResistanceEstimate e) {
        byte[] method = StoredText.bytes(e.method());
        byte[] reason = StoredText.bytes(e.insufficientReason());
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 16 + 4 + 8 + StoredText.size(method) + StoredText.size(reason));
        out.put(VERSION);
        out.put((byte) (e.sufficient() ? 1 : 0));
        if (e.sufficient()) {
            out.putDouble(e.ohms());
            out.putDouble(e.uncertaintyOhms());
        } else {
            out.putDouble(0).putDouble(0);
        }
        out.putInt(e.steps());
        out.putDouble(e.referenceTempC());
        StoredText.put(out, method);
        StoredText.put(out, reason);
        return out.array();
    }

    /** @throws IllegalStateException when the bytes are not a stored estimate of this version */
    static ResistanceEstimate decode(String battery, byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalStateException("stored resistance estimate of " + battery + ": version " + version
                        + ", this build reads " + VERSION);
            }
            boolean sufficient = in.get() == 1;
            double ohms = in.getDouble();
            double sigma = in.getDouble();
            int steps = in.getInt();
            double refTemp = in.getDouble();
            String method = StoredText.get(in);
            String reason = StoredText.get(in);
            if (in.hasRemaining()) {
                throw new IllegalStateException("stored resistance estimate of " + battery + ": " + in.remaining()
                        + " bytes past its end");
            }
            return new ResistanceEstimate(battery, sufficient ? ohms : null, sufficient ? sigma : null, steps,
                    refTemp, method, reason);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IllegalStateException("stored resistance estimate of " + battery + " is cut short or corrupt",
                    e);
        }
    }
}
