package io.voltrace.common.log;

/**
 * The one way a value that came from outside (a device's client id, topic or fault name, a request path, a payload's
 * field) reaches a log line: control characters are escaped, so a newline cannot forge a second log record and an ANSI
 * sequence cannot repaint a terminal, and the value is cut to a bounded length, so a 60 kB client id gives a short
 * line that still says how much was cut. Double quotes are escaped too: the CLI's log lines quote their message.
 */
public final class LogSafe {
    /** Characters of the value kept; the rest is replaced by a count. */
    public static final int MAX_CHARS = 120;

    private LogSafe() {
    }

    /** The value escaped and truncated, or {@code null} as the word {@code null}. */
    public static String text(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int keep = Math.min(s.length(), MAX_CHARS);
        if (keep < s.length() && keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--; // do not split a surrogate pair
        }
        StringBuilder out = new StringBuilder(keep + 24);
        for (int i = 0; i < keep; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '"') {
                out.append("\\\"");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (needsEscape(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > keep) {
            out.append("…(+").append(s.length() - keep).append(" chars)");
        }
        return out.toString();
    }

    /**
     * C0 and C1 controls (ESC starts ANSI sequences), DEL, the Unicode line and paragraph separators, the bidirectional
     * overrides that reorder what a reader sees, and the byte-order mark.
     */
    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
    }
}
