package dev.salespipeline.core.transition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.opportunity.GateRecord;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.Operations.Op;
import dev.salespipeline.core.testing.Operations;
import dev.salespipeline.core.testing.TestClock;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Invariants of the opportunity state machine over random sequences of operations. */
class TransitionPropertiesTest {

    private static final int EXAMPLES = 300;
    private static final PipelineDefinition PIPELINE = Deals.PIPELINE;

    private record Step(Op op, Opportunity before, List<OpportunityEvent> historyBefore, Opportunity after) {
    }

    /** Runs the ops from a fresh deal and hands every step to {@code check}. */
    private static Opportunity run(List<Op> ops, java.util.function.Consumer<Step> check) {
        TestClock clock = new TestClock();
        TransitionService service = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock);
        Opportunity deal = Deals.open(service, "opp-p", Deals.completeDetails());
        for (Op op : ops) {
            List<OpportunityEvent> historyBefore = List.copyOf(deal.history());
            Opportunity after = Operations.apply(service, clock, deal, op);
            check.accept(new Step(op, deal, historyBefore, after));
            deal = after;
        }
        return deal;
    }

    @Test
    void replayingTheHistoryReproducesTheState() {
        qt().withExamples(EXAMPLES).forAll(Operations.sequences(40)).checkAssert(ops -> {
            Opportunity deal = run(ops, step -> { });
            TransitionService strict = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), new TestClock());
            assertThat(Opportunity.restore(PIPELINE, deal.history())).isEqualTo(deal);
            assertThat(strict.replay(PIPELINE, deal.history())).isEqualTo(deal);
        });
    }

    @Test
    void asOfRebuildsEveryEarlierStateAndAsOfNowIsTheCurrentState() {
        qt().withExamples(EXAMPLES).forAll(Operations.sequences(30)).checkAssert(ops -> {
            List<Opportunity> states = new java.util.ArrayList<>();
            Opportunity deal = run(ops, step -> states.add(step.after()));
            assertThat(deal.asOf(Instant.MAX)).containsSame(deal);
            assertThat(deal.asOf(deal.createdAt().minusNanos(1))).isEmpty();
            for (Opportunity earlier : states) {
                // Several events can share an instant; as of that instant they have all happened.
                Instant at = earlier.history().get(earlier.history().size() - 1).occurredAt();
                Opportunity expected = states.stream()
                        .filter(state -> !state.history().get(state.history().size() - 1).occurredAt().isAfter(at))
                        .reduce((first, second) -> second).orElseThrow();
                assertThat(deal.asOf(at)).contains(expected);
            }
        });
    }

    @Test
    void aRejectedOperationChangesNothing() {
        qt().withExamples(EXAMPLES).forAll(Operations.sequences(40)).checkAssert(ops -> run(ops, step -> {
            assertThat(step.before().history()).isEqualTo(step.historyBefore());
            if (step.after().version() == step.before().version()) {
                assertThat(step.after()).isSameAs(step.before());
            } else {
                assertThat(step.after().version()).isEqualTo(step.before().version() + 1);
                assertThat(step.after().history().subList(0, step.historyBefore().size()))
                        .isEqualTo(step.historyBefore());
            }
        }));
    }

    @Test
    void regressionNeverIncreasesTheStagePosition() {
        qt().withExamples(EXAMPLES).forAll(Operations.sequences(40)).checkAssert(ops -> {
            Opportunity deal = run(ops, step -> { });
            for (StageChanged change : deal.stageChanges()) {
                if (change.move() == StageMove.REGRESS) {
                    assertThat(PIPELINE.trackPosition(change.to())).isLessThan(PIPELINE.trackPosition(change.from()));
                }
            }
        });
    }

    @Test
    void theStageChangesOnlyThroughARecordedStageEvent() {
        qt().withExamples(EXAMPLES).forAll(Operations.sequences(40)).checkAssert(ops -> run(ops, step -> {
            List<OpportunityEvent> history = step.after().history();
            OpportunityEvent last = history.get(history.size() - 1);
            if (!step.after().stageId().equals(step.before().stageId())) {
                assertThat(last).isInstanceOfSatisfying(StageChanged.class, change -> {
                    assertThat(change.from()).isEqualTo(step.before().stageId());
                    assertThat(change.to()).isEqualTo(step.after().stageId());
                });
                assertThat(step.after().stageEnteredAt()).isEqualTo(last.occurredAt());
            } else if (step.after() != step.before()) {
                assertThat(last).isNotInstanceOf(StageChanged.class);
                assertThat(step.after().stageEnteredAt()).isEqualTo(step.before().stageEnteredAt());
            }
        }));
    }

    @Test
    void eventTimesNeverDecreaseEvenWhenTheClockDoes() {
        qt().withExamples(EXAMPLES).forAll(Operations.sequences(40)).checkAssert(ops -> {
            Opportunity deal = run(ops, step -> { });
            Instant previous = Instant.MIN;
            long expectedSequence = 1;
            for (OpportunityEvent event : deal.history()) {
                assertThat(event.occurredAt()).isAfterOrEqualTo(previous);
                assertThat(event.sequence()).isEqualTo(expectedSequence++);
                previous = event.occurredAt();
            }
        });
    }

    @Test
    void anAdvanceIsRecordedOnlyWithAPassedOrOverriddenGate() {
        qt().withExamples(EXAMPLES).forAll(Operations.sequences(40)).checkAssert(ops -> {
            Opportunity deal = run(ops, step -> { });
            for (StageChanged change : deal.stageChanges()) {
                boolean gated = change.move() == StageMove.ADVANCE || change.move() == StageMove.WIN;
                assertThat(change.gate().kind() != GateRecord.Kind.NOT_REQUIRED).isEqualTo(gated);
                if (!gated) {
                    assertThat(change.reason()).isNotBlank();
                }
            }
        });
    }
}
