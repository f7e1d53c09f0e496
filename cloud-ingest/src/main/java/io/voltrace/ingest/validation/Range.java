package io.voltrace.ingest.validation;

import java.util.Locale;

/** A closed interval of plausible values with its unit, for messages such as "outside 0..1500 V". */
public record Range(double min, double max, String unit) {
    public Range {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range minimum " + min + " is above its maximum " + max);
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s..%s %s", number(min), number(max), unit);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
