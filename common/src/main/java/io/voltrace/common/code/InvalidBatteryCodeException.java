package io.voltrace.common.code;

/** A battery code that breaks GB/T 34014; the message names the position and the rule. */
public class InvalidBatteryCodeException extends IllegalArgumentException {
    private final String code;
    private final CodeViolation violation;

    public InvalidBatteryCodeException(String code, CodeViolation violation) {
        super("invalid battery code '" + code + "': " + violation);
        this.code = code;
        this.violation = violation;
    }

    /** The first rule the code breaks: position and field. */
    public CodeViolation violation() {
        return violation;
    }

    public String code() {
        return code;
    }
}
