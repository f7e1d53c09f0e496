package io.voltrace.ingest.health;

import io.voltrace.analytics.soh.SohEstimate;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The stored form of a {@link SohEstimate} (migration V20, the estimate from rests): a version byte, then its fields
 * but the battery code (the row's key supplies it), numbers in binary so that the figure read back is the one
 * estimated, to the bit.
 */
final class SohEstimateCodec {
    static final byte VERSION = 1;

    private SohEstimateCodec() {
    }

    static byte[] encode(SohEstimate e) {
        byte[] method = StoredText.bytes(e.method());
        byte[] reason = StoredText.bytes(e.insufficientReason());
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 24 + 4 + StoredText.size(method) + StoredText.size(reason));
        out.put(VERSION);
        out.put((byte) (e.sufficient() ? 1 : 0));
        if (e.sufficient()) {
            out.putDouble(e.capacityAh()).putDouble(e.sohPercent()).putDouble(e.uncertaintyPercent());
        } else {
            out.putDouble(0).putDouble(0).putDouble(0);
        }
        out.putInt(e.segments());
        StoredText.put(out, method);
        StoredText.put(out, reason);
        return out.array();
    }

    /** @throws IllegalStateException when the bytes are not a stored estimate of this version */
    static SohEstimate decode(String battery, byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalStateException("stored rest estimate of " + battery + ": version " + version
                        + ", this build reads " + VERSION);
            }
            boolean sufficient = in.get() == 1;
            double capacityAh = in.getDouble();
            double sohPercent = in.getDouble();
            double sigmaPercent = in.getDouble();
            int segments = in.getInt();
            String method = StoredText.get(in);
            String reason = StoredText.get(in);
            if (in.hasRemaining()) {
                throw new IllegalStateException("stored rest estimate of " + battery + ": " + in.remaining()
                        + " bytes past its end");
            }
            return sufficient ? SohEstimate.of(battery, capacityAh, sohPercent, sigmaPercent, segments, method)
                    : SohEstimate.insufficient(battery, segments, method, reason);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IllegalStateException("stored rest estimate of " + battery + " is cut short or corrupt", e);
        }
    }
}
