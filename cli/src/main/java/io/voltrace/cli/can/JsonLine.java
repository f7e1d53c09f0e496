package io.voltrace.cli.can;

import io.voltrace.edge.dbc.DbcSignal;
import java.math.BigDecimal;

/** Writes the pieces of one JSON object on one line, without a JSON library. */
final class JsonLine {

    private JsonLine() {
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * A JSON number: integral values without a fraction (as DBC tools print raw counts), others in shortest form;
     * NaN and infinities, which JSON has no number for, as null.
     */
    static void number(StringBuilder sb, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            sb.append("null");
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else {
            sb.append(v);
        }
    }

    /**
     * The physical value of an integer signal computed in decimal from the factor and offset as the DBC writes them,
     * so that raw 35484 with factor 0.01 prints 354.84, not the binary product 354.84000000000003.
     */
    static void physical(StringBuilder sb, DbcSignal signal, long raw, double physical) {
        if (signal.valueType() != DbcSignal.ValueType.INTEGER || !Double.isFinite(signal.factor())
                || !Double.isFinite(signal.offset())) {
            number(sb, physical);
            return;
        }
        BigDecimal r = !signal.signed() && raw < 0 ? new BigDecimal(Long.toUnsignedString(raw)) : BigDecimal.valueOf(raw);
        BigDecimal v = r.multiply(new BigDecimal(Double.toString(signal.factor())))
                .add(new BigDecimal(Double.toString(signal.offset())));
        sb.append(v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString());
    }

    /** Microseconds as seconds with six decimals, exactly (no binary rounding). */
    static void seconds(StringBuilder sb, long micros) {
        sb.append(micros / 1_000_000).append('.');
        String fraction = Long.toString(micros % 1_000_000);
        sb.append("000000", 0, 6 - fraction.length()).append(fraction);
    }
}
