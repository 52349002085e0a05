package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.outcome.DealSweep;
import dev.salespipeline.rules.outcome.PortfolioSweep;
import dev.salespipeline.rules.testing.RulesFixtures;
import dev.salespipeline.testkit.PipelineGenerators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PipelineRules#sweepPortfolio}: the three sweeps' answers in one pass, in parallel, for a
 * portfolio held or streamed.
 */
class PipelineRulesSweepTest {

    private static final StageAverages AVERAGES = StageAverages.configured();
    private static final PipelineGenerators DEALS = PipelineGenerators.of(RulesFixtures.PIPELINE, EvidenceTypes.all());
    private static final Actor MANAGER = Actor.of("manager");

    @TempDir
    Path hostRules;

    private static PipelineRules rules(int threads) {
        return PipelineRules.builder(RuleSources.defaults()).clock(RulesFixtures.CLOCK).sweepParallelism(threads).build();
    }

    /**
     * A portfolio with every kind of deal the sweeps treat apart: deals in each open stage with
     * growing evidence and touchpoints, and every seventh one lost, disqualified or nurtured.
     */
    private static List<Opportunity> portfolio(int size) {
        List<EvidenceType> types = EvidenceTypes.all();
        List<Stage> open = RulesFixtures.PIPELINE.openStages();
        List<Opportunity> deals = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // Deals of different ages, so that some stall in their stage and some go quiet.
            java.time.Instant placedAt = RulesFixtures.NOW.minus(Duration.ofDays(i % 60));
            TransitionService placer = new TransitionService(request -> GateDecision.allowed("placer"),
                    java.time.Clock.fixed(placedAt, java.time.ZoneOffset.UTC));
            Opportunity deal = placer.open(OpportunityId.of("deal-" + i), RulesFixtures.PIPELINE,
                    RulesFixtures.completeDetails(), RulesFixtures.REP);
            Stage stage = open.get(i % open.size());
            if (!stage.id().equals(deal.stageId())) {
                deal = placer.overrideGate(deal, stage.id(), MANAGER, "placed by the test");
            }
            for (EvidenceType type : types.subList(0, i % 11)) {
                deal = placer.recordEvidence(deal, NewEvidence.of(type, EvidenceSource.MEETING_NOTES), RulesFixtures.REP);
            }
            for (int touch = 0; touch < i % 4; touch++) {
                deal = placer.logActivity(deal, new Activity(ActivityType.CALL, ActivityDirection.TO_BUYER,
                        placedAt, RulesFixtures.REP, "call " + touch));
            }
            if (i % 7 == 3) {
                deal = placer.lose(deal, RulesFixtures.REP, "chose a rival");
            } else if (i % 7 == 5) {
                deal = placer.moveToNurture(deal, RulesFixtures.REP, "timeline moved out a year");
            } else if (i % 7 == 6 && i % 2 == 0) {
                deal = placer.disqualify(deal, RulesFixtures.REP, "no budget at all");
            }
            deals.add(deal);
        }
        return deals;
    }

    private static void assertSameAsTheThreeSweeps(PortfolioSweep sweep, PipelineRules separately, List<Opportunity> deals) {
        assertThat(sweep.nextGates()).containsExactlyEntriesOf(separately.evaluateNextGates(deals));
        assertThat(sweep.alerts()).containsExactlyElementsOf(separately.sweep(deals, AVERAGES));
        assertThat(sweep.reviews()).containsExactlyElementsOf(separately.reviewAll(deals));
        assertThat(sweep.ruleSetVersion()).isEqualTo(separately.version());
    }

    @Test
    void onePassAnswersWhatTheGateAlertAndReviewSweepsAnswerForAnyDeals() {
        PipelineRules sequential = rules(1);
        List<Opportunity> closedAndNurtured = portfolio(7).subList(3, 7);
        qt().withExamples(60).forAll(lists().of(DEALS.deals()).ofSizeBetween(0, 8)).checkAssert(specs -> {
            List<Opportunity> deals = new ArrayList<>(closedAndNurtured);
            specs.forEach(spec -> deals.add(spec.build()));
            assertSameAsTheThreeSweeps(sequential.sweepPortfolio(deals, AVERAGES), sequential, deals);
        });
    }

    @Test
    void aParallelSweepGivesTheSequentialAnswersInTheDealsOrder() {
        List<Opportunity> deals = portfolio(700);
        PipelineRules sequential = rules(1);
        PipelineRules parallel = rules(4);

        PortfolioSweep sweep = parallel.sweepPortfolio(deals, AVERAGES);

        assertSameAsTheThreeSweeps(sweep, sequential, deals);
        assertThat(sweep.nextGates().keySet()).containsExactlyElementsOf(
                deals.stream().filter(Opportunity::isOpen).map(Opportunity::id).toList());
        assertThat(sweep.reviews()).extracting(DealReview::opportunityId)
                .containsExactlyElementsOf(deals.stream().map(Opportunity::id).toList());
        assertThat(sweep.alerts()).isNotEmpty();
        assertThat(sweep.reviews()).anyMatch(DealReview::hasRecommendations);
        assertThat(sweep.nextGates().values()).anyMatch(decision -> decision.isAllowed())
                .anyMatch(decision -> !decision.isAllowed());
        assertThat(parallel.evaluateNextGates(deals)).containsExactlyEntriesOf(sweep.nextGates());
        assertThat(parallel.sweep(deals, AVERAGES)).containsExactlyElementsOf(sweep.alerts());
        assertThat(parallel.reviewAll(deals)).containsExactlyElementsOf(sweep.reviews());
    }

    @Test
    void aFailingDealFailsTheWholeSweepNamingTheFirstFailingDealInTheDealsOrder() throws IOException {
        // deal-255 ends the first chunk of the parallel sweep and deal-256 starts the second: the later deal
        // fails first when two threads share the sweep, and the earlier one must still be the one reported.
        Files.writeString(hostRules.resolve("forward.drl"), RulesFixtures.HOST_HEADER + """
                rule "Jump ahead for two deals"
                when
                    $review : Review( dealId == "deal-255" || dealId == "deal-256" )
                then
                    $review.recommendRegression( "closing", "optimism", "Surely it will close" );
                end
                """);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules))
                .clock(RulesFixtures.CLOCK).sweepParallelism(4).build();
        List<Opportunity> deals = portfolio(700);
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(() -> rules.sweepPortfolio(deals, AVERAGES))
                    .isInstanceOf(RuleEvaluationException.class)
                    .hasMessageStartingWith("Evaluating deal 'deal-255' failed in rule 'Jump ahead for two deals'");
            assertThatThrownBy(() -> rules.reviewAll(deals))
                    .hasMessageStartingWith("Evaluating deal 'deal-255' failed");
            List<DealSweep> handedOver = new ArrayList<>();
            assertThatThrownBy(() -> rules.sweepPortfolio(deals.iterator(), AVERAGES, handedOver::add))
                    .hasMessageStartingWith("Evaluating deal 'deal-255' failed in rule 'Jump ahead for two deals'");
            assertThat(handedOver).as("answers of the failing deal's window").isEmpty();
        }
    }

    @Test
    void answeringADealsThreeRequestsTogetherAllowsThreeTimesTheFiringsOfOne() throws IOException {
        // Every triple of the deal's eight pieces of evidence: 512 firings per review.
        Files.writeString(hostRules.resolve("triples.drl"), RulesFixtures.HOST_HEADER + """
                rule "Every triple of evidence"
                when
                    $review : Review( )
                    Evidence( dealId == $review.dealId )
                    Evidence( dealId == $review.dealId )
                    Evidence( dealId == $review.dealId )
                then
                    $review.recommendDisqualification( "triples", "Too many triples." );
                end
                """);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules))
                .clock(RulesFixtures.CLOCK).maxFiringsPerEvaluation(100).build();
        Opportunity open = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, RulesFixtures.manyEvidenceTypes(8));
        Opportunity lost = RulesFixtures.PLACER.lose(open, RulesFixtures.REP, "chose a rival");

        assertThatThrownBy(() -> rules.sweepPortfolio(List.of(open), AVERAGES))
                .hasMessageStartingWith("Evaluation of deal 'opp-1' stopped after 300 rule firings; rule 'Every triple of evidence'");
        // A closed deal has no gate to check: two requests.
        assertThatThrownBy(() -> rules.sweepPortfolio(List.of(lost), AVERAGES))
                .hasMessageStartingWith("Evaluation of deal 'opp-1' stopped after 200 rule firings");
        assertThatThrownBy(() -> rules.review(open))
                .hasMessageStartingWith("Evaluation of deal 'opp-1' stopped after 100 rule firings");
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> PipelineRules.builder(RuleSources.defaults()).sweepParallelism(0))
                .hasMessage("sweepParallelism must be at least 1, but was 0");
        PipelineRules rules = RulesFixtures.DEFAULT_RULES;
        List<Opportunity> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> rules.sweepPortfolio(withNull, AVERAGES))
                .isInstanceOf(NullPointerException.class).hasMessage("opportunities must not contain null");
        assertThatThrownBy(() -> rules.sweepPortfolio(List.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("averages");
        assertThat(rules.sweepPortfolio(List.of(), AVERAGES).reviews()).isEmpty();

        List<DealSweep> answers = new ArrayList<>();
        assertThatThrownBy(() -> rules.sweepPortfolio((Iterator<Opportunity>) null, AVERAGES, answers::add))
                .isInstanceOf(NullPointerException.class).hasMessage("deals");
        assertThatThrownBy(() -> rules.sweepPortfolio(List.<Opportunity>of().iterator(), null, answers::add))
                .isInstanceOf(NullPointerException.class).hasMessage("averages");
        assertThatThrownBy(() -> rules.sweepPortfolio(List.<Opportunity>of().iterator(), AVERAGES, null))
                .isInstanceOf(NullPointerException.class).hasMessage("answers");
        assertThatThrownBy(() -> rules.sweepPortfolio(withNull.iterator(), AVERAGES, answers::add))
                .isInstanceOf(NullPointerException.class).hasMessage("deals must not contain null");
        assertThat(rules.sweepPortfolio(List.<Opportunity>of().iterator(), AVERAGES, answers::add)).isZero();
        assertThat(answers).isEmpty();
    }

    /** {@code deals} given {@code times} times over, in order. */
    private static List<Opportunity> repeated(List<Opportunity> deals, int times) {
        List<Opportunity> all = new ArrayList<>(deals.size() * times);
        for (int i = 0; i < times; i++) {
            all.addAll(deals);
        }
        return all;
    }

    /** Draws from {@code deals}, counting the draws; throws {@code failure} instead of the deal numbered {@code failAt}. */
    private static Iterator<Opportunity> storage(List<Opportunity> deals, AtomicInteger drawn, int failAt,
                                                 RuntimeException failure) {
        Iterator<Opportunity> rows = deals.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Opportunity next() {
                if (drawn.incrementAndGet() == failAt) {
                    throw failure;
                }
                return rows.next();
            }
        };
    }

    @Test
    void aStreamedSweepHandsOverEveryDealsAnswersInTheDealsOrder() {
        List<Opportunity> deals = portfolio(700);
        PortfolioSweep held = rules(1).sweepPortfolio(deals, AVERAGES);
        PipelineRules parallel = rules(2);
        List<Opportunity> sixTimes = repeated(deals, 6);
        assertThat(sixTimes.size()).as("more than one window of two threads").isGreaterThan(parallel.sweepWindow());

        List<DealSweep> answers = new ArrayList<>();
        long swept = parallel.sweepPortfolio(sixTimes.iterator(), AVERAGES, answers::add);

        assertThat(swept).isEqualTo(4_200);
        assertThat(answers).hasSize(4_200);
        for (int i = 0; i < answers.size(); i++) {
            Opportunity deal = deals.get(i % deals.size());
            DealSweep answer = answers.get(i);
            assertThat(answer.opportunityId()).isEqualTo(deal.id());
            assertThat(answer.nextGate()).isEqualTo(Optional.ofNullable(held.nextGates().get(deal.id())));
            assertThat(answer.alerts()).isEqualTo(
                    held.alerts().stream().filter(alert -> alert.opportunityId().equals(deal.id())).toList());
            assertThat(answer.review()).isEqualTo(held.reviews().get(i % deals.size()));
        }
        assertThat(answers).anyMatch(answer -> answer.nextGate().isEmpty())
                .anyMatch(answer -> answer.nextGate().isPresent())
                .anyMatch(answer -> !answer.alerts().isEmpty());
    }

    @Test
    void aStreamedSweepReadsOneWindowAheadOfWhatItHandsOver() {
        PipelineRules rules = rules(1);
        int window = rules.sweepWindow();
        List<Opportunity> deals = repeated(portfolio(700), 3);
        AtomicInteger drawn = new AtomicInteger();
        List<Integer> drawnAtAnswer = new ArrayList<>();

        rules.sweepPortfolio(storage(deals, drawn, -1, null), AVERAGES, answer -> drawnAtAnswer.add(drawn.get()));

        assertThat(drawnAtAnswer).hasSize(2_100);
        assertThat(drawnAtAnswer.get(0)).isEqualTo(window);
        assertThat(drawnAtAnswer.get(window - 1)).isEqualTo(window);
        assertThat(drawnAtAnswer.get(window)).isEqualTo(2_100);
    }

    @Test
    void aStorageFailureStopsTheStreamedSweepAfterTheWindowsBeforeIt() {
        PipelineRules rules = rules(1);
        int window = rules.sweepWindow();
        List<Opportunity> deals = repeated(portfolio(700), 3);
        RuntimeException lostConnection = new IllegalStateException("connection to the deal store lost");
        List<DealSweep> handedOver = new ArrayList<>();

        assertThatThrownBy(() -> rules.sweepPortfolio(storage(deals, new AtomicInteger(), window + 2, lostConnection),
                AVERAGES, handedOver::add)).isSameAs(lostConnection);

        assertThat(handedOver).hasSize(window);
        assertThat(handedOver.get(window - 1).opportunityId()).isEqualTo(deals.get(window - 1).id());
    }

    @Test
    void aDealsAnswersBelongToThatDeal() {
        OpportunityId deal = OpportunityId.of("deal-0");
        OpportunityId other = OpportunityId.of("deal-1");
        DealReview review = new DealReview(deal, List.of(), List.of(), "v1");
        Alert otherDealsAlert = new Alert(other, "ghosting", Alert.Severity.ALERT,
                java.time.LocalDate.of(2026, 1, 5), "quiet", "rule 'r'");

        assertThat(new DealSweep(deal, Optional.empty(), List.of(), review).review()).isEqualTo(review);
        assertThatThrownBy(() -> new DealSweep(deal, Optional.empty(), List.of(),
                new DealReview(other, List.of(), List.of(), "v1")))
                .isInstanceOf(dev.salespipeline.core.InvalidValueException.class)
                .hasMessage("review must be of deal \"deal-0\", but was \"deal-1\"");
        assertThatThrownBy(() -> new DealSweep(deal, Optional.empty(), List.of(otherDealsAlert), review))
                .isInstanceOf(dev.salespipeline.core.InvalidValueException.class)
                .hasMessage("alerts must all be on deal \"deal-0\", but was \"deal-1\"");
        assertThatThrownBy(() -> new DealSweep(null, Optional.empty(), List.of(), review)).hasMessage("opportunityId");
        assertThatThrownBy(() -> new DealSweep(deal, null, List.of(), review)).hasMessage("nextGate");
        assertThatThrownBy(() -> new DealSweep(deal, Optional.empty(), null, review)).hasMessage("alerts");
        assertThatThrownBy(() -> new DealSweep(deal, Optional.empty(), List.of(), null)).hasMessage("review");
    }
}
