package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one pass of the rules over a portfolio found
 * ({@link dev.salespipeline.rules.PipelineRules#sweepPortfolio(java.util.Collection,
 * dev.salespipeline.core.metrics.StageAverages) sweepPortfolio}): the same answers
 * {@link dev.salespipeline.rules.PipelineRules#evaluateNextGates evaluateNextGates},
 * {@link dev.salespipeline.rules.PipelineRules#sweep sweep} and
 * {@link dev.salespipeline.rules.PipelineRules#reviewAll reviewAll} give, in the order the deals were given.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nextGates      the gate to the next stage on the track of every open deal; closed and
 *                       nurtured deals have none
 * @param alerts         every alert on every deal, deal by deal
 * @param reviews        the regression and disqualification review of every deal, empty ones included
 * @param ruleSetVersion the version of the rule set that answered all of them
 */
public record PortfolioSweep(Map<OpportunityId, GateDecision> nextGates, List<Alert> alerts,
                             List<DealReview> reviews, String ruleSetVersion) {

    public PortfolioSweep {
        // Copied in order: Map.copyOf would lose the deals' order.
        nextGates = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(nextGates, "nextGates")));
        alerts = List.copyOf(alerts);
        reviews = List.copyOf(reviews);
        Objects.requireNonNull(ruleSetVersion, "ruleSetVersion");
    }

    public static PortfolioSweep of(List<DealSweep> results, String ruleSetVersion) {
        Map<OpportunityId, GateDecision> nextGates = new LinkedHashMap<>();
        List<Alert> alerts = new ArrayList<>();
        List<DealReview> reviews = new ArrayList<>(results.size());
        for (DealSweep result : results) {
            result.nextGate().ifPresent(gate -> nextGates.put(result.opportunityId(), gate));
            alerts.addAll(result.alerts());
            reviews.add(result.review());
        }
        return new PortfolioSweep(nextGates, alerts, reviews, ruleSetVersion);
    }
}
