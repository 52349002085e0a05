package dev.salespipeline.core.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.Operations.Op;
import dev.salespipeline.core.testing.Operations;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Runs random operation sequences against the real service and against a deliberately simple model of
 * the default pipeline's state machine, written from DOMAIN.md without the library's code, and checks
 * after every step that both agree on stage, last open stage, active evidence and history length.
 */
class StateMachineModelTest {

    /** Stage names of the default pipeline, in declaration order (the order Operations.target picks from). */
    private static final List<String> STAGES = List.of("discovery", "qualification", "proposal", "negotiation",
            "closing", "closed-won", "closed-lost", "disqualified", "nurture");
    private static final int WON = 5;
    private static final int LOST = 6;
    private static final int DISQUALIFIED = 7;
    private static final int NURTURE = 8;

    /** Evidence each open stage needs to be left, by stage index: DOMAIN.md's exit criteria. */
    private static final List<List<Set<String>>> EXIT_EVIDENCE = List.of(
            List.of(Set.of("budget-range-confirmed"), Set.of("decision-maker-identified"),
                    Set.of("pain-cost-documented"), Set.of("timeline-committed")),
            List.of(Set.of("economic-buyer-engaged"), Set.of("technical-requirements-documented"),
                    Set.of("evaluation-criteria-confirmed"), Set.of("proposal-requested-by-authority")),
            List.of(Set.of("proposal-reviewed-with-decision-maker"), Set.of("pricing-feedback-received"),
                    Set.of("scope-verbally-agreed"), Set.of("legal-review-started")),
            List.of(Set.of("stakeholders-aligned"), Set.of("contract-terms-agreed"),
                    Set.of("purchase-order-process-started"), Set.of("implementation-timeline-confirmed")),
            List.of(Set.of("contract-signed", "purchase-order-issued")));

    /** The model: a stage index, the last open stage index, active evidence and an event count. */
    private static final class Model {
        int stage = 0;
        int lastOpen = 0;
        final List<String> evidence = new ArrayList<>();
        int events = 1;
        Instant lastEventAt = TestClock.START;

        boolean isOpen(int index) {
            return index <= 4;
        }

        boolean terminal(int index) {
            return index == WON || index == LOST || index == DISQUALIFIED;
        }

        /** Position on the track: open stages 0..4, won 5. */
        boolean gatesPass(int target) {
            for (int leaving = stage; leaving < target; leaving++) {
                for (Set<String> criterion : EXIT_EVIDENCE.get(leaving)) {
                    if (criterion.stream().noneMatch(evidence::contains)) {
                        return false;
                    }
                }
            }
            return true;
        }

        void apply(Op op, Instant now) {
            boolean timeOk = !now.isBefore(lastEventAt);
            boolean reasonOk = !op.blankReason();
            int target = op.argument() % STAGES.size();
            boolean changed;
            switch (op.kind()) {
                case RECORD_EVIDENCE -> {
                    changed = timeOk;
                    if (changed) {
                        evidence.add(Operations.type(op).id());
                    }
                }
                case WITHDRAW_EVIDENCE -> {
                    changed = timeOk && reasonOk && !evidence.isEmpty();
                    if (changed) {
                        evidence.remove(op.argument() % evidence.size());
                    }
                }
                case LOG_ACTIVITY, CHANGE_VALUE -> changed = timeOk;
                case ADVANCE, WIN -> {
                    int to = op.kind() == Operations.Kind.WIN ? WON : target;
                    changed = timeOk && isOpen(stage) && (isOpen(to) || to == WON) && to > stage && gatesPass(to);
                    if (changed) {
                        move(to);
                    }
                }
                case OVERRIDE -> {
                    changed = timeOk && reasonOk && isOpen(stage) && (isOpen(target) || target == WON) && target > stage;
                    if (changed) {
                        move(target);
                    }
                }
                case REGRESS -> {
                    changed = timeOk && reasonOk && isOpen(stage) && isOpen(target) && target < stage;
                    if (changed) {
                        move(target);
                    }
                }
                case NURTURE -> {
                    changed = timeOk && reasonOk && isOpen(stage);
                    if (changed) {
                        move(NURTURE);
                    }
                }
                case REACTIVATE -> {
                    changed = timeOk && reasonOk && stage == NURTURE && isOpen(target) && target <= lastOpen;
                    if (changed) {
                        move(target);
                    }
                }
                case LOSE, DISQUALIFY -> {
                    changed = timeOk && reasonOk && (isOpen(stage) || stage == NURTURE);
                    if (changed) {
                        move(op.kind() == Operations.Kind.LOSE ? LOST : DISQUALIFIED);
                    }
                }
                case REOPEN -> {
                    changed = timeOk && reasonOk && terminal(stage) && isOpen(target) && target <= lastOpen;
                    if (changed) {
                        move(target);
                    }
                }
                default -> throw new IllegalStateException("model lacks " + op.kind());
            }
            if (changed) {
                events++;
                lastEventAt = now;
            }
        }

        private void move(int to) {
            stage = to;
            if (isOpen(to)) {
                lastOpen = to;
            }
        }
    }

    @Test
    void serviceAgreesWithTheModelAfterEveryStep() {
        qt().withExamples(500).forAll(Operations.sequences(60)).checkAssert(ops -> {
            TestClock clock = new TestClock();
            TransitionService service = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock);
            Opportunity deal = Deals.open(service, "opp-m", Deals.completeDetails());
            Model model = new Model();
            for (Op op : ops) {
                deal = Operations.apply(service, clock, deal, op);
                model.apply(op, clock.instant());

                assertThat(deal.stageId().value()).as("stage after %s", op).isEqualTo(STAGES.get(model.stage));
                assertThat(deal.lastOpenStageId().value()).as("last open stage after %s", op)
                        .isEqualTo(STAGES.get(model.lastOpen));
                assertThat(deal.evidence()).extracting(Evidence::type).extracting(EvidenceType::id)
                        .as("active evidence after %s", op).containsExactlyElementsOf(model.evidence);
                assertThat(deal.version()).as("events after %s", op).isEqualTo(model.events);
            }
        });
    }

    @Test
    void theModelItselfReachesEveryStage() {
        // Guards the property above against a generator too weak to leave Discovery.
        java.util.Set<Integer> reached = new java.util.HashSet<>();
        qt().withExamples(500).forAll(Operations.sequences(60)).checkAssert(ops -> {
            Model model = new Model();
            Instant now = TestClock.START;
            for (Op op : ops) {
                now = now.plus(Duration.ofMinutes(op.minutesLater()));
                model.apply(op, now);
                reached.add(model.stage);
            }
        });
        assertThat(reached).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
    }
}
