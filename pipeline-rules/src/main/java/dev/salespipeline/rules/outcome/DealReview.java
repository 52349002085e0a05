package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.List;
import java.util.Objects;

/**
 * What the regression and disqualification rules recommend for one deal, and which rules decided.
 *
 * @param opportunityId     the deal
 * @param regressions       recommended moves back, in firing order
 * @param disqualifications recommended disqualifications, in firing order
 * @param ruleSetVersion    the version of the rule set that reviewed it
 */
public record DealReview(OpportunityId opportunityId, List<RegressionRecommendation> regressions,
                         List<DisqualificationRecommendation> disqualifications, String ruleSetVersion) {

    public DealReview {
        Objects.requireNonNull(opportunityId, "opportunityId");
        regressions = List.copyOf(regressions);
        disqualifications = List.copyOf(disqualifications);
        Objects.requireNonNull(ruleSetVersion, "ruleSetVersion");
    }

    /** Whether any rule recommended anything. */
    public boolean hasRecommendations() {
        return !regressions.isEmpty() || !disqualifications.isEmpty();
    }
}
