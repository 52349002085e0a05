package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
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
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.opportunity.StakeholderRole;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The same deal under an analyst's rules directory: the host loads the defaults plus the directory,
 * and a criterion the analyst added in DRL refuses an advance the defaults allow — no code changed.
 */
public final class CustomRules {

    private static final Actor REP = Actor.of("rep-ana");

    private CustomRules() {
    }

    /** Runs the example against {@code rulesDirectory} (the examples ship {@code pipeline-examples/rules}). */
    public static void run(PrintStream out, Clock clock, Path rulesDirectory) {
        PipelineRules defaults = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        // doc-region: custom
        PipelineRules custom = PipelineRules.builder(RuleSources.defaults().withDirectory(rulesDirectory))
                .clock(clock).build();
        // doc-end
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);

        TransitionService placer = new TransitionService(defaults, clock);
        Opportunity deal = placer.open(OpportunityId.of("custom-1"), DefaultPipelines.evidenceBased(),
                OpportunityDetails.builder().account("PT Sentosa").owner(REP.id())
                        .value(DealValue.of(Money.of("250000.00", "EUR"), ValueKind.ACV))
                        .expectedCloseDate(today.plusDays(60)).primaryContact("Rina")
                        .stakeholders(Stakeholder.of("Rina", StakeholderRole.ECONOMIC_BUYER)).products("Pipeline Analytics")
                        .nextStep(NextStep.of("Review terms", today.plusDays(3))).build(), REP);
        deal = placer.overrideGate(deal, DefaultPipelines.PROPOSAL, Actor.of("manager"), "imported mid-cycle");
        for (EvidenceType type : List.of(EvidenceTypes.PROPOSAL_REVIEWED_WITH_DECISION_MAKER,
                EvidenceTypes.PRICING_FEEDBACK_RECEIVED, EvidenceTypes.SCOPE_VERBALLY_AGREED,
                EvidenceTypes.LEGAL_REVIEW_STARTED)) {
            deal = placer.recordEvidence(deal, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), REP);
        }

        out.println("Default rules " + defaults.version() + ": advance to Negotiation "
                + (defaults.evaluate(deal, DefaultPipelines.NEGOTIATION).isAllowed() ? "ALLOWED" : "REFUSED"));
        // doc-region: evaluate
        GateDecision decision = custom.evaluate(deal, DefaultPipelines.NEGOTIATION);
        // doc-end
        out.println("With " + rulesDirectory + " (" + custom.version() + "): advance to Negotiation "
                + (decision.isAllowed() ? "ALLOWED" : "REFUSED"));
        for (UnmetCriterion unmet : decision.unmetCriteria()) {
            out.printf("  - %s: %s%n      (%s)%n", unmet.criterionId(), unmet.message(), unmet.origin());
        }
    }

    public static void main(String[] args) {
        run(System.out, Clock.systemUTC(), Path.of(args.length > 0 ? args[0] : "pipeline-examples/rules"));
    }
}
