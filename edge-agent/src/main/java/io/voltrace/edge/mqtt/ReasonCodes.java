package io.voltrace.edge.mqtt;

/** Names of the MQTT 5 reason codes a publisher meets, for log lines a person can act on. */
public final class ReasonCodes {
    private ReasonCodes() {
    }

    /** Whether a PUBACK or CONNACK reason code means failure (MQTT 5: 0x80 and above). */
    public static boolean isFailure(int code) {
        return code >= 0x80;
    }

    public static String describe(int code) {
        String name = switch (code) {
            case 0x00 -> "success";
            case 0x10 -> "no matching subscribers";
            case 0x80 -> "unspecified error";
            case 0x81 -> "malformed packet";
            case 0x82 -> "protocol error";
            case 0x83 -> "implementation specific error";
            case 0x84 -> "unsupported protocol version";
            case 0x85 -> "client identifier not valid";
            case 0x86 -> "bad user name or password";
            case 0x87 -> "not authorized";
            case 0x88 -> "server unavailable";
            case 0x89 -> "server busy";
            case 0x8A -> "banned";
            case 0x8C -> "bad authentication method";
            case 0x90 -> "topic name invalid";
            case 0x91 -> "packet identifier in use";
            case 0x95 -> "packet too large";
            case 0x97 -> "quota exceeded";
            case 0x99 -> "payload format invalid";
            case 0x9F -> "connection rate exceeded";
            default -> "reason code";
        };
        return String.format("0x%02X %s", code, name);
    }
}
