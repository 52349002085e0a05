package dev.salespipeline.rules.testing;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.gate.GateDecision;
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
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;

/** Deals and rules shared by the rules tests; one default rule set is compiled once per test JVM. */
public final class RulesFixtures {

    public static final Instant NOW = Instant.parse("2026-02-02T09:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final Actor REP = Actor.of("rep-ana");
    public static final PipelineDefinition PIPELINE = DefaultPipelines.evidenceBased();
    public static final PipelineRules DEFAULT_RULES = PipelineRules.builder(RuleSources.defaults()).clock(CLOCK).build();

    /** Places deals anywhere without rules, so fixtures never depend on the rules under test. */
    public static final TransitionService PLACER = new TransitionService(request -> GateDecision.allowed("placer"), CLOCK);

    /** The head of a host rule file: a package and every fact import; rules start on line 8. */
    public static final String HOST_HEADER = """
            package host.rules;

            import dev.salespipeline.rules.facts.GateCheck;
            import dev.salespipeline.rules.facts.Review;
            import dev.salespipeline.rules.facts.Deal;
            import dev.salespipeline.rules.facts.Evidence;

            """;

    /** An analyst's added criterion: a security review before Negotiation. */
    public static final String SECURITY_REVIEW_RULE = """
            // Enterprise buyers must pass our security review before we negotiate.
            rule "Proposal exit: security review passed"
            when
                $gate : GateCheck( pipeline == "evidence-based", exiting == "proposal" )
                not Evidence( dealId == $gate.dealId, type == "security-review-passed" )
            then
                $gate.unmet( "security-review-passed", "Pass the buyer's security review." );
            end
            """;

    private RulesFixtures() {
    }

    public static OpportunityDetails completeDetails() {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        return OpportunityDetails.builder()
                .account("PT Maju Jaya").owner(REP.id())
                .value(DealValue.of(Money.of("120000.00", "EUR"), ValueKind.ACV))
                .expectedCloseDate(today.plusDays(60))
                .primaryContact("Sari Wulandari")
                .stakeholders(Stakeholder.of("Dewi Lestari", StakeholderRole.ECONOMIC_BUYER))
                .products("Pipeline Analytics")
                .nextStep(NextStep.of("Send the security questionnaire", today.plusDays(7)))
                .build();
    }

    /** A complete deal placed in {@code stage} with this evidence. */
    public static Opportunity dealIn(StageId stage, Collection<EvidenceType> evidence) {
        return dealIn(stage, completeDetails(), evidence);
    }

    public static Opportunity dealIn(StageId stage, OpportunityDetails details, Collection<EvidenceType> evidence) {
        Opportunity deal = PLACER.open(OpportunityId.of("opp-1"), PIPELINE, details, REP);
        if (!stage.equals(deal.stageId())) {
            deal = PLACER.overrideGate(deal, stage, Actor.of("manager"), "placed by the fixture");
        }
        return withEvidence(deal, evidence);
    }

    /** {@code count} pieces of evidence of distinct types, {@code e-1}, {@code e-2}…: a deal with many facts. */
    public static java.util.List<EvidenceType> manyEvidenceTypes(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> EvidenceType.of("e-" + i)).toList();
    }

    public static Opportunity withEvidence(Opportunity deal, Collection<EvidenceType> evidence) {
        Opportunity result = deal;
        for (EvidenceType type : evidence) {
            result = PLACER.recordEvidence(result, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), REP);
        }
        return result;
    }
}
