package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

import java.time.Instant;
import java.util.Objects;

/**
 * A touchpoint with the buyer (call, email, meeting…) and when it happened. It may be logged after
 * the fact, but not before the opportunity existed nor in the future.
 *
 * @param type       call, email, meeting…
 * @param direction  who reached out
 * @param occurredAt when it happened
 * @param loggedBy   who logged it
 * @param summary    what was said or done; may be empty
 */
public record Activity(ActivityType type, ActivityDirection direction, Instant occurredAt, Actor loggedBy,
                       String summary) {

    public Activity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(loggedBy, "loggedBy");
        summary = Checks.requireText(summary, "summary");
    }
}
