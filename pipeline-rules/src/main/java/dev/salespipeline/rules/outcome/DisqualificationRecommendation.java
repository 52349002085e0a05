package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.Objects;

/**
 * A rule's advice to disqualify a deal.
 *
 * @param opportunityId the deal
 * @param ground        why, as a stable id such as {@code chose-competitor}
 * @param reason        the explanation for rep and manager
 * @param origin        the rule and file that recommended it
 */
public record DisqualificationRecommendation(OpportunityId opportunityId, String ground, String reason,
                                             String origin) {

    public DisqualificationRecommendation {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(ground, "ground");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(origin, "origin");
    }
}
