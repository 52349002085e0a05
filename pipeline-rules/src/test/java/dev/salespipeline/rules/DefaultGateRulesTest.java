package dev.salespipeline.rules;

import static dev.salespipeline.rules.testing.RulesFixtures.DEFAULT_RULES;
import static dev.salespipeline.rules.testing.RulesFixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One test per default gate rule: it blocks without its evidence and passes with it. */
class DefaultGateRulesTest {

    private static final String DEFAULTS = "classpath:dev/salespipeline/rules/defaults/";

    /** Each evidence rule: rule name, file, stage left, criterion id (= evidence type), message. */
    static Stream<Arguments> evidenceRules() {
        return Stream.of(
                rule("Discovery exit: budget range confirmed", "gate-discovery-exit.drl", "discovery",
                        "budget-range-confirmed", "Confirm the buyer's budget range."),
                rule("Discovery exit: decision maker identified", "gate-discovery-exit.drl", "discovery",
                        "decision-maker-identified", "Identify the decision maker."),
                rule("Discovery exit: pain documented with its cost", "gate-discovery-exit.drl", "discovery",
                        "pain-cost-documented", "Document the buyer's pain and what it costs them."),
                rule("Discovery exit: timeline committed", "gate-discovery-exit.drl", "discovery",
                        "timeline-committed", "Get the buyer to commit to a timeline within 90 days."),
                rule("Qualification exit: economic buyer engaged", "gate-qualification-exit.drl", "qualification",
                        "economic-buyer-engaged", "Engage the economic buyer."),
                rule("Qualification exit: technical requirements documented", "gate-qualification-exit.drl",
                        "qualification", "technical-requirements-documented", "Document the technical requirements."),
                rule("Qualification exit: evaluation criteria confirmed", "gate-qualification-exit.drl", "qualification",
                        "evaluation-criteria-confirmed", "Confirm how the proposal will be evaluated."),
                rule("Qualification exit: proposal requested by someone with authority", "gate-qualification-exit.drl",
                        "qualification", "proposal-requested-by-authority",
                        "Get a proposal request from someone with authority."),
                rule("Proposal exit: reviewed with the decision maker", "gate-proposal-exit.drl", "proposal",
                        "proposal-reviewed-with-decision-maker", "Review the proposal with the decision maker."),
                rule("Proposal exit: feedback on price and terms received", "gate-proposal-exit.drl", "proposal",
                        "pricing-feedback-received", "Get the buyer's feedback on price and terms."),
                rule("Proposal exit: scope verbally agreed", "gate-proposal-exit.drl", "proposal",
                        "scope-verbally-agreed", "Get verbal agreement on the scope."),
                rule("Proposal exit: legal review started", "gate-proposal-exit.drl", "proposal",
                        "legal-review-started", "Have the buyer start legal review."),
                rule("Negotiation exit: all stakeholders aligned", "gate-negotiation-exit.drl", "negotiation",
                        "stakeholders-aligned", "Align all stakeholders."),
                rule("Negotiation exit: contract terms agreed", "gate-negotiation-exit.drl", "negotiation",
                        "contract-terms-agreed", "Agree the contract terms."),
                rule("Negotiation exit: purchase-order process started", "gate-negotiation-exit.drl", "negotiation",
                        "purchase-order-process-started", "Have the buyer start the purchase-order process."),
                rule("Negotiation exit: implementation timeline confirmed", "gate-negotiation-exit.drl", "negotiation",
                        "implementation-timeline-confirmed", "Confirm the implementation timeline."));
    }

