package io.voltrace.ingest.health;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Text in the stored estimates' binary forms: a length (−1 for null), then UTF-8. */
final class StoredText {
    private StoredText() {
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes {@link #put} takes for {@code b}. */
    static int size(byte[] b) {
        return 4 + (b == null ? 0 : b.length);
    }

    static void put(ByteBuffer out, byte[] b) {
        out.putInt(b == null ? -1 : b.length);
        if (b != null) {
            out.put(b);
        }
    }

    /** @throws IllegalArgumentException when the length does not fit what is left */
    static String get(ByteBuffer in) {
        int n = in.getInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("text of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
