package io.voltrace.edge.can;

/** Number parsing shared by the log readers, with messages fit for a rejected line. */
final class LogNumbers {

    private LogNumbers() {
    }

    /**
     * Seconds written as {@code 12.345678} (up to 12 integer digits, extra fraction digits cut) to microseconds.
     *
     * @throws IllegalArgumentException naming the text
     */
    static long secondsToMicros(String t) {
        int dot = t.indexOf('.');
        String whole = dot < 0 ? t : t.substring(0, dot);
        String fraction = dot < 0 ? "" : t.substring(dot + 1);
        if (whole.isEmpty() || whole.length() > 12 || !digits(whole) || !digits(fraction)) {
            throw new IllegalArgumentException("bad timestamp '" + t + "'");
        }
        long micros = 0;
        for (int k = 0; k < 6; k++) {
            micros = micros * 10 + (k < fraction.length() ? fraction.charAt(k) - '0' : 0);
        }
        return Long.parseLong(whole) * 1_000_000 + micros;
    }

    /** A non-negative integer in base 16 or 10, at most {@code maxDigits} digits; -1 when it is not one. */
    static long unsigned(String t, int radix, int maxDigits) {
        if (t.isEmpty() || t.length() > maxDigits) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < t.length(); k++) {
            int d = Character.digit(t.charAt(k), radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    /** A data byte in base 16 (1 or 2 digits) or 10 (0..255). */
    static byte dataByte(String t, int radix) {
        long v = unsigned(t, radix, radix == 16 ? 2 : 3);
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("bad data byte '" + t + "'");
        }
        return (byte) v;
    }

    static boolean digits(String t) {
        for (int k = 0; k < t.length(); k++) {
            if (t.charAt(k) < '0' || t.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Checks an id against 11 or 29 bits. */
    static int checkedId(long id, boolean extended, String text) {
        if (id < 0 || id > (extended ? CanFrame.MAX_EXTENDED_ID : CanFrame.MAX_STANDARD_ID)) {
            throw new IllegalArgumentException("CAN id '" + text + "' out of range for a " + (extended ? "29" : "11")
                    + "-bit id");
        }
        return (int) id;
    }
}
