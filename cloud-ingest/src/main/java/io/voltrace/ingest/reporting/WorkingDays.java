package io.voltrace.ingest.reporting;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Working-day arithmetic: Monday to Friday. Public holidays (and China's make-up working weekends) are NOT
 * modelled; deadlines that span a holiday come out earlier than the regulator's, which errs on the safe side.
 */
public final class WorkingDays {
    private WorkingDays() {
    }

    /** The {@code n}th working day after {@code start} (the start day itself does not count). */
    public static LocalDate after(LocalDate start, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("working days must not be negative: " + n);
        }
        LocalDate d = start;
        int left = n;
        while (left > 0) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    public static boolean isWorkingDay(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