    private static Arguments rule(String name, String file, String stage, String criterion, String message) {
        return Arguments.argumentSet(name, name, file, stage, criterion, message);
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("evidenceRules")
    void evidenceRuleBlocksWithoutItsEvidenceAndPassesWithIt(String rule, String file, String stage, String criterion,
                                                             String message) {
        Stage exiting = PIPELINE.stage(stage);
        List<EvidenceType> everyOther = EvidenceTypes.progression().stream()
                .filter(type -> !type.id().equals(criterion)).toList();
        Opportunity without = RulesFixtures.dealIn(exiting.id(), everyOther);

        GateDecision blocked = nextGate(without);

        assertThat(blocked.unmetCriteria()).singleElement().isEqualTo(new UnmetCriterion(criterion, message,
                exiting.id(), "rule '" + rule + "' in " + DEFAULTS + file));
        assertThat(blocked.ruleSetVersion()).isEqualTo(DEFAULT_RULES.version());
        Opportunity with = RulesFixtures.withEvidence(without, List.of(EvidenceType.of(criterion)));
        assertThat(nextGate(with).isAllowed()).isTrue();
    }

    @Test
    @DisplayName("Closing exit: contract signed or purchase order issued")
    void closingExitNeedsASignedContractOrAPurchaseOrder() {
        List<EvidenceType> allButClosing = EvidenceTypes.progression().stream()
                .filter(type -> type != EvidenceTypes.CONTRACT_SIGNED && type != EvidenceTypes.PURCHASE_ORDER_ISSUED)
                .toList();
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.CLOSING, allButClosing);

        assertThat(nextGate(deal).unmetCriteria()).singleElement().isEqualTo(new UnmetCriterion(
                "contract-signed-or-po-issued", "Get the contract signed or the purchase order issued.",
                DefaultPipelines.CLOSING, "rule 'Closing exit: contract signed or purchase order issued' in "
                + DEFAULTS + "gate-closing-exit.drl"));
        for (EvidenceType either : List.of(EvidenceTypes.CONTRACT_SIGNED, EvidenceTypes.PURCHASE_ORDER_ISSUED)) {
            assertThat(nextGate(RulesFixtures.withEvidence(deal, List.of(either))).isAllowed()).as(either.id()).isTrue();
        }
    }

    @Test
    @DisplayName("Discovery exit: expected close within 90 days")
    void discoveryExitNeedsAnExpectedCloseWithin90Days() {
        Opportunity soon = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, EvidenceTypes.progression());
        assertThat(nextGate(soon).isAllowed()).isTrue();

        Opportunity late = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.completeDetails().toBuilder()
                .expectedCloseDate(RulesFixtures.completeDetails().expectedCloseDate().plusDays(31)).build(),
                EvidenceTypes.progression());
        assertThat(nextGate(late).unmetCriteria()).singleElement().satisfies(unmet -> {
            assertThat(unmet.criterionId()).isEqualTo("timeline-within-90-days");
            assertThat(unmet.message()).isEqualTo("The expected close date is more than 90 days away: agree a "
                    + "timeline within 90 days or move the deal to Nurture.");
            assertThat(unmet.origin()).isEqualTo("rule 'Discovery exit: expected close within 90 days' in "
                    + DEFAULTS + "gate-discovery-exit.drl");
        });
    }

    @Test
    @DisplayName("Entering a stage: its required fields are filled")
    void requiredFieldsOfTheEnteredStageAreGatesForEveryPipeline() {
        Opportunity bare = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, RulesFixtures.completeDetails().toBuilder()
                .primaryContact(null).nextStep(null).build(), EvidenceTypes.progression());

        assertThat(nextGate(bare).unmetCriteria()).extracting(UnmetCriterion::criterionId, UnmetCriterion::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("required-field:nextStep",
                                "Qualification requires the field 'nextStep' to be filled."),
                        org.assertj.core.groups.Tuple.tuple("required-field:primaryContact",
                                "Qualification requires the field 'primaryContact' to be filled."));
        assertThat(nextGate(bare).unmetCriteria()).extracting(UnmetCriterion::origin).containsOnly(
                "rule 'Entering a stage: its required fields are filled' in " + DEFAULTS + "gate-required-fields.drl");
    }

    @Test
    void evidenceRulesApplyOnlyToTheEvidenceBasedPipeline() {
        var classic = DefaultPipelines.classic();
        Opportunity deal = RulesFixtures.PLACER.open(dev.salespipeline.core.opportunity.OpportunityId.of("c-1"),
                classic, RulesFixtures.completeDetails(), RulesFixtures.REP);
        assertThat(DEFAULT_RULES.evaluate(deal, StageId.of("qualification")).isAllowed()).isTrue();
    }

    @Test
    void aTransitionServiceOnTheRulesRefusesWithTheirCriteria() {
        var service = new dev.salespipeline.core.transition.TransitionService(DEFAULT_RULES, RulesFixtures.CLOCK);
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of(EvidenceTypes.LEGAL_REVIEW_STARTED));
        var outcome = service.advance(deal, DefaultPipelines.NEGOTIATION, RulesFixtures.REP);
        assertThat(outcome.isAdvanced()).isFalse();
        assertThat(outcome.decision().unmetCriteria()).extracting(UnmetCriterion::criterionId).containsExactly(
                "proposal-reviewed-with-decision-maker", "pricing-feedback-received", "scope-verbally-agreed");
        assertThat(outcome.decision().ruleSetVersion()).isEqualTo(DEFAULT_RULES.version());
    }

    private static GateDecision nextGate(Opportunity deal) {
        return DEFAULT_RULES.evaluate(new GateRequest(deal, deal.pipeline().gateAfter(deal.stageId()), RulesFixtures.NOW));
    }
}
