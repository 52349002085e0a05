package dev.salespipeline.examples.embedding;

// doc-region: imports
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
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.transition.AdvanceOutcome;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.outcome.RegressionRecommendation;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
// doc-end

/**
 * Embedding the library in a host application, in the fewest lines: load the pipelines and the
 * default DRL rules, open a deal, attempt an advance and show the refusal with its reasons, record
 * the evidence that earns it, advance, and hear the rules recommend a regression after a setback.
 * docs/getting-started.md shows its marked regions.
 */
public final class FirstDeal {

    private static final Actor REP = Actor.of("rep-ana");

    private FirstDeal() {
    }

    public static void main(String[] args) {
        run(System.out, Clock.systemUTC());
    }

    /** Runs the demo, printing to {@code out} and reading time from {@code clock}. */
    public static void run(PrintStream out, Clock clock) {
        // doc-region: load
        PipelineCatalog catalog = DefaultPipelines.catalog();
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        TransitionService service = new TransitionService(rules, clock);
        // doc-end
        out.println("sales-pipeline demo: pipeline loaded");
        for (PipelineDefinition pipeline : catalog.pipelines()) {
            out.printf("%n%s (%s), %d stages%n", pipeline.name(), pipeline.id(), pipeline.stages().size());
            for (Stage stage : pipeline.stages()) {
                out.printf("  %-14s %-13s p=%-5s %s%n", stage.displayName(), stage.kind(),
                        stage.defaultWinProbability(),
                        stage.isTerminal() ? "" : stage.expectedDuration().toDays() + " days");
            }
        }
        out.printf("%nRules loaded: %s, %d rules from %d files%n", rules.version(), rules.ruleSet().ruleNames().size(),
                rules.ruleSet().files().size());

        // doc-region: open
        PipelineDefinition pipeline = catalog.get("evidence-based");
        LocalDate today = LocalDate.now(clock);
        Opportunity deal = service.open(OpportunityId.of("demo-1"), pipeline, OpportunityDetails.builder()
                .account("PT Maju Jaya").owner(REP.id()).primaryContact("Sari Wulandari")
                .value(DealValue.of(Money.of("120000.00", "EUR"), ValueKind.ACV))
                .expectedCloseDate(today.plusDays(90))
                .nextStep(NextStep.of("Confirm budget with finance", today.plusDays(7)))
                .build(), REP);

        AdvanceOutcome attempt = service.advance(deal, DefaultPipelines.QUALIFICATION, REP);
        for (UnmetCriterion unmet : attempt.decision().unmetCriteria()) {
            out.printf("  - %s: %s%n      (%s)%n", unmet.criterionId(), unmet.message(), unmet.origin());
        }
        // doc-end
        out.printf("Deal %s (%s, %s) opened in %s; advance to Qualification without evidence: %s%n", deal.id(),
                deal.details().account(), deal.details().value(), deal.stage().displayName(),
                attempt.isAdvanced() ? "ALLOWED" : "REFUSED");

        // doc-region: earn
        for (EvidenceType type : List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED, EvidenceTypes.DECISION_MAKER_IDENTIFIED,
                EvidenceTypes.PAIN_COST_DOCUMENTED, EvidenceTypes.TIMELINE_COMMITTED)) {
            deal = service.recordEvidence(deal, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), REP);
        }
        AdvanceOutcome earned = service.advance(deal, DefaultPipelines.QUALIFICATION, REP);
        // doc-end
        out.println("Recorded evidence: " + deal.evidence().stream().map(item -> item.type().id())
                .collect(Collectors.joining(", ")));
        out.println("Advance to Qualification with evidence: " + (earned.isAdvanced() ? "ALLOWED" : "REFUSED")
                + " -> now in " + earned.opportunity().stage().displayName()
                + " (history: " + earned.opportunity().version() + " events)");

        // doc-region: setback
        Opportunity setback = service.recordEvidence(earned.opportunity(),
                NewEvidence.of(EvidenceTypes.CHAMPION_LEFT, EvidenceSource.EMAIL), REP);
        for (RegressionRecommendation advice : rules.review(setback).regressions()) {
            out.printf("Rules recommend: regress to %s (%s): %s%n", pipeline.stage(advice.target()).displayName(),
                    advice.trigger(), advice.reason());
        }
        // doc-end
    }
}
