package dev.salespipeline.store.jdbc;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The store tests' way of changing a deal: a logged call, at one fixed instant, its note telling changes apart. */
final class Calls {

    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Actor REP = Actor.of("rep-ana");
    private static final TransitionService SERVICE = new TransitionService(request -> GateDecision.allowed("test"),
            CLOCK);

    private Calls() {
    }

    /** {@code deal} after a call from the buyer noted {@code note}. */
    static Opportunity call(Opportunity deal, String note) {
        return SERVICE.logActivity(deal, new Activity(ActivityType.CALL, ActivityDirection.FROM_BUYER, NOW, REP, note));
    }
}
