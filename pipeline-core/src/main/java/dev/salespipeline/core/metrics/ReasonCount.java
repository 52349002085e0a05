package dev.salespipeline.core.metrics;

import dev.salespipeline.core.opportunity.StageMove;

import java.util.Objects;

/**
 * How often one reason was given for one kind of setback, for blocker analysis. Reasons are compared
 * after trimming and lower-casing.
 *
 * @param move   regress, nurture, lose or disqualify
 * @param reason the reason as given (lower-cased)
 * @param count  how many times
 */
public record ReasonCount(StageMove move, String reason, int count) {

    public ReasonCount {
        Objects.requireNonNull(move, "move");
        Objects.requireNonNull(reason, "reason");
    }
}
