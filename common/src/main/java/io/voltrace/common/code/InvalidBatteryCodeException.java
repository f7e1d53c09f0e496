package io.voltrace.common.code;

/** A battery code that breaks GB/T 34014; the message names the position and the rule. */
public class InvalidBatteryCodeException extends IllegalArgumentException {
    private final String code;

    public InvalidBatteryCodeException(String code, String problem) {
        super("invalid battery code '" + code + "': " + problem);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
