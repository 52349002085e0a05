package dev.salespipeline.core.metrics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** How days are counted for time in stage: every calendar day, or Monday to Friday only (UTC). */
public enum DayCount {
    CALENDAR,
    WORKING;

    /** Whole days from {@code from} to {@code to} (UTC dates), counted this way; zero if {@code to} is earlier. */
    public long between(Instant from, Instant to) {
        LocalDate start = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
        if (!end.isAfter(start)) {
            return 0;
        }
        if (this == CALENDAR) {
            return ChronoUnit.DAYS.between(start, end);
        }
        long weeks = ChronoUnit.WEEKS.between(start, end);
        long days = weeks * 5;
        for (LocalDate day = start.plusWeeks(weeks); day.isBefore(end); day = day.plusDays(1)) {
            days += isWorkingDay(day) ? 1 : 0;
        }
        return days;
    }

    /** The date {@code days} days after {@code start}, counted this way. */
    public LocalDate plus(LocalDate start, long days) {
        if (this == CALENDAR) {
            return start.plusDays(days);
        }
        LocalDate day = start;
        long left = days;
        while (left > 0) {
            day = day.plusDays(1);
            left -= isWorkingDay(day) ? 1 : 0;
        }
        return day;
    }

    private static boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
