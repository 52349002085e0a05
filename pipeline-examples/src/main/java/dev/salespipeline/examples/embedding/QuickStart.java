package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.NextStep;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.AdvanceOutcome;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** A first deal: an advance refused without the buyer's evidence, and earned with it. */
public class QuickStart {

    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        TransitionService service = new TransitionService(rules, clock);
        Actor rep = Actor.of("rep-ana");
        LocalDate today = LocalDate.now(clock);

        Opportunity deal = service.open(OpportunityId.of("demo-1"), DefaultPipelines.evidenceBased(),
                OpportunityDetails.builder()
                        .account("PT Maju Jaya").owner(rep.id()).primaryContact("Sari Wulandari")
                        .value(DealValue.of(Money.of("120000.00", "EUR"), ValueKind.ACV))
                        .expectedCloseDate(today.plusDays(60))
                        .nextStep(NextStep.of("Confirm the budget with finance", today.plusDays(7)))
                        .build(), rep);

        AdvanceOutcome attempt = service.advance(deal, DefaultPipelines.QUALIFICATION, rep);
        System.out.println("Advance to Qualification without evidence: "
                + (attempt.isAdvanced() ? "allowed" : "refused"));
        for (UnmetCriterion unmet : attempt.decision().unmetCriteria()) {
            System.out.println("  - " + unmet.criterionId() + ": " + unmet.message());
        }

        for (EvidenceType type : List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED, EvidenceTypes.DECISION_MAKER_IDENTIFIED,
                EvidenceTypes.PAIN_COST_DOCUMENTED, EvidenceTypes.TIMELINE_COMMITTED)) {
            deal = service.recordEvidence(deal, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), rep);
        }
        AdvanceOutcome earned = service.advance(deal, DefaultPipelines.QUALIFICATION, rep);
        System.out.println("With the buyer's evidence: " + (earned.isAdvanced()
                ? "advanced to " + earned.opportunity().stage().displayName() : "refused"));
    }
}
