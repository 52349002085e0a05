package dev.salespipeline.core.transition;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.StageId;

import java.util.Objects;

/**
 * One entry of a bulk advance: this deal, to this stage.
 *
 * @param opportunity the deal as the caller last saw it
 * @param target      an open stage ahead of the current one, or the won stage
 */
public record AdvanceRequest(Opportunity opportunity, StageId target) {

    public AdvanceRequest {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(target, "target");
    }
}
