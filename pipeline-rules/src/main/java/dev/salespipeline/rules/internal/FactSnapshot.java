package dev.salespipeline.rules.internal;

import dev.salespipeline.core.opportunity.EvidenceId;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.rules.facts.Activity;
import dev.salespipeline.rules.facts.Deal;
import dev.salespipeline.rules.facts.Evidence;
import dev.salespipeline.rules.facts.Stakeholder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns an opportunity into the facts rules see, as of one instant. */
public final class FactSnapshot {

    private FactSnapshot() {
    }

    /** The deal, its active evidence, its stakeholders and its activities. */
    public static List<Object> of(Opportunity opportunity, Instant now) {
        String dealId = opportunity.id().value();
        List<Object> facts = new ArrayList<>(1 + opportunity.evidence().size()
                + opportunity.details().stakeholders().size() + opportunity.activities().size());
        facts.add(new Deal(opportunity, now));
        Set<EvidenceId> sinceStageEntry = recordedSinceStageEntry(opportunity);
        for (dev.salespipeline.core.opportunity.Evidence item : opportunity.evidence()) {
            facts.add(new Evidence(dealId, item.type().id(), item.source().name(), item.recordedAt(),
                    item.recordedBy().id(), sinceStageEntry.contains(item.id()), now));
        }
        for (dev.salespipeline.core.opportunity.Stakeholder person : opportunity.details().stakeholders()) {
            facts.add(new Stakeholder(dealId, person.name(), person.role().name()));
        }
        for (dev.salespipeline.core.opportunity.Activity activity : opportunity.activities()) {
            facts.add(new Activity(dealId, activity.type().name(), activity.direction().name(),
                    activity.occurredAt(), now, !activity.occurredAt().isBefore(opportunity.stageEnteredAt())));
        }
        return facts;
    }

    /**
     * Evidence recorded after the deal's last stage change. Decided by position in the history, not
     * by time: a setback and a stage change can share an instant, and their order is still known.
     */
    private static Set<EvidenceId> recordedSinceStageEntry(Opportunity opportunity) {
        // Backwards to the last stage change: a long history is not walked for the few events after it.
        List<OpportunityEvent> history = opportunity.history();
        Set<EvidenceId> since = new HashSet<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            OpportunityEvent event = history.get(i);
            if (event instanceof OpportunityEvent.StageChanged) {
                break;
            }
            if (event instanceof OpportunityEvent.EvidenceRecorded recorded) {
                since.add(recorded.evidence().id());
            }
        }
        return since;
    }
}
