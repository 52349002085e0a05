package dev.salespipeline.core.transition;

import static dev.salespipeline.core.pipeline.DefaultPipelines.CLOSED_LOST;
import static dev.salespipeline.core.pipeline.DefaultPipelines.CLOSED_WON;
import static dev.salespipeline.core.pipeline.DefaultPipelines.CLOSING;
import static dev.salespipeline.core.pipeline.DefaultPipelines.DISCOVERY;
import static dev.salespipeline.core.pipeline.DefaultPipelines.DISQUALIFIED;
import static dev.salespipeline.core.pipeline.DefaultPipelines.NEGOTIATION;
import static dev.salespipeline.core.pipeline.DefaultPipelines.NURTURE;
import static dev.salespipeline.core.pipeline.DefaultPipelines.PROPOSAL;
import static dev.salespipeline.core.pipeline.DefaultPipelines.QUALIFICATION;
import static dev.salespipeline.core.testing.Deals.MANAGER;
import static dev.salespipeline.core.testing.Deals.REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.IllegalStageTransitionException;
import dev.salespipeline.core.opportunity.InvalidEventException;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.opportunity.UnknownEvidenceException;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TransitionServiceTest {

    private static final List<EvidenceType> DISCOVERY_EXIT = List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED,
            EvidenceTypes.DECISION_MAKER_IDENTIFIED, EvidenceTypes.PAIN_COST_DOCUMENTED,
            EvidenceTypes.TIMELINE_COMMITTED);
    private static final List<EvidenceType> QUALIFICATION_EXIT = List.of(EvidenceTypes.ECONOMIC_BUYER_ENGAGED,
            EvidenceTypes.TECHNICAL_REQUIREMENTS_DOCUMENTED, EvidenceTypes.EVALUATION_CRITERIA_CONFIRMED,
            EvidenceTypes.PROPOSAL_REQUESTED_BY_AUTHORITY);

    private final TestClock clock = new TestClock();
    private final TransitionService service = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock);

    private Opportunity newDeal() {
        return Deals.open(service, "opp-1", Deals.completeDetails());
    }

    private Opportunity inQualification() {
        Opportunity deal = Deals.withEvidence(service, newDeal(), DISCOVERY_EXIT);
        return service.advance(deal, QUALIFICATION, REP).opportunity();
    }

    @Test
    void opensInTheFirstOpenStageAtTheClocksTime() {
        Opportunity deal = newDeal();
        assertThat(deal.stageId()).isEqualTo(DISCOVERY);
        assertThat(deal.createdAt()).isEqualTo(TestClock.START);
        assertThat(deal.stageEnteredAt()).isEqualTo(TestClock.START);
        assertThat(deal.version()).isEqualTo(1);
        assertThat(deal.history().get(0)).isInstanceOf(OpportunityEvent.Created.class);
    }

    @Test
    void advanceWithoutEvidenceIsRefusedWithEveryUnmetCriterionAndChangesNothing() {
        Opportunity deal = newDeal();

        AdvanceOutcome outcome = service.advance(deal, QUALIFICATION, REP);

        assertThat(outcome).isInstanceOf(AdvanceOutcome.Refused.class);
        assertThat(outcome.opportunity()).isSameAs(deal);
        assertThat(outcome.decision().unmetCriteria()).extracting(UnmetCriterion::criterionId)
                .containsExactly("budget-range-confirmed", "decision-maker-identified", "pain-cost-documented",
                        "timeline-committed");
        assertThat(outcome.decision().unmetCriteria().get(0).message()).isEqualTo("Confirm the buyer's budget range.");
        assertThat(deal.version()).isEqualTo(1);
    }

    @Test
    void advanceWithEvidenceMovesTheDealAndRecordsTheGateVersion() {
        Opportunity deal = Deals.withEvidence(service, newDeal(), DISCOVERY_EXIT);
        clock.advance(Duration.ofDays(3));

        AdvanceOutcome outcome = service.advance(deal, QUALIFICATION, REP);

        assertThat(outcome.isAdvanced()).isTrue();
        Opportunity advanced = outcome.opportunity();
        assertThat(advanced.stageId()).isEqualTo(QUALIFICATION);
        assertThat(advanced.stageEnteredAt()).isEqualTo(TestClock.START.plus(Duration.ofDays(3)));
        StageChanged change = (StageChanged) advanced.history().get(advanced.history().size() - 1);
        assertThat(change.move()).isEqualTo(StageMove.ADVANCE);
        assertThat(change.gate()).isEqualTo(GateRecord.passed(RequiredEvidenceGateEvaluator.defaults().version()));
        assertThat(deal.stageId()).as("the earlier instance is untouched").isEqualTo(DISCOVERY);
    }

    @Test
    void skippingAStageMustPassTheSkippedStagesGateToo() {
        Opportunity deal = Deals.withEvidence(service, newDeal(), DISCOVERY_EXIT);

        AdvanceOutcome skip = service.advance(deal, PROPOSAL, REP);

        assertThat(skip.isAdvanced()).isFalse();
        assertThat(skip.decision().unmetCriteria()).extracting(UnmetCriterion::stage).containsOnly(QUALIFICATION);
        assertThat(skip.decision().unmetCriteria()).extracting(UnmetCriterion::criterionId)
                .containsExactly("economic-buyer-engaged", "technical-requirements-documented",
                        "evaluation-criteria-confirmed", "proposal-requested-by-authority");

        Opportunity ready = Deals.withEvidence(service, deal, QUALIFICATION_EXIT);
        assertThat(service.advance(ready, PROPOSAL, REP).opportunity().stageId()).isEqualTo(PROPOSAL);
    }

    @Test
    void requiredFieldsOfTheEnteredStageBlockTheAdvance() {
        Opportunity deal = Deals.withEvidence(service, Deals.open(service, "opp-2", Deals.minimalDetails()),
                DISCOVERY_EXIT);

        AdvanceOutcome outcome = service.advance(deal, QUALIFICATION, REP);

        assertThat(outcome.decision().unmetCriteria()).extracting(UnmetCriterion::criterionId)
                .containsExactly("required-field:primaryContact", "required-field:nextStep");
        assertThat(outcome.decision().unmetCriteria().get(0).message())
                .isEqualTo("Qualification requires the field 'primaryContact' to be filled.");
    }

    @Test
    void checkReportsTheDecisionWithoutRecordingAnything() {
        Opportunity deal = newDeal();
        GateDecision decision = service.check(deal, QUALIFICATION);
        assertThat(decision.isAllowed()).isFalse();
        assertThat(decision.ruleSetVersion()).isEqualTo(RequiredEvidenceGateEvaluator.defaults().version());
    }

    @Test
    void winningPassesTheClosingGate() {
        Opportunity deal = inQualification();
        assertThat(service.win(deal, REP).decision().unmetCriteria()).extracting(UnmetCriterion::stage)
                .containsOnly(QUALIFICATION, PROPOSAL, NEGOTIATION, CLOSING);

        Opportunity closing = service.overrideGate(deal, CLOSING, MANAGER, "Signed framework agreement covers it");
        AdvanceOutcome blocked = service.win(closing, REP);
        assertThat(blocked.decision().unmetCriteria()).extracting(UnmetCriterion::criterionId)
                .containsExactly("contract-signed-or-po-issued");

        Opportunity withPo = Deals.withEvidence(service, closing, List.of(EvidenceTypes.PURCHASE_ORDER_ISSUED));
        Opportunity won = service.win(withPo, REP).opportunity();
        assertThat(won.stageId()).isEqualTo(CLOSED_WON);
        assertThat(won.isClosed()).isTrue();
        assertThat(won.stageChanges().get(won.stageChanges().size() - 1).move()).isEqualTo(StageMove.WIN);
    }

    @Test
    void managerOverrideIsRecordedWithItsJustification() {
        Opportunity deal = newDeal();
        Opportunity overridden = service.overrideGate(deal, QUALIFICATION, MANAGER, "Budget confirmed verbally by CFO");

        StageChanged change = overridden.stageChanges().get(0);
        assertThat(overridden.stageId()).isEqualTo(QUALIFICATION);
        assertThat(change.actor()).isEqualTo(MANAGER);
        assertThat(change.gate()).isEqualTo(GateRecord.overridden("Budget confirmed verbally by CFO"));
        assertThatThrownBy(() -> service.overrideGate(deal, QUALIFICATION, MANAGER, "  "))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("justification must not be blank, but was \"  \"");
        assertThatThrownBy(() -> service.overrideGate(overridden, DISCOVERY, MANAGER, "oops"))
                .as("an override still obeys the stage-move rules")
                .isInstanceOf(IllegalStageTransitionException.class);
    }

    @Test
    void advancingBackwardsIsMisuseNotARefusal() {
        Opportunity deal = inQualification();
        assertThatThrownBy(() -> service.advance(deal, DISCOVERY, REP))
                .isInstanceOfSatisfying(IllegalStageTransitionException.class, e -> {
                    assertThat(e.opportunityId()).isEqualTo(OpportunityId.of("opp-1"));
                    assertThat(e.move()).isEqualTo(StageMove.ADVANCE);
                    assertThat(e.from()).isEqualTo(QUALIFICATION);
                    assertThat(e.to()).isEqualTo(DISCOVERY);
                })
                .hasMessage("Opportunity 'opp-1' cannot advance from 'qualification' to 'discovery': "
                        + "advancing must move forward; use regress to move back");
        assertThatThrownBy(() -> service.advance(deal, CLOSED_LOST, REP))
                .hasMessage("Opportunity 'opp-1' cannot advance from 'qualification' to 'closed-lost': "
                        + "the target of advance must be a OPEN stage, not LOST");
        assertThatThrownBy(() -> service.advance(deal, StageId.of("demo"), REP))
                .hasMessageStartingWith("Pipeline 'evidence-based' has no stage 'demo'");
    }

    @Test
    void regressionMovesBackOnlyAndNeedsAReason() {
        Opportunity deal = inQualification();
        Opportunity regressed = service.regress(deal, DISCOVERY, REP, "No budget after all");

        assertThat(regressed.stageId()).isEqualTo(DISCOVERY);
        assertThat(regressed.regressionReasons()).containsExactly("No budget after all");
        assertThatThrownBy(() -> service.regress(deal, DISCOVERY, REP, ""))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("reason must not be blank: to regress a deal, say why, but was \"\"");
        assertThatThrownBy(() -> service.regress(deal, PROPOSAL, REP, "wrong way"))
                .isInstanceOf(IllegalStageTransitionException.class)
                .hasMessageEndingWith("regression must move back to an earlier stage; use advance to move forward");
    }

    @Test
    void nurtureAndReactivationStayWithinWhatWasEarned() {
        Opportunity deal = inQualification();
        Opportunity nurtured = service.moveToNurture(deal, REP, "Timeline moved to next year");
        assertThat(nurtured.stageId()).isEqualTo(NURTURE);
        assertThat(nurtured.lastOpenStageId()).isEqualTo(QUALIFICATION);

        assertThatThrownBy(() -> service.reactivate(nurtured, PROPOSAL, REP, "Budget is back"))
                .isInstanceOf(IllegalStageTransitionException.class)
                .hasMessageEndingWith("it may return at most to 'qualification', the last open stage it held; "
                        + "later stages must be earned through their gates");
        Opportunity back = service.reactivate(nurtured, QUALIFICATION, REP, "Budget is back");
        assertThat(back.stageId()).isEqualTo(QUALIFICATION);
        assertThatThrownBy(() -> service.advance(nurtured, PROPOSAL, REP))
                .hasMessageContaining("a deal in a NURTURE stage cannot advance");
    }

    @Test
    void lostAndDisqualifiedAreTerminalUntilReopened() {
        Opportunity deal = inQualification();
        Opportunity lost = service.lose(deal, REP, "Decision maker chose a competitor");
        assertThat(lost.stageId()).isEqualTo(CLOSED_LOST);
        assertThat(lost.lossReason()).contains("Decision maker chose a competitor");
        assertThat(lost.isClosed()).isTrue();

        assertThatThrownBy(() -> service.regress(lost, DISCOVERY, REP, "try again"))
                .hasMessage("Opportunity 'opp-1' cannot regress from 'closed-lost' to 'discovery': "
                        + "a deal in a LOST stage cannot regress; only deals in [OPEN] stages can");
        assertThatThrownBy(() -> service.disqualify(lost, REP, "no fit"))
                .isInstanceOf(IllegalStageTransitionException.class);
        assertThatThrownBy(() -> service.lose(deal, REP, " ")).isInstanceOf(InvalidValueException.class);

        Opportunity reopened = service.reopen(lost, DISCOVERY, MANAGER, "Competitor failed the pilot");
        assertThat(reopened.stageId()).isEqualTo(DISCOVERY);
        assertThat(reopened.lossReason()).isEmpty();

        Opportunity disqualified = service.disqualify(deal, REP, "They will not buy from anyone");
        assertThat(disqualified.stageId()).isEqualTo(DISQUALIFIED);
        assertThat(disqualified.disqualificationReason()).contains("They will not buy from anyone");
    }

    @Test
    void aPipelineWithoutALostStageSaysSo() {
        PipelineDefinition bare = PipelineDefinition.builder("bare", "Bare")
                .openStage("talk", "Talk", s -> s).wonStage("won", "Won").build();
        Opportunity deal = service.open(OpportunityId.of("b-1"), bare, Deals.minimalDetails(), REP);
        assertThatThrownBy(() -> service.lose(deal, REP, "gone"))
                .isInstanceOfSatisfying(IllegalStageTransitionException.class, e -> assertThat(e.to()).isNull())
                .hasMessage("Opportunity 'b-1' cannot lose from 'talk': pipeline 'bare' has no LOST stage");
    }

    @Test
    void evidenceIsWithdrawnWithAReasonAndStopsCounting() {
        Opportunity deal = Deals.withEvidence(service, newDeal(), DISCOVERY_EXIT);
        Evidence budget = deal.evidence().get(0);
        assertThat(budget.id()).isEqualTo(EvidenceId.of("ev-2"));

        Opportunity withdrawn = service.withdrawEvidence(deal, budget.id(), MANAGER, "Budget was the rep's guess");

        assertThat(withdrawn.hasEvidence(EvidenceTypes.BUDGET_RANGE_CONFIRMED)).isFalse();
        assertThat(withdrawn.withdrawnEvidence()).singleElement().satisfies(item -> {
            assertThat(item.evidence()).isEqualTo(budget);
            assertThat(item.reason()).isEqualTo("Budget was the rep's guess");
            assertThat(item.withdrawnBy()).isEqualTo(MANAGER);
        });
        assertThat(service.advance(withdrawn, QUALIFICATION, REP).isAdvanced()).isFalse();
        assertThatThrownBy(() -> service.withdrawEvidence(withdrawn, budget.id(), MANAGER, "again"))
                .isInstanceOf(UnknownEvidenceException.class)
                .hasMessage("Opportunity 'opp-1' has no active evidence 'ev-2': it was already withdrawn");
        assertThatThrownBy(() -> service.withdrawEvidence(withdrawn, EvidenceId.of("ev-99"), MANAGER, "no"))
                .hasMessage("Opportunity 'opp-1' has no active evidence 'ev-99'");
        assertThatThrownBy(() -> service.withdrawEvidence(deal, budget.id(), MANAGER, ""))
                .isInstanceOf(InvalidValueException.class).hasMessage("reason must not be blank, but was \"\"");
    }

    @Test
    void activitiesCannotPredateTheDealNorLieInTheFuture() {
        Opportunity deal = newDeal();
        clock.advance(Duration.ofDays(2));
        Instant yesterday = clock.instant().minus(Duration.ofDays(1));
        Opportunity logged = service.logActivity(deal,
                new Activity(ActivityType.CALL, ActivityDirection.FROM_BUYER, yesterday, REP, "Budget call"));
        assertThat(logged.lastActivityAt()).contains(yesterday);

        Instant beforeCreation = TestClock.START.minusSeconds(1);
        assertThatThrownBy(() -> service.logActivity(deal,
                new Activity(ActivityType.CALL, ActivityDirection.TO_BUYER, beforeCreation, REP, "")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Event #2 (ActivityLogged) of opportunity 'opp-1' is invalid: activity.occurredAt "
                        + "2026-01-05T08:59:59Z is before the opportunity was created at 2026-01-05T09:00:00Z");
        Instant tomorrow = clock.instant().plus(Duration.ofDays(1));
        assertThatThrownBy(() -> service.logActivity(deal,
                new Activity(ActivityType.EMAIL, ActivityDirection.TO_BUYER, tomorrow, REP, "")))
                .hasMessageContaining("is in the future");
    }

    @Test
    void aClockThatGoesBackwardsCannotWriteHistoryOutOfOrder() {
        Opportunity deal = newDeal();
        clock.set(TestClock.START.minus(Duration.ofHours(1)));
        assertThatThrownBy(() -> service.recordEvidence(deal,
                NewEvidence.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED, EvidenceSource.EMAIL), REP))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("occurredAt 2026-01-05T08:00:00Z is before the previous event at 2026-01-05T09:00:00Z")
                .hasMessageContaining("Maybe the clock went backwards");
    }

    @Test
    void detailsChangeIsRecordedAsAnEvent() {
        Opportunity deal = Deals.open(service, "opp-3", Deals.minimalDetails());
        Opportunity changed = service.changeDetails(deal, Deals.completeDetails(), REP);
        assertThat(changed.details()).isEqualTo(Deals.completeDetails());
        assertThat(changed.history().get(1)).isInstanceOf(OpportunityEvent.DetailsChanged.class);

        OpportunityDetails slipped = Deals.completeDetails().toBuilder()
                .expectedCloseDate(Deals.completeDetails().expectedCloseDate().plusMonths(3)).build();
        Opportunity withReason = service.changeDetails(changed, slipped, REP, "Buyer moved signing to Q2");
        assertThat(withReason.history().get(2)).isInstanceOfSatisfying(OpportunityEvent.DetailsChanged.class,
                event -> assertThat(event.reason()).isEqualTo("Buyer moved signing to Q2"));
        assertThat(((OpportunityEvent.DetailsChanged) changed.history().get(1)).reason()).isEmpty();
    }

    @Test
    void bulkAdvanceGivesTheSameOutcomesAsOneByOne() {
        Opportunity ready = Deals.withEvidence(service, newDeal(), DISCOVERY_EXIT);
        Opportunity notReady = Deals.open(service, "opp-2", Deals.completeDetails());

        List<AdvanceOutcome> outcomes = service.advanceAll(List.of(new AdvanceRequest(ready, QUALIFICATION),
                new AdvanceRequest(notReady, QUALIFICATION)), REP);

        assertThat(outcomes).extracting(AdvanceOutcome::isAdvanced).containsExactly(true, false);
        assertThat(outcomes.get(0).opportunity()).isEqualTo(service.advance(ready, QUALIFICATION, REP).opportunity());
        assertThat(outcomes.get(1).opportunity()).isSameAs(notReady);
    }

    @Test
    void bulkAdvanceRefusesTheWholeBatchOnMisuse() {
        Opportunity ready = Deals.withEvidence(service, newDeal(), DISCOVERY_EXIT);
        Opportunity other = Deals.open(service, "opp-2", Deals.completeDetails());

        assertThatThrownBy(() -> service.advanceAll(List.of(new AdvanceRequest(ready, QUALIFICATION),
                new AdvanceRequest(other, DISCOVERY)), REP))
                .isInstanceOf(IllegalStageTransitionException.class)
                .hasMessageContaining("'opp-2' cannot advance from 'discovery' to 'discovery'");
        assertThatThrownBy(() -> service.advanceAll(List.of(new AdvanceRequest(ready, QUALIFICATION),
                new AdvanceRequest(ready, PROPOSAL)), REP))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("requests must name each opportunity at most once, but was opp-1");
    }

    @Test
    void nullArgumentsAreNamed() {
        Opportunity deal = newDeal();
        assertThatThrownBy(() -> service.advance(deal, null, REP)).hasMessage("target");
        assertThatThrownBy(() -> service.advance(null, QUALIFICATION, REP)).hasMessage("opportunity");
        assertThatThrownBy(() -> service.regress(deal, DISCOVERY, null, "x")).hasMessage("actor");
        assertThatThrownBy(() -> new TransitionService(null, clock)).hasMessage("gateEvaluator");
        assertThatThrownBy(() -> new TransitionService(RequiredEvidenceGateEvaluator.defaults(), null))
                .hasMessage("clock");
    }

    @Test
    void aGateEvaluatorThatReturnsNullIsReportedNotIgnored() {
        TransitionService broken = new TransitionService(request -> null, clock);
        Opportunity deal = Deals.open(broken, "opp-9", Deals.completeDetails());
        assertThatThrownBy(() -> broken.advance(deal, QUALIFICATION, REP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned null for the gate 'discovery' -> 'qualification'");
    }
}
