package io.voltrace.edge.diag;

import java.util.Locale;

/** Names of the negative response codes (ISO 14229-1 / ISO 14230-3) a poller meets. */
public final class NegativeResponse {

    private NegativeResponse() {
    }

    /** E.g. {@code 0x31 request out of range}. */
    public static String describe(int code) {
        String name = switch (code) {
            case 0x10 -> "general reject";
            case 0x11 -> "service not supported";
            case 0x12 -> "sub-function not supported";
            case 0x13 -> "incorrect message length or format";
            case 0x14 -> "response too long";
            case 0x21 -> "busy, repeat request";
            case 0x22 -> "conditions not correct";
            case 0x24 -> "request sequence error";
            case 0x31 -> "request out of range";
            case 0x33 -> "security access denied";
            case 0x78 -> "response pending";
            case 0x7E -> "sub-function not supported in active session";
            case 0x7F -> "service not supported in active session";
            default -> "reason unknown";
        };
        return String.format(Locale.ROOT, "0x%02X %s", code, name);
    }
}
