package dev.salespipeline.core.signals;

import static dev.salespipeline.core.testing.Deals.REP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.opportunity.StakeholderRole;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Each signal, with a history that shows it and one that just misses it. */
class ProgressionSignalsTest {

    private final TestClock clock = new TestClock();
    private final TransitionService service = new TransitionService(request -> GateDecision.allowed("test"), clock);
    private Opportunity deal = Deals.open(service, "opp-1", Deals.completeDetails());

    private void after(Duration gap, ActivityType type, ActivityDirection direction) {
        clock.advance(gap);
        deal = service.logActivity(deal, new Activity(type, direction, clock.instant(), REP, ""));
    }

    private List<SignalKind> kinds() {
        return ProgressionSignals.of(deal, clock.instant()).stream().map(ProgressionSignal::kind).toList();
    }

    /** Six outreach-and-reply pairs; the buyer takes {@code hours[i]} to answer the i-th. */
    private void conversation(long... hours) {
        for (long replyHours : hours) {
            after(Duration.ofDays(2), ActivityType.EMAIL, ActivityDirection.TO_BUYER);
            after(Duration.ofHours(replyHours), ActivityType.EMAIL, ActivityDirection.FROM_BUYER);
        }
    }

    @Test
    void repliesTwiceAsFastAsBeforeAreRisingEngagement() {
        conversation(48, 46, 50, 20, 4, 2);
        assertThat(ProgressionSignals.of(deal, clock.instant())).singleElement().satisfies(signal -> {
            assertThat(signal.kind()).isEqualTo(SignalKind.ENGAGEMENT_RISING);
            assertThat(signal.explanation()).isEqualTo("median reply time 4 h over the last 3 replies, was 48 h");
            assertThat(signal.since()).isEqualTo(clock.instant());
        });
    }

    @Test
    void repliesOnlyALittleFasterAreNot() {
        conversation(48, 46, 50, 30, 26, 28);
        assertThat(kinds()).doesNotContain(SignalKind.ENGAGEMENT_RISING);
    }

    @Test
    void aStakeholderAddedWithinThirtyDaysIsNewAndOneAddedEarlierIsNot() {
        clock.advance(Duration.ofDays(40));
        deal = service.changeDetails(deal, deal.details().toBuilder().stakeholders(List.of(
                Stakeholder.of("Dewi Lestari", StakeholderRole.ECONOMIC_BUYER),
                Stakeholder.of("Rina", StakeholderRole.LEGAL))).build(), REP);
        clock.advance(Duration.ofDays(5));
        assertThat(ProgressionSignals.of(deal, clock.instant())).singleElement().satisfies(signal -> {
            assertThat(signal.kind()).isEqualTo(SignalKind.NEW_STAKEHOLDERS);
            assertThat(signal.explanation()).isEqualTo("1 stakeholder joined in the last 30 days: [Rina (legal)], with "
                    + "budget, legal or procurement weight");
        });
        clock.advance(Duration.ofDays(30));
        assertThat(kinds()).isEmpty();
    }

    @Test
    void implementationQuestionsAndShortlistingAreRecentEvidence() {
        deal = service.recordEvidence(deal, NewEvidence.of(EvidenceTypes.IMPLEMENTATION_QUESTIONS_ASKED,
                EvidenceSource.CALL), REP);
        deal = service.recordEvidence(deal, NewEvidence.of(EvidenceTypes.SHORTLISTED, EvidenceSource.EMAIL), REP);
        clock.advance(Duration.ofDays(29));
        assertThat(kinds()).containsExactly(SignalKind.IMPLEMENTATION_QUESTIONS, SignalKind.COMPETITIVE_NARROWING);
        clock.advance(Duration.ofDays(2));
        assertThat(kinds()).isEmpty();
    }

    @Test
    void fewerCompetitorsNamedIsNarrowingButNoneLeftIsNot() {
        deal = service.changeDetails(deal, deal.details().toBuilder().competitors("Acme", "Globex", "Initech").build(), REP);
        clock.advance(Duration.ofDays(35));
        deal = service.changeDetails(deal, deal.details().toBuilder().competitors("Acme").build(), REP);
        assertThat(ProgressionSignals.of(deal, clock.instant())).singleElement()
                .extracting(ProgressionSignal::explanation).isEqualTo("competitors named went from 3 to 1 in the last 30 days");
        deal = service.changeDetails(deal, deal.details().toBuilder().competitors(java.util.Set.of()).build(), REP);
        assertThat(kinds()).isEmpty();
    }

    @Test
    void moreBuyerMeetingsThanTheMonthBeforeIsTimeInvested() {
        after(Duration.ofDays(1), ActivityType.MEETING, ActivityDirection.FROM_BUYER);
        after(Duration.ofDays(34), ActivityType.CALL, ActivityDirection.FROM_BUYER);
        after(Duration.ofDays(10), ActivityType.DEMO, ActivityDirection.FROM_BUYER);
        assertThat(ProgressionSignals.of(deal, clock.instant())).singleElement()
                .extracting(ProgressionSignal::explanation)
                .isEqualTo("2 calls, meetings or demos with the buyer in the last 30 days, 1 in the 30 before");
        after(Duration.ofDays(1), ActivityType.EMAIL, ActivityDirection.FROM_BUYER);
        assertThat(kinds()).containsExactly(SignalKind.BUYER_TIME_INVESTED);
    }

    @Test
    void silenceDespiteTwoFollowUpsIsGhostingAndOneFollowUpIsNot() {
        after(Duration.ofDays(1), ActivityType.CALL, ActivityDirection.FROM_BUYER);
        Instant lastReply = clock.instant();
        after(Duration.ofDays(5), ActivityType.EMAIL, ActivityDirection.TO_BUYER);
        clock.advance(Duration.ofDays(10));
        assertThat(kinds()).isEmpty();
        after(Duration.ofHours(1), ActivityType.CALL, ActivityDirection.TO_BUYER);
        assertThat(ProgressionSignals.of(deal, clock.instant())).singleElement().satisfies(signal -> {
            assertThat(signal.kind()).isEqualTo(SignalKind.GHOSTING);
            assertThat(signal.kind().isPositive()).isFalse();
            assertThat(signal.since()).isEqualTo(lastReply);
        });
    }

    @Test
    void signalsAreReadAsOfTheInstantAskedAbout() {
        conversation(48, 46, 50, 20, 4, 2);
        Instant beforeTheFastReplies = clock.instant().minus(Duration.ofDays(5));
        assertThat(ProgressionSignals.of(deal, beforeTheFastReplies)).isEmpty();
        assertThat(ProgressionSignals.of(deal, deal.createdAt().minusSeconds(1))).isEmpty();
        assertThat(SignalKind.ENGAGEMENT_RISING.ruleName()).isEqualTo("engagement-rising");
    }
}
