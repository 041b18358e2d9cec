package jp.tokuten.ops;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;

/** Japanese business days (営業日): not a Saturday, a Sunday or a public holiday. Pure functions. */
public final class BusinessDays {

    private BusinessDays() {}

    public static boolean isBusinessDay(LocalDate day, Set<LocalDate> holidays) {
        DayOfWeek d = day.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /**
     * The {@code n}th business day after {@code from} ({@code from} itself not counted, whatever it is): with
     * n = 10 and a Friday before Golden Week, the count starts on the first business day after the holidays.
     */
    public static LocalDate nthAfter(LocalDate from, int n, Set<LocalDate> holidays) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        LocalDate day = from;
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isBusinessDay(day, holidays)) {
                counted++;
            }
        }
        return day;
    }
}
