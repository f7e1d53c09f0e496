package io.voltrace.common.code;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
            new Rule(1, 3, "manufacturer", "[A-Z0-9]{3}", "manufacturer code must be 3 of A-Z, 0-9"),
            new Rule(4, 4, "product-type", "[PMC]", "product type must be P (pack), M (module) or C (cell)"),
            new Rule(5, 5, "battery-type", "[A-GZ]", "battery type must be A-G or Z"),
            new Rule(6, 7, "specification", "[A-Z0-9]{2}", "specification code must be 2 of A-Z, 0-9"),
            new Rule(8, 14, "traceability", "[A-Z0-9]{7}", "traceability code must be 7 of A-Z, 0-9"),
            new Rule(15, 15, "production-year", "[1-9A-HJ-NPR-Y]",
                    "production year must be 1-9 or A-Y without I, O, Q"),
            new Rule(16, 16, "production-month", "[1-9A-C]", "production month must be 1-9, A, B or C"),
            new Rule(17, 17, "production-day", "[0-9A-HJ-NPR-Y]", "production day must be 0-9 or A-Y without I, O, Q"),
            new Rule(18, 24, "serial", "[0-9]{7}", "serial number must be 7 digits"),
    };

    public BatteryCode {
        Objects.requireNonNull(value, "battery code");
        CodeViolation problem = violation(value);
        if (problem != null) {
            throw new InvalidBatteryCodeException(value, problem);
        }
    }

    public static BatteryCode parse(String text) {
        return new BatteryCode(text == null ? null : text.strip());
    }

    public static boolean isValid(String text) {
        return text != null && violation(text) == null;
    }

    /**
     * Builds a code from its fields, checking the result.
     *
     * @throws InvalidBatteryCodeException naming the position and rule a field breaks
     */
    public static BatteryCode format(String manufacturer, ProductType type, char batteryType, String specification,
                                     String traceability, ProductionDate date, String serial) {
        return new BatteryCode(manufacturer + type.letter() + batteryType + specification + traceability
                + date.encode() + serial);
    }

    /** Null when valid, else the first broken rule with its 1-based position. */
    public static CodeViolation violation(String value) {
        if (value.length() != LENGTH) {
            return new CodeViolation(Math.min(value.length(), LENGTH) + 1, "length",
                    "length is " + value.length() + ", expected " + LENGTH);
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
                return new CodeViolation(at, rule.field, rule.description);
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

    public ProductType product() {
        return ProductType.of(productType());
    }

    public String specification() {
        return value.substring(5, 7);
    }

    public String traceability() {
        return value.substring(7, 14);
    }

    public ProductionDate productionDate() {
        return ProductionDate.decode(value.charAt(14), value.charAt(15), value.charAt(16));
    }

    public String serial() {
        return value.substring(17, 24);
    }

    /** Every decoded field in code order, as plain values for JSON ({@code productionDate} only when it exists). */
    public Map<String, Object> fields() {
        ProductionDate date = productionDate();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("code", value);
        f.put("manufacturer", manufacturer());
        f.put("productType", product().name().toLowerCase(Locale.ROOT));
        f.put("batteryType", String.valueOf(batteryType()));
        f.put("batteryTypeMeaning", BatteryKind.describe(batteryType()));
        f.put("specification", specification());
        f.put("traceability", traceability());
        f.put("productionYear", date.year());
        f.put("productionMonth", date.month());
        f.put("productionDay", date.day() == 0 ? null : date.day());
        date.date().ifPresent(d -> f.put("productionDate", d.toString()));
        f.put("serial", serial());
        return f;
    }

    @Override
    public String toString() {
        return value;
    }

    private record Rule(int from, int to, String field, Pattern pattern, Pattern charPattern, String description) {
        Rule(int from, int to, String field, String regex, String description) {
            this(from, to, field, Pattern.compile(regex), Pattern.compile(regex.replaceAll("\\{\\d+}", "")),
                    description);
        }
    }
}
