package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
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
import dev.salespipeline.rules.outcome.RegressionRecommendation;
import dev.salespipeline.rules.RuleSources;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Embedding the library in a host application, in the fewest lines: load the pipelines and the
 * default DRL rules, open a deal, attempt an advance and show the refusal with its reasons, record
 * the evidence that earns it, advance, and hear the rules recommend a regression after a setback.
 * The README's code is this class.
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
        PipelineCatalog catalog = DefaultPipelines.catalog();
        out.println("sales-pipeline demo: pipeline loaded");
        for (PipelineDefinition pipeline : catalog.pipelines()) {
            out.printf("%n%s (%s), %d stages%n", pipeline.name(), pipeline.id(), pipeline.stages().size());
            for (Stage stage : pipeline.stages()) {
                out.printf("  %-14s %-13s p=%-5s %s%n", stage.displayName(), stage.kind(),
                        stage.defaultWinProbability(),
                        stage.isTerminal() ? "" : stage.expectedDuration().toDays() + " days");
            }
        }

        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        out.printf("%nRules loaded: %s, %d rules from %d files%n", rules.version(), rules.ruleSet().ruleNames().size(),
                rules.ruleSet().files().size());

        PipelineDefinition pipeline = catalog.get("evidence-based");
        TransitionService service = new TransitionService(rules, clock);
        Opportunity deal = service.open(OpportunityId.of("demo-1"), pipeline, OpportunityDetails.builder()
                .account("PT Maju Jaya").owner(REP.id())
                .value(DealValue.of(Money.of("120000.00", "EUR"), ValueKind.ACV))
                .expectedCloseDate(LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(90))
                .primaryContact("Sari Wulandari")
                .nextStep(dev.salespipeline.core.opportunity.NextStep.of("Confirm budget with finance",
                        LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(7)))
                .build(), REP);
        out.printf("%nDeal %s (%s, %s) opened in %s.%n", deal.id(), deal.details().account(),
                deal.details().value(), deal.stage().displayName());

        AdvanceOutcome attempt = service.advance(deal, DefaultPipelines.QUALIFICATION, REP);
        out.println("Advance to Qualification without evidence: " + (attempt.isAdvanced() ? "ALLOWED" : "REFUSED"));
        for (UnmetCriterion unmet : attempt.decision().unmetCriteria()) {
            out.printf("  - %s: %s%n      (%s)%n", unmet.criterionId(), unmet.message(), unmet.origin());
        }

        List<EvidenceType> discoveryEvidence = List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED,
                EvidenceTypes.DECISION_MAKER_IDENTIFIED, EvidenceTypes.PAIN_COST_DOCUMENTED,
                EvidenceTypes.TIMELINE_COMMITTED);
        for (EvidenceType type : discoveryEvidence) {
            deal = service.recordEvidence(deal, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), REP);
        }
        out.println("Recorded evidence: " + deal.evidence().stream().map(item -> item.type().id())
                .collect(Collectors.joining(", ")));

        AdvanceOutcome earned = service.advance(deal, DefaultPipelines.QUALIFICATION, REP);
        out.println("Advance to Qualification with evidence: " + (earned.isAdvanced() ? "ALLOWED" : "REFUSED")
                + " -> now in " + earned.opportunity().stage().displayName()
                + " (history: " + earned.opportunity().version() + " events)");

        Opportunity setback = service.recordEvidence(earned.opportunity(),
                NewEvidence.of(EvidenceTypes.CHAMPION_LEFT, EvidenceSource.EMAIL), REP);
        out.println("Recorded setback: " + EvidenceTypes.CHAMPION_LEFT.id());
        for (RegressionRecommendation advice : rules.review(setback).regressions()) {
            out.printf("Rules recommend: regress to %s (%s): %s%n", pipeline.stage(advice.target()).displayName(),
                    advice.trigger(), advice.reason());
        }
    }
}
