package dev.salespipeline.rules.impact;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An open deal whose next gate the candidate rules decide differently.
 *
 * @param deal   the deal
 * @param before the current rules' decision
 * @param after  the candidate rules' decision
 */
public record DecisionChange(OpportunityId deal, GateDecision before, GateDecision after) {

    /** How the decision changed. */
    public enum Kind {
        /** Allowed now, blocked by the candidate. */
        NEWLY_BLOCKED,
        /** Blocked now, allowed by the candidate. */
        NEWLY_ALLOWED,
        /** Blocked by both, for other criteria. */
        CRITERIA_CHANGED
    }

    public DecisionChange {
        Objects.requireNonNull(deal, "deal");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    public Kind kind() {
        if (before.isAllowed()) {
            return Kind.NEWLY_BLOCKED;
        }
        return after.isAllowed() ? Kind.NEWLY_ALLOWED : Kind.CRITERIA_CHANGED;
    }

    /** The criteria the candidate adds to this deal's gate. */
    public Set<String> criteriaAdded() {
        Set<String> added = criteria(after);
        added.removeAll(criteria(before));
        return added;
    }

    /** The criteria the candidate no longer reports for this deal's gate. */
    public Set<String> criteriaRemoved() {
        Set<String> removed = criteria(before);
        removed.removeAll(criteria(after));
        return removed;
    }

    static Set<String> criteria(GateDecision decision) {
        Set<String> ids = new TreeSet<>();
        decision.unmetCriteria().stream().map(UnmetCriterion::criterionId).forEach(ids::add);
        return ids;
    }
}
