package dev.salespipeline.rules.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.AlertTracker;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AlertTrackerTest {

    private static final OpportunityId A = OpportunityId.of("a");
    private static final OpportunityId B = OpportunityId.of("b");
    private static final Opportunity DEAL_A = RulesFixtures.PLACER.open(A, RulesFixtures.PIPELINE,
            RulesFixtures.completeDetails(), RulesFixtures.REP);
    private static final Opportunity DEAL_B = RulesFixtures.PLACER.open(B, RulesFixtures.PIPELINE,
            RulesFixtures.completeDetails().toBuilder().owner("rep-budi").build(), RulesFixtures.REP);
    private static final Instant T1 = Instant.parse("2026-02-02T09:00:00Z");
    private static final Instant T2 = T1.plusSeconds(86_400);

    private final PipelineEvents events = new PipelineEvents();
    private final List<String> heard = new ArrayList<>();
    private final AlertTracker tracker = new AlertTracker(events);

    {
        events.register(event -> heard.add(event.type() + " " + event.opportunityId() + " "
                + (event instanceof PipelineEvent.AlertRaised raised ? raised.kind() + "/" + raised.severity()
                : ((PipelineEvent.AlertCleared) event).kind())));
    }

    private static Alert alert(OpportunityId deal, String kind, Alert.Severity severity) {
        return new Alert(deal, kind, severity, LocalDate.of(2026, 1, 20), "Do something.", "alerts.drl");
    }

    @Test
    void onlyChangesBetweenSweepsArePublished() {
        tracker.track(List.of(DEAL_A, DEAL_B), List.of(alert(A, "no-activity", Alert.Severity.WARNING)), T1);
        tracker.track(List.of(DEAL_A, DEAL_B), List.of(alert(A, "no-activity", Alert.Severity.WARNING)), T2);
        assertThat(heard).containsExactly("alert-raised a no-activity/WARNING");

        // Escalated, another raised on b, then a's resolved: each change once.
        tracker.track(List.of(DEAL_A, DEAL_B), List.of(alert(A, "no-activity", Alert.Severity.ALERT),
                alert(B, "next-step-overdue", Alert.Severity.WARNING)), T2);
        tracker.track(List.of(DEAL_A), List.of(), T2);
        assertThat(heard).containsExactly("alert-raised a no-activity/WARNING", "alert-raised a no-activity/ALERT",
                "alert-raised b next-step-overdue/WARNING", "alert-cleared a no-activity");
    }

    @Test
    void anAlertOnADealTheSweepDidNotCoverIsRefused() {
        assertThatThrownBy(() -> tracker.track(List.of(DEAL_A), List.of(alert(B, "ghosting", Alert.Severity.ALERT)), T1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alert ghosting is on 'b', which is not among the swept deals");
        assertThat(heard).isEmpty();
    }

    @Test
    void everyEventCarriesTheDealsOwnerAndPipelineAtTheSweep() {
        List<PipelineEvent> published = new ArrayList<>();
        events.register(published::add);
        tracker.track(List.of(DEAL_A, DEAL_B), List.of(alert(A, "no-activity", Alert.Severity.WARNING),
                alert(B, "ghosting", Alert.Severity.ALERT)), T1);
        Opportunity reassigned = RulesFixtures.PLACER.changeDetails(DEAL_A, DEAL_A.details().toBuilder()
                .owner("rep-citra").build(), RulesFixtures.REP, "territory change");
        tracker.track(List.of(reassigned), List.of(), T2);

        assertThat(published).extracting(PipelineEvent::type, PipelineEvent::opportunityId, PipelineEvent::owner)
                .containsExactly(tuple("alert-raised", A, "rep-ana"), tuple("alert-raised", B, "rep-budi"),
                        tuple("alert-cleared", A, "rep-citra"));
        assertThat(published).extracting(PipelineEvent::pipelineId).containsOnly(RulesFixtures.PIPELINE.id());
    }

    @Test
    void aDealSweptTwiceInOneCallIsRefused() {
        assertThatThrownBy(() -> tracker.track(List.of(DEAL_A, DEAL_A), List.of(), T1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("swept holds opportunity 'a' twice");
        assertThat(heard).isEmpty();
    }
}
