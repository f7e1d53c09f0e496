package io.voltrace.common.code;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A GB/T 34014-2017 traction battery code: 24 characters, no check digit.
 *
 * <p>Layout (1-based positions): 1–3 manufacturer, 4 product type (P/M/C), 5 battery type, 6–7 specification,
 * 8–14 traceability, 15 year, 16 month, 17 day, 18–24 serial. Letters I, O, Q and Z never appear in the date.
 */
public record BatteryCode(String value) {

    public static final int LENGTH = 24;

    private static final Rule[] RULES = {
            new Rule(1, 3, "[A-Z0-9]{3}", "manufacturer code must be 3 of A-Z, 0-9"),
            new Rule(4, 4, "[PMC]", "product type must be P (pack), M (module) or C (cell)"),
            new Rule(5, 5, "[A-GZ]", "battery type must be A-G or Z"),
            new Rule(6, 7, "[A-Z0-9]{2}", "specification code must be 2 of A-Z, 0-9"),
            new Rule(8, 14, "[A-Z0-9]{7}", "traceability code must be 7 of A-Z, 0-9"),
            new Rule(15, 15, "[1-9A-HJ-NPR-Y]", "production year must be 1-9 or A-Y without I, O, Q"),
            new Rule(16, 16, "[1-9A-C]", "production month must be 1-9, A, B or C"),
            new Rule(17, 17, "[0-9A-HJ-NPR-Y]", "production day must be 0-9 or A-Y without I, O, Q"),
            new Rule(18, 24, "[0-9]{7}", "serial number must be 7 digits"),
    };

    public BatteryCode {
        Objects.requireNonNull(value, "battery code");
        String problem = check(value);
        if (problem != null) {
            throw new InvalidBatteryCodeException(value, problem);
        }
    }

    public static BatteryCode parse(String text) {
        return new BatteryCode(text == null ? null : text.strip());
    }

    public static boolean isValid(String text) {
        return text != null && check(text) == null;
    }

    /** Null when valid, else the first broken rule with its 1-based position. */
    static String check(String value) {
        if (value.length() != LENGTH) {
            return "length is " + value.length() + ", expected " + LENGTH;
        }
        for (Rule rule : RULES) {
            String part = value.substring(rule.from - 1, rule.to);
            if (!rule.pattern.matcher(part).matches()) {
                int at = rule.from;
                for (int i = 0; i < part.length(); i++) {
                    if (!rule.charPattern.matcher(part.substring(i, i + 1)).matches()) {
                        at = rule.from + i;
                        break;
                    }
                }
                return "position " + at + ": " + rule.description;
            }
        }
        return null;
    }

    public String manufacturer() {
        return value.substring(0, 3);
    }

    public char productType() {
        return value.charAt(3);
    }

    public char batteryType() {
        return value.charAt(4);
    }

    public String serial() {
        return value.substring(17, 24);
    }

    @Override
    public String toString() {
        return value;
    }

    private record Rule(int from, int to, Pattern pattern, Pattern charPattern, String description) {
        Rule(int from, int to, String regex, String description) {
            this(from, to, Pattern.compile(regex), Pattern.compile(regex.replaceAll("\\{\\d+}", "")), description);
        }
    }
}
