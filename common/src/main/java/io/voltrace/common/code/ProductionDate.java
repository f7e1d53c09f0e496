package io.voltrace.common.code;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Positions 15–17 of a GB/T 34014 code, decoded.
 *
 * <p>Code tables (the letters I, O, Q and Z are never used):
 * <ul>
 *   <li>year: {@code 1}–{@code 9} = 2001–2009, then {@code A}…{@code Y} without I, O, Q = 2010–2031 (A = 2010,
 *       H = 2017, J = 2018, N = 2022, P = 2023, R = 2024, T = 2026, Y = 2031). The first 21 letters agree with the
 *       VIN model-year table, which this code copies; unlike the VIN table, U is allowed here (DESIGN.md §6), so
 *       U = 2027 and the later letters sit one year after their VIN meaning. 31 symbols, so the table repeats every
 *       31 years; this decoder resolves to the window 2001–2031.</li>
 *   <li>month: {@code 1}–{@code 9} = January–September, {@code A}, {@code B}, {@code C} = October–December.</li>
 *   <li>day: {@code 1}–{@code 9} = 1–9, {@code A}…{@code Y} without I, O, Q = 10–31; {@code 0} = day not
 *       recorded (allowed by the character rule, and so decoded rather than rejected).</li>
 * </ul>
 *
 * @param year  2001–2031
 * @param month 1–12
 * @param day   1–31, or 0 when not recorded
 */
public record ProductionDate(int year, int month, int day) {
    static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXY"; // A-Y without I, O, Q: 22 letters
    public static final int FIRST_YEAR = 2001;
    public static final int LAST_YEAR = 2031;

    public ProductionDate {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException("production year must be " + FIRST_YEAR + "-" + LAST_YEAR + ": " + year);
        }
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("production month must be 1-12: " + month);
        }
        if (day < 0 || day > 31) {
            throw new IllegalArgumentException("production day must be 0 (not recorded) or 1-31: " + day);
        }
    }

    /** Decodes the three date characters; they must already satisfy the character rules. */
    static ProductionDate decode(char y, char m, char d) {
        return new ProductionDate(FIRST_YEAR - 1 + ordinal(y), ordinal(m), d == '0' ? 0 : ordinal(d));
    }

    /** 1 for '1', 9 for '9', 10 for 'A' … 31 for 'Y'. */
    private static int ordinal(char c) {
        if (c >= '1' && c <= '9') {
            return c - '0';
        }
        int i = LETTERS.indexOf(c);
        if (i < 0) {
            throw new IllegalArgumentException("not a date code character: '" + c + "'");
        }
        return 10 + i;
    }

    private static char symbol(int ordinal) {
        return ordinal <= 9 ? (char) ('0' + ordinal) : LETTERS.charAt(ordinal - 10);
    }

    /** The three code characters. */
    public String encode() {
        return "" + symbol(year - FIRST_YEAR + 1) + symbol(month) + (day == 0 ? '0' : symbol(day));
    }

    /** The calendar date; empty when the day is not recorded or does not exist in that month (e.g. 30 February). */
    public Optional<LocalDate> date() {
        if (day == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
