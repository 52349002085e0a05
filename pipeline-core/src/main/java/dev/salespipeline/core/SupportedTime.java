package dev.salespipeline.core;

import java.time.Instant;
import java.util.Objects;

/**
 * The instants the library works with: years 1 to 9999. Every date the library derives from an instant
 * (days in stage, the day of a review) must exist, and {@code LocalDate} cannot hold the days around
 * {@link Instant#MIN} and {@link Instant#MAX}; a clock or a request outside this range is refused by
 * name instead of failing deep inside with a {@code DateTimeException}.
 */
public final class SupportedTime {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private SupportedTime() {
    }

    /**
     * {@code instant}, if supported.
     *
     * @throws InvalidValueException naming {@code field} and the instant otherwise
     */
    public static Instant require(Instant instant, String field) {
        Objects.requireNonNull(instant, field);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidValueException(field, instant, "must be between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }
}
