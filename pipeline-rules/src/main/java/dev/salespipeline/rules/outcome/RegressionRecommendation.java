package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.StageId;

import java.util.Objects;

/**
 * A rule's advice to move a deal back: always to an earlier open stage or to nurture, never forward.
 *
 * @param opportunityId the deal
 * @param target        where to move it
 * @param trigger       what happened, such as {@code champion-left}
 * @param reason        the explanation for rep and manager
 * @param origin        the rule and file that recommended it
 */
public record RegressionRecommendation(OpportunityId opportunityId, StageId target, String trigger, String reason,
                                       String origin) {

    public RegressionRecommendation {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(origin, "origin");
    }
}
