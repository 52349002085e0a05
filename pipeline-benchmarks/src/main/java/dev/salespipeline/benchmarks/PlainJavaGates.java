package dev.salespipeline.benchmarks;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateEvaluator;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.core.pipeline.StageId;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline: the default gate rules written by hand in plain Java — the same criteria, ids and
 * order as the default DRL files (a test holds it to their decisions). It is the practical limit a
 * rule engine is measured against, not a product feature.
 */
public final class PlainJavaGates implements GateEvaluator {

    private record Criterion(String id, String message, String[] anyOf) {
    }

    private static final Map<String, List<Criterion>> EXITS = Map.of(
            "discovery", List.of(
                    new Criterion("budget-range-confirmed", "Confirm the buyer's budget range.", new String[] {"budget-range-confirmed"}),
                    new Criterion("decision-maker-identified", "Identify the decision maker.", new String[] {"decision-maker-identified"}),
                    new Criterion("pain-cost-documented", "Document the buyer's pain and what it costs them.", new String[] {"pain-cost-documented"}),
                    new Criterion("timeline-committed", "Get the buyer to commit to a timeline within 90 days.", new String[] {"timeline-committed"})),
            "qualification", List.of(
                    new Criterion("economic-buyer-engaged", "Engage the economic buyer.", new String[] {"economic-buyer-engaged"}),
                    new Criterion("technical-requirements-documented", "Document the technical requirements.", new String[] {"technical-requirements-documented"}),
                    new Criterion("evaluation-criteria-confirmed", "Confirm how the proposal will be evaluated.", new String[] {"evaluation-criteria-confirmed"}),
                    new Criterion("proposal-requested-by-authority", "Get a proposal request from someone with authority.", new String[] {"proposal-requested-by-authority"})),
            "proposal", List.of(
                    new Criterion("proposal-reviewed-with-decision-maker", "Review the proposal with the decision maker.", new String[] {"proposal-reviewed-with-decision-maker"}),
                    new Criterion("pricing-feedback-received", "Get the buyer's feedback on price and terms.", new String[] {"pricing-feedback-received"}),
                    new Criterion("scope-verbally-agreed", "Get verbal agreement on the scope.", new String[] {"scope-verbally-agreed"}),
                    new Criterion("legal-review-started", "Have the buyer start legal review.", new String[] {"legal-review-started"})),
            "negotiation", List.of(
                    new Criterion("stakeholders-aligned", "Align all stakeholders.", new String[] {"stakeholders-aligned"}),
                    new Criterion("contract-terms-agreed", "Agree the contract terms.", new String[] {"contract-terms-agreed"}),
                    new Criterion("purchase-order-process-started", "Have the buyer start the purchase-order process.", new String[] {"purchase-order-process-started"}),
                    new Criterion("implementation-timeline-confirmed", "Confirm the implementation timeline.", new String[] {"implementation-timeline-confirmed"})),
            "closing", List.of(
                    new Criterion("contract-signed-or-po-issued", "Get the contract signed or the purchase order issued.",
                            new String[] {"contract-signed", "purchase-order-issued"})));

    private static final String ORIGIN = "benchmarks:plain-java-baseline";

    @Override
    public GateDecision evaluate(GateRequest request) {
        Opportunity deal = request.opportunity();
        StageId exiting = request.exiting().id();
        List<UnmetCriterion> unmet = new ArrayList<>();
        if (deal.pipeline().id().value().equals("evidence-based")) {
            for (Criterion criterion : EXITS.getOrDefault(exiting.value(), List.of())) {
                boolean met = false;
                for (int index = 0; index < deal.evidence().size() && !met; index++) {
                    String type = deal.evidence().get(index).type().id();
                    for (String acceptable : criterion.anyOf()) {
                        met |= acceptable.equals(type);
                    }
                }
                if (!met) {
                    unmet.add(new UnmetCriterion(criterion.id(), criterion.message(), exiting, ORIGIN));
                }
            }
            if (exiting.value().equals("discovery")) {
                LocalDate today = LocalDate.ofInstant(request.now(), ZoneOffset.UTC);
                if (ChronoUnit.DAYS.between(today, deal.details().expectedCloseDate()) > 90) {
                    unmet.add(new UnmetCriterion("timeline-within-90-days", "The expected close date is more than 90 days"
                            + " away: agree a timeline within 90 days or move the deal to Nurture.", exiting, ORIGIN));
                }
            }
        }
        List<UnmetCriterion> fields = new ArrayList<>();
        for (OpportunityField field : request.entering().requiredFields()) {
            if (!deal.details().isFilled(field)) {
                fields.add(new UnmetCriterion("required-field:" + field.name(), request.entering().displayName()
                        + " requires the field '" + field.name() + "' to be filled.", exiting, ORIGIN));
            }
        }
        fields.sort(java.util.Comparator.comparing(UnmetCriterion::criterionId));
        unmet.addAll(fields);
        return GateDecision.of(unmet, "plain-java-baseline");
    }
}
