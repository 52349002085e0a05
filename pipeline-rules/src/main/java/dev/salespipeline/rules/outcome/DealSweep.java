package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the portfolio sweep found for one deal: its next gate, its alerts and its review, all from one
 * rule set. The streaming {@link dev.salespipeline.rules.PipelineRules#sweepPortfolio(java.util.Iterator,
 * dev.salespipeline.core.metrics.StageAverages, java.util.function.Consumer) sweepPortfolio} hands one
 * to the host per deal.
 *
 * <p>Immutable and thread-safe.
 *
 * @param opportunityId the deal
 * @param nextGate      the gate to the next stage on its track, as
 *                      {@link dev.salespipeline.rules.PipelineRules#evaluateNextGates} decides it; empty for a
 *                      deal that is not open
 * @param alerts        its alerts, as
 *                      {@link dev.salespipeline.rules.PipelineRules#alerts(dev.salespipeline.core.opportunity.Opportunity,
 *                      dev.salespipeline.core.metrics.StageAverages) alerts} raises them
 * @param review        its regression and disqualification review, empty ones included
 */
public record DealSweep(OpportunityId opportunityId, Optional<GateDecision> nextGate, List<Alert> alerts,
                        DealReview review) {

    public DealSweep {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(nextGate, "nextGate");
        alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
        Objects.requireNonNull(review, "review");
        if (!review.opportunityId().equals(opportunityId)) {
            throw new InvalidValueException("review", review.opportunityId().value(), "must be of deal \"" + opportunityId + "\"");
        }
        for (Alert alert : alerts) {
            if (!alert.opportunityId().equals(opportunityId)) {
                throw new InvalidValueException("alerts", alert.opportunityId().value(), "must all be on deal \"" + opportunityId + "\"");
            }
        }
    }
}
