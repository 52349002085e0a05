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
        // And the training base rate, which the report scores on the same rows.
        assertThat(report.brierSkillScore()).isPositive().isEqualTo(1 - report.brier() / report.baseRateBrier());
        assertThat(report.auc()).isGreaterThan(0.7);
        assertThat(report.heldOutDeals()).isEqualTo(60);
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
            // The six built-in features, the value, segment, region, channel, source, currency and products.
            assertThat(score.explanation()).hasSize(DealFeatures.NAMES.size() + 7);
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

    @Test
    void aScoreAsOfAPastInstantIsTheSameWhateverHappenedAfterIt() {
        Instant then = TestClock.START.plus(Duration.ofDays(26));
        // The same deals cut off at that instant, and deals that only began after it.
        List<Opportunity> otherFuture = new ArrayList<>();
        for (Opportunity deal : HISTORY) {
            deal.asOf(then).ifPresent(otherFuture::add);
        }
        TestClock clock = new TestClock(then.plus(Duration.ofDays(1)));
        TransitionService placer = new TransitionService(request -> GateDecision.allowed("placer"), clock);
        for (int index = 0; index < 20; index++) {
            Opportunity late = placer.open(OpportunityId.of("late-" + index), Deals.PIPELINE, Deals.completeDetails(),
                    Deals.REP);
            otherFuture.add(index % 2 == 0 ? placer.overrideGate(late, DefaultPipelines.CLOSED_WON, Deals.MANAGER, "won")
                    : placer.lose(late, Deals.REP, "lost"));
        }

        WinScoring actual = WinScoring.train(HISTORY, then, StageAverages.configured());
        WinScoring other = WinScoring.train(otherFuture, then, StageAverages.configured());

        assertThat(other.coefficients()).isEqualTo(actual.coefficients());
        assertThat(other.report()).isEqualTo(actual.report());
        for (Opportunity deal : HISTORY.subList(0, 40)) {
            deal.asOf(then).filter(Opportunity::isOpen).ifPresent(open -> assertThat(other.score(open, then))
                    .isEqualTo(actual.score(open, then)));
        }
    }

    @Test
    void movesAnImportInferredGiveNoTrainingRow() {
        dev.salespipeline.core.pipeline.PipelineDefinition classic = DefaultPipelines.classic();
        List<Opportunity> imported = new ArrayList<>();
        for (int index = 0; index < 50; index++) {
            OpportunityId id = OpportunityId.of("i-" + index);
            Instant created = TestClock.START.plus(Duration.ofDays(index));
            boolean won = index % 3 == 0;
            imported.add(Opportunity.restore(classic, List.of(
                    new dev.salespipeline.core.opportunity.OpportunityEvent.Created(id, 1, created, Deals.REP, classic.id(),
                            classic.firstOpenStage().id(), Deals.completeDetails()),
                    new dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged(id, 2, created.plus(Duration.ofDays(30)),
                            Deals.REP, won ? dev.salespipeline.core.opportunity.StageMove.WIN
                            : dev.salespipeline.core.opportunity.StageMove.LOSE, classic.firstOpenStage().id(),
                            won ? DefaultPipelines.CLOSED_WON : DefaultPipelines.CLOSED_LOST, won ? "" : "closed lost",
                            won ? dev.salespipeline.core.opportunity.GateRecord.imported("export line " + index)
                                    : dev.salespipeline.core.opportunity.GateRecord.notRequired(), true))));
        }

        ModelReport report = WinScoring.train(imported, LATER, StageAverages.configured()).report();

        // The state just before an inferred close is the import's placeholder, not a recorded one: only the
        // creation row of each held-out deal is scored.
        assertThat(report.heldOutDeals()).isEqualTo(10);
        assertThat(report.heldOutRows()).isEqualTo(10);
    }

    @Test
    void attributeNamesAreCheckedWhenGiven() {
        assertThatThrownBy(() -> WinScoring.trainer().categoricalAttributes("industry", " "))
                .isInstanceOf(InvalidValueException.class).hasMessage("attribute must not be blank, but was \" \"");
        assertThatThrownBy(() -> WinScoring.trainer().categoricalAttributes("industry").numericAttributes("employees")
                .categoricalAttributes("industry")).isInstanceOf(InvalidValueException.class)
                .hasMessage("attribute must not be named twice, but was \"industry\"");
    }
}
