package dev.salespipeline.core.scoring;

import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.List;
import java.util.Objects;

/**
 * A deal's win probability from its characteristics, the baseline's beside it, and the largest
 * contributions that explain it.
 *
 * @param opportunityId the deal
 * @param probability   the logistic model's probability
 * @param baseline      the naive-Bayes baseline's probability
 * @param explanation   contributions, largest effect first
 */
public record WinScore(OpportunityId opportunityId, double probability, double baseline, List<Contribution> explanation) {

    public WinScore {
        Objects.requireNonNull(opportunityId, "opportunityId");
        explanation = List.copyOf(explanation);
    }
}
