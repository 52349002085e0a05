package dev.salespipeline.importing.internal;

import dev.salespipeline.core.pipeline.Probability;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the cells of an export: amounts with thousands separators, dates and date-times in the ISO
 * forms and the mapping's patterns, probabilities and booleans. Each refusal is a {@link Refused} whose
 * message can be shown to whoever exported the file. Immutable and thread-safe.
 */
public final class Cells {

    /** A cell that cannot be read as what its column holds. */
    public static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        public Refused(String reason) {
            super(reason);
        }
    }

    /** A point in time read from a cell, and its day in the mapping's zone. */
    public record When(Instant instant, LocalDate date) {
    }

    private static final Pattern CODE_AROUND = Pattern.compile("^(?:([A-Za-z]{3})\\s*)?(.*?)(?:\\s*([A-Za-z]{3}))?$");
    private static final String GROUPING_WITH_POINT = ",\u00A0\u202F\' ";
    private static final String GROUPING_WITH_COMMA = ".\u00A0\u202F\' ";
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);

    private final char decimalSeparator;
    private final ZoneId zone;
    private final List<DateTimeFormatter> patterns;
    private final boolean probabilityInPercent;

    public Cells(char decimalSeparator, ZoneId zone, List<String> datePatterns, boolean probabilityInPercent) {
        this.decimalSeparator = decimalSeparator;
        this.zone = zone;
        this.patterns = new ArrayList<>();
        for (String pattern : datePatterns) {
            // Strict, so that 31/02/2024 is refused, not rolled over to March.
            patterns.add(DateTimeFormatter.ofPattern(pattern.replace("yyyy", "uuuu"), Locale.ENGLISH)
                    .withResolverStyle(ResolverStyle.STRICT));
        }
        this.probabilityInPercent = probabilityInPercent;
    }

    /**
     * An amount: digits with an optional sign, the mapping's decimal separator and thousands separators
     * in groups of three (comma, point, apostrophe or space, whichever is not the decimal separator),
     * optionally with an ISO currency code before or after it.
     *
     * @return the amount, and the currency code written beside it, if any
     */
    public Amount amount(String raw) throws Refused {
        String text = raw.strip();
        Matcher matcher = CODE_AROUND.matcher(text);
        String code = null;
        if (matcher.matches() && (matcher.group(1) != null || matcher.group(3) != null)
                && !(matcher.group(1) != null && matcher.group(3) != null)) {
            code = (matcher.group(1) != null ? matcher.group(1) : matcher.group(3)).toUpperCase(Locale.ROOT);
            text = matcher.group(2).strip();
        }
        String grouping = decimalSeparator == '.' ? GROUPING_WITH_POINT : GROUPING_WITH_COMMA;
        String sign = "";
        if (text.startsWith("-") || text.startsWith("+")) {
            sign = text.substring(0, 1);
            text = text.substring(1);
        }
        int decimal = text.lastIndexOf(decimalSeparator);
        String whole = decimal < 0 ? text : text.substring(0, decimal);
        String fraction = decimal < 0 ? "" : text.substring(decimal + 1);
        if (whole.isEmpty() || !fraction.chars().allMatch(Cells::isAsciiDigit) || (decimal >= 0 && fraction.isEmpty())
                || !wellGrouped(whole, grouping)) {
            throw new Refused("is not an amount: write digits with '" + decimalSeparator + "' as the decimal separator"
                    + " and thousands separators in groups of three, such as "
                    + (decimalSeparator == '.' ? "1,250,000.50" : "1.250.000,50")
                    + ", with no currency symbol");
        }
        StringBuilder digits = new StringBuilder(sign);
        whole.chars().filter(Cells::isAsciiDigit).forEach(c -> digits.append((char) c));
        if (!fraction.isEmpty()) {
            digits.append('.').append(fraction);
        }
        return new Amount(new BigDecimal(digits.toString()), Optional.ofNullable(code));
    }

    /** An amount and the ISO code written beside it, if any. */
    public record Amount(BigDecimal value, Optional<String> currencyCode) {
    }

    private static boolean wellGrouped(String whole, String grouping) {
        if (whole.chars().allMatch(Cells::isAsciiDigit)) {
            return true;
        }
        char separator = 0;
        int run = 0;
        boolean first = true;
        for (int index = 0; index < whole.length(); index++) {
            char c = whole.charAt(index);
            if (isAsciiDigit(c)) {
                run++;
                continue;
            }
            if (grouping.indexOf(c) < 0 || (separator != 0 && c != separator)) {
                return false;
            }
            separator = c;
            if (run == 0 || run > 3 || (!first && run != 3)) {
                return false;
            }
            first = false;
            run = 0;
        }
        return run == 3;
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** A currency from its ISO 4217 code. */
    public static Currency currency(String raw) throws Refused {
        try {
            return Currency.getInstance(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refused("is not an ISO 4217 currency code such as EUR or IDR");
        }
    }

    /**
     * A date, or a date-time: ISO ({@code 2024-03-31}, {@code 2024-03-31T14:05:00Z}, with an offset, or
     * local with {@code T} or a space), then the mapping's patterns. A date without a time means the
     * start of that day, and a local date-time is in the mapping's zone.
     */
    public When when(String raw) throws Refused {
        String text = raw.strip();
        try {
            LocalDate date = LocalDate.parse(text);
            return dateOnly(date);
        } catch (DateTimeParseException e) {
            // not an ISO date; try the next form
        }
        try {
            OffsetDateTime moment = OffsetDateTime.parse(text.replace(' ', 'T'));
            return new When(moment.toInstant(), moment.atZoneSameInstant(zone).toLocalDate());
        } catch (DateTimeParseException e) {
            // no offset; try the next form
        }
        try {
            OffsetDateTime moment = OffsetDateTime.parse(text.replace(' ', 'T'),
                    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSS]xx", Locale.ROOT));
            return new When(moment.toInstant(), moment.atZoneSameInstant(zone).toLocalDate());
        } catch (DateTimeParseException e) {
            // no compact offset; try the next form
        }
        for (DateTimeFormatter local : List.of(DateTimeFormatter.ISO_LOCAL_DATE_TIME, LOCAL_DATE_TIME)) {
            try {
                return local(LocalDateTime.parse(text, local));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        for (DateTimeFormatter pattern : patterns) {
            try {
                TemporalAccessor parsed = pattern.parse(text);
                return parsed.isSupported(ChronoField.HOUR_OF_DAY) ? local(LocalDateTime.from(parsed))
                        : dateOnly(LocalDate.from(parsed));
            } catch (java.time.DateTimeException e) {
                // try the next pattern
            }
        }
        throw new Refused("is not a date: write it as 2024-03-31 or 2024-03-31T14:05:00Z"
                + (patterns.isEmpty() ? "" : ", or as the mapping's date-format says"));
    }

    /** A date; a date-time is taken on its day in the mapping's zone. */
    public LocalDate date(String raw) throws Refused {
        return when(raw).date();
    }

    private When dateOnly(LocalDate date) {
        return new When(date.atStartOfDay(zone).toInstant(), date);
    }

    private When local(LocalDateTime dateTime) {
        return new When(dateTime.atZone(zone).toInstant(), dateTime.toLocalDate());
    }

    /** A probability: {@code 60%}, or a number in percent or as a fraction as the mapping says. */
    public Probability probability(String raw) throws Refused {
        String text = raw.strip();
        boolean percent = probabilityInPercent;
        if (text.endsWith("%")) {
            percent = true;
            text = text.substring(0, text.length() - 1).strip();
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new Refused("is not a probability: write it as " + (percent ? "60 or 60%" : "0.6 or 60%"));
        }
        if (percent) {
            value = value.movePointLeft(2);
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new Refused("is not a probability: it must be between " + (percent ? "0 and 100" : "0 and 1"));
        }
        return new Probability(value);
    }

    /** {@code true/false}, {@code yes/no} or {@code 1/0}, in any case. */
    public static boolean flag(String raw) throws Refused {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new Refused("is not true or false");
        };
    }
}
