package io.voltrace.common.wire;

/** The payload encodings a telemetry message can travel in; receivers tell them apart by the first bytes. */
public enum WireFormat {
    /** JSON, readable with {@code mosquitto_sub}: starts with '{' (after optional whitespace). */
    JSON("application/json"),
    /** {@link CompactCodec}: starts with the bytes 'V' 'T' and a version byte; for metered links. */
    COMPACT("application/vnd.voltrace.telemetry");

    private final String contentType;

    WireFormat(String contentType) {
        this.contentType = contentType;
    }

    /** MQTT 5 content type for this format. */
    public String contentType() {
        return contentType;
    }

    /** The format of a payload, or null when it is neither. */
    public static WireFormat detect(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return null;
        }
        if (CompactCodec.hasMagic(payload)) {
            return COMPACT;
        }
        for (byte b : payload) {
            switch (b) {
                case ' ', '\t', '\r', '\n' -> {
                    continue;
                }
                case '{' -> {
                    return JSON;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }
}
