package dev.salespipeline.core.gate;

import static dev.salespipeline.core.testing.Deals.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.Gate;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequiredEvidenceGateEvaluatorTest {

    private static final RequiredEvidenceGateEvaluator EVALUATOR = RequiredEvidenceGateEvaluator.defaults();
    private final TransitionService service = new TransitionService(EVALUATOR, new TestClock());

    /** Every default criterion with the stage it guards, written out from DOMAIN.md rather than read from the code. */
    static Stream<Arguments> defaultCriteria() {
        return Stream.of(
                Arguments.of("discovery", "budget-range-confirmed", "Confirm the buyer's budget range."),
                Arguments.of("discovery", "decision-maker-identified", "Identify the decision maker."),
                Arguments.of("discovery", "pain-cost-documented", "Document the buyer's pain and what it costs them."),
                Arguments.of("discovery", "timeline-committed", "Get the buyer to commit to a timeline within 90 days."),
                Arguments.of("qualification", "economic-buyer-engaged", "Engage the economic buyer."),
                Arguments.of("qualification", "technical-requirements-documented", "Document the technical requirements."),
                Arguments.of("qualification", "evaluation-criteria-confirmed", "Confirm how the proposal will be evaluated."),
                Arguments.of("qualification", "proposal-requested-by-authority",
                        "Get a proposal request from someone with authority."),
                Arguments.of("proposal", "proposal-reviewed-with-decision-maker",
                        "Review the proposal with the decision maker."),
                Arguments.of("proposal", "pricing-feedback-received", "Get the buyer's feedback on price and terms."),
                Arguments.of("proposal", "scope-verbally-agreed", "Get verbal agreement on the scope."),
                Arguments.of("proposal", "legal-review-started", "Have the buyer start legal review."),
                Arguments.of("negotiation", "stakeholders-aligned", "Align all stakeholders."),
                Arguments.of("negotiation", "contract-terms-agreed", "Agree the contract terms."),
                Arguments.of("negotiation", "purchase-order-process-started",
                        "Have the buyer start the purchase-order process."),
                Arguments.of("negotiation", "implementation-timeline-confirmed", "Confirm the implementation timeline."));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("defaultCriteria")
    void eachDefaultCriterionBlocksWithoutItsEvidenceAndPassesWithIt(String stage, String criterionId, String message) {
        Stage exiting = PIPELINE.stage(stage);
        Stage entering = PIPELINE.stage(PIPELINE.gateAfter(exiting.id()).entering().id());
        List<EvidenceType> everyOther = EVALUATOR.exitCriteria(PIPELINE.id(), exiting.id()).stream()
                .filter(criterion -> !criterion.id().equals(criterionId))
                .flatMap(criterion -> criterion.satisfiedBy().stream()).toList();
        Opportunity without = Deals.withEvidence(service, Deals.open(service, "opp-1", Deals.completeDetails()), everyOther);

        GateDecision blocked = EVALUATOR.evaluate(new GateRequest(without, new Gate(exiting, entering), TestClock.START));

        assertThat(blocked.unmetCriteria()).singleElement().isEqualTo(
                new UnmetCriterion(criterionId, message, exiting.id(), RequiredEvidenceGateEvaluator.ORIGIN));

        Opportunity with = Deals.withEvidence(service, without, List.of(EvidenceType.of(criterionId)));
        assertThat(EVALUATOR.evaluate(new GateRequest(with, new Gate(exiting, entering), TestClock.START)).isAllowed()).isTrue();
    }

    @Test
    void closingIsPassedBySignedContractOrPurchaseOrder() {
        Stage closing = PIPELINE.stage(DefaultPipelines.CLOSING);
        Opportunity deal = Deals.open(service, "opp-1", Deals.completeDetails());

        GateDecision blocked = EVALUATOR.evaluate(new GateRequest(deal, new Gate(closing, PIPELINE.wonStage()), TestClock.START));
        assertThat(blocked.unmetCriteria()).extracting(UnmetCriterion::criterionId)
                .containsExactly("contract-signed-or-po-issued");
        for (EvidenceType either : List.of(EvidenceTypes.CONTRACT_SIGNED, EvidenceTypes.PURCHASE_ORDER_ISSUED)) {
            Opportunity with = Deals.withEvidence(service, deal, List.of(either));
            assertThat(EVALUATOR.evaluate(new GateRequest(with, new Gate(closing, PIPELINE.wonStage()), TestClock.START))
                    .isAllowed()).as(either.id()).isTrue();
        }
    }

    @Test
    void theDefaultCatalogueCoversEveryCriterionAndNothingElse() {
        Set<EvidenceType> used = PIPELINE.openStages().stream()
                .flatMap(stage -> EVALUATOR.exitCriteria(PIPELINE.id(), stage.id()).stream())
                .flatMap(criterion -> criterion.satisfiedBy().stream()).collect(Collectors.toSet());
        assertThat(used).containsExactlyInAnyOrderElementsOf(EvidenceTypes.progression());
    }

    @Test
    void criteriaApplyOnlyToThePipelineTheyWereConfiguredFor() {
        assertThat(EVALUATOR.exitCriteria(DefaultPipelines.classic().id(), StageId.of("qualification"))).isEmpty();
    }

    @Test
    void versionFollowsTheConfiguration() {
        assertThat(RequiredEvidenceGateEvaluator.defaults().version()).isEqualTo(EVALUATOR.version());
        RequiredEvidenceGateEvaluator relaxed = RequiredEvidenceGateEvaluator.builder().build();
        assertThat(relaxed.version()).isNotEqualTo(EVALUATOR.version()).startsWith("required-evidence@");
    }

    @Test
    void criteriaAndDecisionsRefuseBadValues() {
        assertThatThrownBy(() -> ExitCriterion.of("x", "Do x"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("satisfiedBy of criterion x must name at least one evidence type, but was []");
        assertThatThrownBy(() -> new GateDecision.Blocked(List.of(), "v1"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("unmetCriteria must not be empty");
        assertThatThrownBy(() -> GateDecision.allowed(" "))
                .hasMessage("ruleSetVersion must not be blank, but was \" \"");
    }
}
