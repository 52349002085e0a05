package dev.salespipeline.rules;

import static dev.salespipeline.rules.testing.RulesFixtures.DEFAULT_RULES;
import static dev.salespipeline.rules.testing.RulesFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.NextStep;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One test per default alert rule, with the rules evaluated at {@link RulesFixtures#NOW}. */
class DefaultAlertRulesTest {

    private static final String ALERTS = "classpath:dev/salespipeline/rules/defaults/alerts.drl";
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private static TransitionService at(Instant instant) {
        return new TransitionService(request -> GateDecision.allowed("placer"), Clock.fixed(instant, ZoneOffset.UTC));
    }

    /** A deal created {@code createdDaysAgo}, moved to {@code stage} {@code enteredDaysAgo}. */
    private static Opportunity deal(OpportunityDetails details, int createdDaysAgo, StageId stage, int enteredDaysAgo) {
        Opportunity deal = at(daysAgo(createdDaysAgo)).open(OpportunityId.of("opp-1"), RulesFixtures.PIPELINE, details,
                RulesFixtures.REP);
        return stage.equals(deal.stageId()) ? deal
                : at(daysAgo(enteredDaysAgo)).overrideGate(deal, stage, Actor.of("manager"), "placed");
    }

    private static Opportunity touch(Opportunity deal, ActivityType type, ActivityDirection direction, int daysAgo) {
        return at(NOW).logActivity(deal, new Activity(type, direction, daysAgo(daysAgo), RulesFixtures.REP, "touch"));
    }

    private static Opportunity active(Opportunity deal) {
        return touch(deal, ActivityType.MEETING, ActivityDirection.FROM_BUYER, 0);
    }

    private static List<Alert> alertsOf(Opportunity deal, String kind) {
        return DEFAULT_RULES.alerts(deal).stream().filter(alert -> alert.kind().equals(kind)).toList();
    }

    private static void assertAlert(List<Alert> alerts, Alert.Severity severity, LocalDate since, String rule) {
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(severity);
            assertThat(alert.since()).isEqualTo(since);
            assertThat(alert.message()).isNotBlank();
            assertThat(alert.origin()).isEqualTo("rule '" + rule + "' in " + ALERTS);
        });
    }

    @Test
    @DisplayName("Attention at 1.5 times the stage's average")
    void attentionAt1Point5TimesTheStageAverage() {
        // 35 days in a 21-day Proposal: over 31.5 days, under 42.
        Opportunity deal = active(deal(RulesFixtures.completeDetails(), 40, DefaultPipelines.PROPOSAL, 35));
        assertAlert(alertsOf(deal, "stalled-in-stage"), Alert.Severity.ATTENTION, TODAY.minusDays(35).plusDays(32),
                "Attention at 1.5 times the stage's average");
        assertThat(alertsOf(active(deal(RulesFixtures.completeDetails(), 40, DefaultPipelines.PROPOSAL, 31)),
                "stalled-in-stage")).isEmpty();
    }

    @Test
    void inWorkingDaysThirtyFiveCalendarDaysInProposalAreNotYetAStall() {
        // 35 calendar days hold 25 working days: under 1.5 x 21, so no alert when the host counts working days.
        Opportunity deal = active(deal(RulesFixtures.completeDetails(), 40, DefaultPipelines.PROPOSAL, 35));
        assertThat(DEFAULT_RULES.alerts(deal, StageAverages.configured(dev.salespipeline.core.metrics.DayCount.WORKING)))
                .extracting(Alert::kind).doesNotContain("stalled-in-stage");
        assertThat(DEFAULT_RULES.alerts(deal, StageAverages.configured())).extracting(Alert::kind)
                .contains("stalled-in-stage");
    }

    @Test
    @DisplayName("Alert at twice the stage's average")
    void alertAtTwiceTheStageAverage() {
        Opportunity deal = active(deal(RulesFixtures.completeDetails(), 50, DefaultPipelines.PROPOSAL, 45));
        assertAlert(alertsOf(deal, "stalled-in-stage"), Alert.Severity.ALERT, TODAY.minusDays(45).plusDays(42),
                "Alert at twice the stage's average");
    }

    @Test
    @DisplayName("No activity for 7 days")
    void noActivityForSevenDays() {
        Opportunity quiet = touch(deal(RulesFixtures.completeDetails(), 10, DefaultPipelines.DISCOVERY, 10),
                ActivityType.CALL, ActivityDirection.TO_BUYER, 8);
        assertAlert(alertsOf(quiet, "no-activity"), Alert.Severity.WARNING, TODAY.minusDays(1), "No activity for 7 days");
        assertThat(alertsOf(active(quiet), "no-activity")).isEmpty();
    }

    @Test
    @DisplayName("Next step overdue")
    void nextStepOverdue() {
        OpportunityDetails details = RulesFixtures.completeDetails().toBuilder()
                .nextStep(NextStep.of("Send the contract", TODAY.minusDays(2))).build();
        assertAlert(alertsOf(deal(details, 5, DefaultPipelines.DISCOVERY, 5), "next-step-overdue"),
                Alert.Severity.WARNING, TODAY.minusDays(1), "Next step overdue");
        assertThat(alertsOf(deal(RulesFixtures.completeDetails(), 5, DefaultPipelines.DISCOVERY, 5), "next-step-overdue"))
                .isEmpty();
    }

    @Test
    @DisplayName("Expected close date passed")
    void expectedCloseDatePassed() {
        OpportunityDetails details = RulesFixtures.completeDetails().toBuilder().expectedCloseDate(TODAY.minusDays(3)).build();
        assertAlert(alertsOf(deal(details, 5, DefaultPipelines.DISCOVERY, 5), "close-date-passed"),
                Alert.Severity.WARNING, TODAY.minusDays(2), "Expected close date passed");
    }

    @Test
    @DisplayName("Required field missing")
    void requiredFieldMissingForTheCurrentStage() {
        OpportunityDetails bare = RulesFixtures.completeDetails().toBuilder().nextStep(null).build();
        Opportunity deal = active(deal(bare, 10, DefaultPipelines.QUALIFICATION, 3));
        List<Alert> missing = DEFAULT_RULES.alerts(deal).stream()
                .filter(alert -> alert.kind().startsWith("required-field-missing:")).toList();
        assertThat(missing).extracting(Alert::kind).containsExactly("required-field-missing:nextStep");
        assertAlert(missing, Alert.Severity.ATTENTION, TODAY.minusDays(3), "Required field missing");
    }

    @Test
    @DisplayName("Proposal out 14 days without a buyer discussion")
    void proposalOutFourteenDaysWithoutABuyerDiscussion() {
        Opportunity deal = touch(deal(RulesFixtures.completeDetails(), 30, DefaultPipelines.PROPOSAL, 15),
                ActivityType.EMAIL, ActivityDirection.FROM_BUYER, 1);
        assertAlert(alertsOf(deal, "proposal-stalled"), Alert.Severity.ALERT, TODAY.minusDays(1),
                "Proposal out 14 days without a buyer discussion");
        Opportunity discussed = touch(deal, ActivityType.CALL, ActivityDirection.FROM_BUYER, 5);
        assertThat(alertsOf(discussed, "proposal-stalled")).isEmpty();
    }

    @Test
    @DisplayName("Ghosting: the buyer stopped responding")
    void ghostingAfterPriorEngagement() {
        Opportunity engaged = touch(deal(RulesFixtures.completeDetails(), 30, DefaultPipelines.QUALIFICATION, 25),
                ActivityType.MEETING, ActivityDirection.FROM_BUYER, 20);
        Opportunity oneFollowUp = touch(engaged, ActivityType.EMAIL, ActivityDirection.TO_BUYER, 10);
        assertThat(alertsOf(oneFollowUp, "ghosting")).isEmpty();
        Opportunity twoFollowUps = touch(oneFollowUp, ActivityType.CALL, ActivityDirection.TO_BUYER, 3);
        assertAlert(alertsOf(twoFollowUps, "ghosting"), Alert.Severity.ALERT, TODAY.minusDays(6),
                "Ghosting: the buyer stopped responding");
        Opportunity neverEngaged = touch(touch(deal(RulesFixtures.completeDetails(), 30, DefaultPipelines.QUALIFICATION, 25),
                ActivityType.EMAIL, ActivityDirection.TO_BUYER, 10), ActivityType.CALL, ActivityDirection.TO_BUYER, 3);
        assertThat(alertsOf(neverEngaged, "ghosting")).as("no prior engagement, no ghosting").isEmpty();
    }

    @Test
    void aHealthyDealAndAClosedDealRaiseNothing() {
        Opportunity healthy = active(deal(RulesFixtures.completeDetails(), 3, DefaultPipelines.DISCOVERY, 3));
        assertThat(DEFAULT_RULES.alerts(healthy)).isEmpty();
        Opportunity lost = at(NOW).lose(deal(RulesFixtures.completeDetails(), 90, DefaultPipelines.PROPOSAL, 80),
                RulesFixtures.REP, "gone");
        assertThat(DEFAULT_RULES.alerts(lost)).isEmpty();
    }

    @Test
    void sweepingAgainRaisesEqualAlertsAndNothingTwice() {
        Opportunity stalled = deal(RulesFixtures.completeDetails(), 50, DefaultPipelines.PROPOSAL, 45);
        List<Opportunity> portfolio = List.of(stalled, active(deal(RulesFixtures.completeDetails(), 3,
                DefaultPipelines.DISCOVERY, 3)));

        List<Alert> first = DEFAULT_RULES.sweep(portfolio, StageAverages.configured());
        List<Alert> second = DEFAULT_RULES.sweep(portfolio, StageAverages.configured());

        assertThat(second).isEqualTo(first);
        assertThat(first).extracting(Alert::kind).doesNotHaveDuplicates()
                .contains("stalled-in-stage", "no-activity", "proposal-stalled");
    }

    @Test
    void theAverageIsLearnedFromHistoryWhenThereIsEnoughOfIt() {
        // Ten past deals each spent 10 days in Proposal: the learned average is 10 days, not the configured 21.
        List<Opportunity> history = new ArrayList<>();
        for (int index = 0; index < 10; index++) {
            Opportunity past = deal(RulesFixtures.completeDetails(), 100, DefaultPipelines.PROPOSAL, 90);
            history.add(at(daysAgo(80)).overrideGate(past, DefaultPipelines.NEGOTIATION, Actor.of("manager"), "moved"));
        }
        Opportunity deal = active(deal(RulesFixtures.completeDetails(), 20, DefaultPipelines.PROPOSAL, 16));

        assertThat(DEFAULT_RULES.alerts(deal, StageAverages.fromHistory(history, NOW, 10)))
                .extracting(Alert::kind).contains("stalled-in-stage");
        assertThat(DEFAULT_RULES.alerts(deal, StageAverages.fromHistory(history, NOW, 11)))
                .as("too little history: the configured 21 days apply").extracting(Alert::kind)
                .doesNotContain("stalled-in-stage");
    }
}
