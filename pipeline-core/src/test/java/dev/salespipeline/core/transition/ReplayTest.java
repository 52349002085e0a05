package dev.salespipeline.core.transition;

import static dev.salespipeline.core.pipeline.DefaultPipelines.DISCOVERY;
import static dev.salespipeline.core.pipeline.DefaultPipelines.PROPOSAL;
import static dev.salespipeline.core.pipeline.DefaultPipelines.QUALIFICATION;
import static dev.salespipeline.core.testing.Deals.PIPELINE;
import static dev.salespipeline.core.testing.Deals.REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.IllegalStageTransitionException;
import dev.salespipeline.core.opportunity.InvalidEventException;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.Created;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReplayTest {

    private final TestClock clock = new TestClock();
    private final TransitionService permissive = new TransitionService(
            request -> GateDecision.allowed("anything-goes"), clock);
    private final TransitionService strict = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock);

    @Test
    void restoreReproducesTheState() {
        Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());
        clock.advance(Duration.ofDays(1));
        deal = permissive.advance(deal, PROPOSAL, REP).opportunity();
        deal = permissive.regress(deal, QUALIFICATION, REP, "Champion left");
        assertThat(Opportunity.restore(PIPELINE, deal.history())).isEqualTo(deal);
    }

    @Test
    void replayRechecksRecordedAdvancesAgainstTheGates() {
        Opportunity skipped = permissive.advance(Deals.open(permissive, "opp-1", Deals.completeDetails()), PROPOSAL, REP)
                .opportunity();

        assertThatThrownBy(() -> strict.replay(PIPELINE, skipped.history()))
                .isInstanceOfSatisfying(ReplayRefusedException.class, e -> {
                    assertThat(e.sequence()).isEqualTo(2);
                    assertThat(e.unmetCriteria()).extracting(UnmetCriterion::stage).contains(DISCOVERY, QUALIFICATION);
                })
                .hasMessageStartingWith("Event #2 of opportunity 'opp-1' advances from 'discovery' to 'proposal', "
                        + "but the gate refuses it at that point: [budget-range-confirmed,");
        assertThat(permissive.replay(PIPELINE, skipped.history())).isEqualTo(skipped);
    }

    @Test
    void replayAcceptsHistoriesWhoseEvidenceCameBeforeTheAdvance() {
        Opportunity deal = Deals.withEvidence(strict, Deals.open(strict, "opp-1", Deals.completeDetails()),
                List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED, EvidenceTypes.DECISION_MAKER_IDENTIFIED,
                        EvidenceTypes.PAIN_COST_DOCUMENTED, EvidenceTypes.TIMELINE_COMMITTED));
        deal = strict.advance(deal, QUALIFICATION, REP).opportunity();
        deal = strict.overrideGate(deal, PROPOSAL, Deals.MANAGER, "Exec sponsor asked for a proposal");
        assertThat(strict.replay(PIPELINE, deal.history())).isEqualTo(deal);
    }

    @Test
    void importedMovesAreKeptAsRecordedByReplayAndNamedAsImported() {
        Opportunity deal = Deals.open(strict, "opp-1", Deals.completeDetails());
        Created created = (Created) deal.history().get(0);
        List<OpportunityEvent> history = new ArrayList<>(deal.history());
        history.add(new StageChanged(created.opportunityId(), 2, created.occurredAt(), REP, StageMove.ADVANCE,
                DISCOVERY, PROPOSAL, "", GateRecord.imported("salesforce: history.csv line 3")));

        Opportunity imported = strict.replay(PIPELINE, history);

        assertThat(imported.stageId()).isEqualTo(PROPOSAL);
        assertThat(imported.stageChanges().get(0).gate())
                .isEqualTo(new GateRecord(GateRecord.Kind.IMPORTED, "", "salesforce: history.csv line 3"));
        assertThatThrownBy(() -> GateRecord.imported("  "))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("source must not be blank");
        List<OpportunityEvent> importedRegression = new ArrayList<>(imported.history());
        importedRegression.add(new StageChanged(created.opportunityId(), 3, created.occurredAt(), REP, StageMove.REGRESS,
                PROPOSAL, DISCOVERY, "moved back in the CRM", GateRecord.imported("crm")));
        assertThatThrownBy(() -> Opportunity.restore(PIPELINE, importedRegression))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageEndingWith("REGRESS has no gate to pass, but recorded IMPORTED");
    }

    @Test
    void restoreRefusesEventsThatDoNotFit() {
        Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());
        Created created = (Created) deal.history().get(0);

        assertThatThrownBy(() -> Opportunity.restore(PIPELINE, List.of()))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("history must start with a Created event");
        assertThatThrownBy(() -> Opportunity.restore(DefaultPipelines.classic(), deal.history()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageEndingWith("it names pipeline 'evidence-based', but is restored into pipeline 'classic'");
        assertThatThrownBy(() -> Opportunity.restore(PIPELINE, List.of(new Created(created.opportunityId(), 1,
                created.occurredAt(), REP, PIPELINE.id(), PROPOSAL, created.details()))))
                .hasMessageContaining("a deal starts in the first open stage 'discovery', not in 'proposal'");
        assertThatThrownBy(() -> Opportunity.restore(PIPELINE, List.of(created, created)))
                .hasMessageEndingWith("sequence must be 2 (the history holds 1 events), but was 1");

        List<OpportunityEvent> forged = new ArrayList<>(deal.history());
        forged.add(new StageChanged(OpportunityId.of("opp-1"), 2, created.occurredAt(), REP, StageMove.ADVANCE,
                DISCOVERY, QUALIFICATION, "", GateRecord.notRequired()));
        assertThatThrownBy(() -> Opportunity.restore(PIPELINE, forged))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageEndingWith("ADVANCE must record a passed, overridden or imported gate, but recorded NOT_REQUIRED");

        List<OpportunityEvent> foreign = new ArrayList<>(deal.history());
        foreign.add(new OpportunityEvent.DetailsChanged(OpportunityId.of("opp-2"), 2, created.occurredAt(), REP,
                created.details(), ""));
        assertThatThrownBy(() -> Opportunity.restore(PIPELINE, foreign))
                .hasMessageEndingWith("it belongs to opportunity 'opp-2', not to 'opp-1'");

        List<OpportunityEvent> stale = new ArrayList<>(deal.history());
        stale.add(new StageChanged(OpportunityId.of("opp-1"), 2, created.occurredAt(), REP, StageMove.REGRESS,
                QUALIFICATION, DISCOVERY, "why", GateRecord.notRequired()));
        assertThatThrownBy(() -> Opportunity.restore(PIPELINE, stale))
                .isInstanceOf(IllegalStageTransitionException.class)
                .hasMessageEndingWith("the deal is in 'discovery' now, not in 'qualification'");
    }

    @Test
    void historyIsReadOnly() {
        Opportunity deal = Deals.open(permissive, "opp-1", Deals.completeDetails());
        assertThat(deal.history()).isUnmodifiable();
        assertThat(deal.evidence()).isUnmodifiable();
        assertThat(deal.activities()).isUnmodifiable();
    }
}
