package dev.salespipeline.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.Operations;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class WinScoringTest {

    private static final Instant LATER = TestClock.START.plus(Duration.ofDays(365));

    /**
     * 300 deals whose chance of winning rises with the evidence the buyer gave, on a known logistic
     * curve, seeded so the history is the same on every run.
     */
    private static List<Opportunity> history() {
        Random random = new Random(7);
        TestClock clock = new TestClock();
        TransitionService placer = new TransitionService(request -> GateDecision.allowed("placer"), clock);
        List<Opportunity> deals = new ArrayList<>();
        for (int index = 0; index < 300; index++) {
            clock.set(TestClock.START.plus(Duration.ofHours(index)));
            Opportunity deal = placer.open(OpportunityId.of("h-" + index), Deals.PIPELINE, Deals.completeDetails(), Deals.REP);
            int evidence = random.nextInt(9);
            for (int item = 0; item < evidence; item++) {
                deal = placer.recordEvidence(deal, NewEvidence.of(EvidenceTypes.progression().get(item),
                        EvidenceSource.MEETING_NOTES), Deals.REP);
            }
            clock.advance(Duration.ofDays(10));
            deal = placer.overrideGate(deal, DefaultPipelines.QUALIFICATION, Deals.MANAGER, "moved");
            clock.advance(Duration.ofDays(10));
            boolean won = random.nextDouble() < 1 / (1 + Math.exp(-1.2 * (evidence - 4)));
            deals.add(won ? placer.overrideGate(deal, DefaultPipelines.CLOSED_WON, Deals.MANAGER, "signed")
                    : placer.lose(deal, Deals.REP, "lost"));
        }
        return deals;
    }

    private static final List<Opportunity> HISTORY = history();
    private static final WinScoring SCORING = WinScoring.train(HISTORY, LATER, StageAverages.configured());

    @Test
    void theModelBeatsTheBestConstantGuessOnHeldOutDeals() {
        ModelReport report = SCORING.report();
        assertThat(report.heldOutRows()).isGreaterThan(50);
        // The best constant guess is the held-out win rate itself; its Brier score is rate x (1 - rate).
        double wins = report.reliability().stream().mapToDouble(bucket -> bucket.observedRate() * bucket.count()).sum();
        double rate = wins / report.heldOutRows();
        assertThat(report.brier()).isLessThan(rate * (1 - rate));
        assertThat(SCORING.baselineReport().heldOutRows()).isEqualTo(report.heldOutRows());
        assertThat(SCORING.baselineReport().brier()).isBetween(0.0, 1.0);
        assertThat(report.reliability()).hasSize(10);
    }

    @Test
    void evidenceWeighsMostAndExplainsTheScore() {
        assertThat(SCORING.coefficients().entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow()
                .getKey()).isEqualTo("evidence");

        TestClock clock = new TestClock(LATER);
        TransitionService placer = new TransitionService(request -> GateDecision.allowed("placer"), clock);
        Opportunity bare = placer.overrideGate(placer.open(OpportunityId.of("n-1"), Deals.PIPELINE, Deals.completeDetails(),
                Deals.REP), DefaultPipelines.QUALIFICATION, Deals.MANAGER, "moved");
        Opportunity rich = bare;
        for (int item = 0; item < 8; item++) {
            rich = placer.recordEvidence(rich, NewEvidence.of(EvidenceTypes.progression().get(item), EvidenceSource.EMAIL),
                    Deals.REP);
        }
        WinScore low = SCORING.score(bare, LATER);
        WinScore high = SCORING.score(rich, LATER);

        assertThat(high.probability()).isGreaterThan(low.probability() + 0.3);
        assertThat(high.explanation().get(0).feature()).isEqualTo("evidence");
        assertThat(high.explanation().get(0).logOdds()).isPositive();
        assertThat(low.explanation().get(0).feature()).isEqualTo("evidence");
        assertThat(low.explanation().get(0).logOdds()).isNegative();
        assertThat(high.baseline()).isGreaterThan(low.baseline());
    }

    @Test
    void trainingIsDeterministic() {
        WinScoring again = WinScoring.train(HISTORY, LATER, StageAverages.configured());
        assertThat(again.coefficients()).isEqualTo(SCORING.coefficients());
        assertThat(again.report()).isEqualTo(SCORING.report());
    }

    @Test
    void everyScoreIsAProbability() {
        qt().withExamples(100).forAll(Operations.sequences(30)).checkAssert(ops -> {
            TestClock clock = new TestClock(LATER);
            TransitionService service = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock);
            Opportunity deal = Deals.open(service, "s-1", Deals.completeDetails());
            for (Operations.Op op : ops) {
                deal = Operations.apply(service, clock, deal, op);
            }
            WinScore score = SCORING.score(deal, clock.instant().plus(Duration.ofDays(1)));
            assertThat(score.probability()).isBetween(0.0, 1.0);
            assertThat(score.baseline()).isBetween(0.0, 1.0);
            assertThat(score.explanation()).hasSize(DealFeatures.NAMES.size());
        });
    }

    @Test
    void aHistoryWithoutBothOutcomesIsRefused() {
        List<Opportunity> onlyWins = HISTORY.stream().filter(deal -> deal.stage().kind()
                == dev.salespipeline.core.pipeline.StageKind.WON).toList();
        assertThatThrownBy(() -> WinScoring.train(onlyWins, LATER, StageAverages.configured()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("must hold both won and lost deals to learn from");
    }
}
