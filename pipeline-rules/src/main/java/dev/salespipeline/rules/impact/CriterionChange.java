package dev.salespipeline.rules.impact;

import java.util.Objects;

/**
 * One criterion's effect: on how many open deals' next gates the candidate adds it, and on how many it
 * removes it.
 */
public record CriterionChange(String criterionId, int addedOn, int removedFrom) {

    public CriterionChange {
        Objects.requireNonNull(criterionId, "criterionId");
    }
}
