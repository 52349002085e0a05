package dev.salespipeline.rules;

import static dev.salespipeline.rules.testing.RulesFixtures.DEFAULT_RULES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One test per default regression trigger and disqualification ground. */
class DefaultReviewRulesTest {

    private static final String TRIGGERS = "classpath:dev/salespipeline/rules/defaults/regression-triggers.drl";
    private static final String GROUNDS = "classpath:dev/salespipeline/rules/defaults/disqualification-grounds.drl";

    /** Trigger rule, the signal recorded, the stage the deal is in, the recommended target. */
    static Stream<Arguments> triggers() {
        return Stream.of(
                Arguments.argumentSet("Regress to Discovery when the budget was withdrawn", "Regress to Discovery when the budget was withdrawn", EvidenceTypes.BUDGET_WITHDRAWN,
                        DefaultPipelines.PROPOSAL, DefaultPipelines.DISCOVERY),
                Arguments.argumentSet("Regress to Discovery when the champion left", "Regress to Discovery when the champion left", EvidenceTypes.CHAMPION_LEFT,
                        DefaultPipelines.NEGOTIATION, DefaultPipelines.DISCOVERY),
                Arguments.argumentSet("Regress to Discovery when the requirements changed significantly", "Regress to Discovery when the requirements changed significantly",
                        EvidenceTypes.REQUIREMENTS_CHANGED, DefaultPipelines.QUALIFICATION, DefaultPipelines.DISCOVERY),
                Arguments.argumentSet("Regress to Qualification when the decision maker pushed back", "Regress to Qualification when the decision maker pushed back",
                        EvidenceTypes.DECISION_MAKER_PUSHBACK, DefaultPipelines.CLOSING, DefaultPipelines.QUALIFICATION),
                Arguments.argumentSet("Nurture when the buyer moved the timeline out", "Nurture when the buyer moved the timeline out", EvidenceTypes.TIMELINE_MOVED_OUT,
                        DefaultPipelines.DISCOVERY, DefaultPipelines.NURTURE),
                Arguments.argumentSet("Regress to Discovery when the buying process restarted", "Regress to Discovery when the buying process restarted",
                        EvidenceTypes.BUYING_PROCESS_RESTARTED, DefaultPipelines.PROPOSAL, DefaultPipelines.DISCOVERY));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("triggers")
    void eachTriggerRecommendsItsTargetWithItsReason(String rule, EvidenceType signal, StageId stage, StageId target) {
        Opportunity calm = RulesFixtures.dealIn(stage, List.of());
        assertThat(DEFAULT_RULES.review(calm).hasRecommendations()).isFalse();

        DealReview review = DEFAULT_RULES.review(RulesFixtures.withEvidence(calm, List.of(signal)));

        assertThat(review.regressions()).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.target()).isEqualTo(target);
            assertThat(recommendation.trigger()).isEqualTo(signal.id());
            assertThat(recommendation.reason()).isNotBlank();
            assertThat(recommendation.origin()).isEqualTo("rule '" + rule + "' in " + TRIGGERS);
        });
        assertThat(review.disqualifications()).isEmpty();
        assertThat(review.ruleSetVersion()).isEqualTo(DEFAULT_RULES.version());
    }

    @ParameterizedTest(name = "{argumentSetName} counts once")
    @MethodSource("triggers")
    void aSetbackRecordedBeforeTheLastStageChangeDoesNotTriggerAgain(String rule, EvidenceType signal, StageId stage,
                                                                    StageId target) {
        StageId later = stage.equals(DefaultPipelines.DISCOVERY) ? DefaultPipelines.QUALIFICATION : stage;
        Opportunity earlier = RulesFixtures.withEvidence(RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of()),
                List.of(signal));
        Opportunity movedOn = RulesFixtures.PLACER.overrideGate(earlier, later, Actor.of("manager"),
                "moved on after the setback");

        assertThat(DEFAULT_RULES.review(movedOn).regressions()).isEmpty();
        assertThat(DEFAULT_RULES.review(RulesFixtures.withEvidence(movedOn, List.of(signal))).regressions())
                .as("the same setback recorded again in the new stage").hasSize(1);
    }

    @Test
    void decisionMakerPushbackDoesNotRecommendQualificationToADealAlreadyThere() {
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.QUALIFICATION,
                List.of(EvidenceTypes.DECISION_MAKER_PUSHBACK));
        assertThat(DEFAULT_RULES.review(deal).regressions()).isEmpty();
    }

    @Test
    @DisplayName("Nurture when the expected close is more than 180 days away")
    void aCloseDateMoreThan180DaysOutRecommendsNurtureOnceEvenWithTheSignalToo() {
        var details = RulesFixtures.completeDetails().toBuilder()
                .expectedCloseDate(RulesFixtures.completeDetails().expectedCloseDate().plusDays(200)).build();
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, details, List.of());

        assertThat(DEFAULT_RULES.review(deal).regressions()).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.target()).isEqualTo(DefaultPipelines.NURTURE);
            assertThat(recommendation.origin()).isEqualTo(
                    "rule 'Nurture when the expected close is more than 180 days away' in " + TRIGGERS);
        });
        Opportunity both = RulesFixtures.withEvidence(deal, List.of(EvidenceTypes.TIMELINE_MOVED_OUT));
        assertThat(DEFAULT_RULES.review(both).regressions()).hasSize(1);
    }

    @Test
    @DisplayName("Nurture when Discovery is unmet after three conversations")
    void threeConversationsWithoutDiscoveryCriteriaRecommendNurture() {
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED));
        for (ActivityType type : List.of(ActivityType.CALL, ActivityType.MEETING)) {
            deal = RulesFixtures.PLACER.logActivity(deal, new Activity(type, ActivityDirection.TO_BUYER,
                    RulesFixtures.NOW, RulesFixtures.REP, "conversation"));
        }
        deal = RulesFixtures.PLACER.logActivity(deal, new Activity(ActivityType.EMAIL, ActivityDirection.TO_BUYER,
                RulesFixtures.NOW, RulesFixtures.REP, "an email is not a conversation"));
        assertThat(DEFAULT_RULES.review(deal).regressions()).isEmpty();

        Opportunity third = RulesFixtures.PLACER.logActivity(deal, new Activity(ActivityType.DEMO,
                ActivityDirection.TO_BUYER, RulesFixtures.NOW, RulesFixtures.REP, "third conversation"));
        assertThat(DEFAULT_RULES.review(third).regressions()).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.target()).isEqualTo(DefaultPipelines.NURTURE);
            assertThat(recommendation.trigger()).isEqualTo("not-ready-after-three-conversations");
            assertThat(recommendation.origin()).isEqualTo(
                    "rule 'Nurture when Discovery is unmet after three conversations' in " + TRIGGERS);
        });

        Opportunity qualified = RulesFixtures.withEvidence(third, List.of(EvidenceTypes.DECISION_MAKER_IDENTIFIED,
                EvidenceTypes.PAIN_COST_DOCUMENTED, EvidenceTypes.TIMELINE_COMMITTED));
        assertThat(DEFAULT_RULES.review(qualified).regressions()).isEmpty();
    }

    /** Ground rule and the evidence that shows it. */
    static Stream<Arguments> grounds() {
        return Stream.of(
                Arguments.argumentSet("Disqualify when the buyer cannot afford it", "Disqualify when the buyer cannot afford it", EvidenceTypes.CANNOT_AFFORD),
                Arguments.argumentSet("Disqualify when the decision maker chose a competitor", "Disqualify when the decision maker chose a competitor", EvidenceTypes.CHOSE_COMPETITOR),
                Arguments.argumentSet("Disqualify when the problem does not fit the solution", "Disqualify when the problem does not fit the solution",
                        EvidenceTypes.PROBLEM_SOLUTION_MISMATCH),
                Arguments.argumentSet("Disqualify when the buyer will not buy at all", "Disqualify when the buyer will not buy at all", EvidenceTypes.NO_PURCHASE_INTENT),
                Arguments.argumentSet("Disqualify when the effort exceeds the return", "Disqualify when the effort exceeds the return", EvidenceTypes.EFFORT_EXCEEDS_RETURN));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("grounds")
    void eachGroundRecommendsDisqualification(String rule, EvidenceType ground) {
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.QUALIFICATION, List.of(ground));

        assertThat(DEFAULT_RULES.review(deal).disqualifications()).singleElement().satisfies(recommendation -> {
            assertThat(recommendation.ground()).isEqualTo(ground.id());
            assertThat(recommendation.reason()).isNotBlank();
            assertThat(recommendation.origin()).isEqualTo("rule '" + rule + "' in " + GROUNDS);
        });

        Opportunity nurtured = RulesFixtures.PLACER.moveToNurture(deal, RulesFixtures.REP, "parked");
        assertThat(DEFAULT_RULES.review(nurtured).disqualifications()).hasSize(1);
        Opportunity lost = RulesFixtures.PLACER.lose(deal, RulesFixtures.REP, "lost");
        assertThat(DEFAULT_RULES.review(lost).disqualifications()).as("closed deals are not reviewed").isEmpty();
    }

    @Test
    void reviewAllReviewsEveryDealWithOneRuleSet() {
        Opportunity calm = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of());
        Opportunity troubled = RulesFixtures.withEvidence(calm, List.of(EvidenceTypes.CHAMPION_LEFT));
        List<DealReview> reviews = DEFAULT_RULES.reviewAll(List.of(calm, troubled));
        assertThat(reviews).extracting(DealReview::hasRecommendations).containsExactly(false, true);
        assertThat(reviews).extracting(DealReview::ruleSetVersion).containsOnly(DEFAULT_RULES.version());
    }
}
