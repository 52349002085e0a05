package dev.salespipeline.core.transition;

import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.List;

/**
 * Thrown by {@link TransitionService#replay} when a history records an advance that the current gate
 * evaluator refuses at that point of the history. Carries the event's position and the unmet criteria.
 */
public final class ReplayRefusedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final OpportunityId opportunityId;
    private final long sequence;
    private final transient List<UnmetCriterion> unmetCriteria;

    public ReplayRefusedException(OpportunityEvent.StageChanged event, List<UnmetCriterion> unmetCriteria) {
        super("Event #" + event.sequence() + " of opportunity '" + event.opportunityId() + "' advances from '"
                + event.from() + "' to '" + event.to() + "', but the gate refuses it at that point: "
                + unmetCriteria.stream().map(UnmetCriterion::criterionId).toList()
                + "\nMaybe the history was exported without its evidence, or the advance was a manager override"
                + " that should be recorded as one.");
        this.opportunityId = event.opportunityId();
        this.sequence = event.sequence();
        this.unmetCriteria = List.copyOf(unmetCriteria);
    }

    public OpportunityId opportunityId() {
        return opportunityId;
    }

    public long sequence() {
        return sequence;
    }

    public List<UnmetCriterion> unmetCriteria() {
        return unmetCriteria;
    }
}
