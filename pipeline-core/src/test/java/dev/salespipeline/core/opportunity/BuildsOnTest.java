package dev.salespipeline.core.opportunity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import org.junit.jupiter.api.Test;

class BuildsOnTest {

    private final TestClock clock = new TestClock();
    private final TransitionService service = new TransitionService(request -> GateDecision.allowed("test"), clock);

    private Opportunity call(Opportunity deal, String note) {
        return service.logActivity(deal, new Activity(ActivityType.CALL, ActivityDirection.FROM_BUYER, clock.instant(),
                Deals.REP, note));
    }

    @Test
    void aDealBuildsOnItselfAndOnEveryEarlierVersionOfItsOwnHistoryOnly() {
        Opportunity first = Deals.open(service, "opp-1", Deals.completeDetails());
        Opportunity second = call(first, "one");
        Opportunity rival = call(first, "another");

        assertThat(second.buildsOn(first)).isTrue();
        assertThat(second.buildsOn(second)).isTrue();
        assertThat(call(second, "two").buildsOn(first)).isTrue();
        assertThat(first.buildsOn(second)).as("shorter").isFalse();
        assertThat(rival.buildsOn(second)).as("diverged at event 2").isFalse();
        assertThat(Deals.open(service, "opp-2", Deals.completeDetails()).buildsOn(first)).as("another deal").isFalse();
    }
}
