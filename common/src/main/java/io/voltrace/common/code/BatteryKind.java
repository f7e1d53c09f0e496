package io.voltrace.common.code;

/**
 * Position 5 of a GB/T 34014 code. Only B (LFP) and E (ternary NCM) are confirmed by the published code model
 * (DESIGN.md §6); the other letters decode to "unconfirmed" rather than to a guess.
 */
public final class BatteryKind {
    private BatteryKind() {
    }

    /** A short description of the battery type letter. */
    public static String describe(char letter) {
        return switch (letter) {
            case 'B' -> "lithium iron phosphate (LFP)";
            case 'E' -> "ternary lithium (NCM)";
            default -> "unconfirmed";
        };
    }
}
