package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.opportunity.OpportunityId;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a workflow hook asks for when a deal enters a stage: a next step to propose, a
 * stakeholder-map update to prompt, or a manager to notify. Hooks only ask; the host acts (for a next
 * step, by changing the deal's details through the transition service if the rep accepts it).
 *
 * @param opportunityId the deal
 * @param kind          what is asked for
 * @param message       the next step's description, the prompt, or the notification
 * @param dueDate       when the next step is due; present for {@link Kind#NEXT_STEP} only
 * @param origin        the rule that asked, and its file
 */
public record WorkflowAction(OpportunityId opportunityId, Kind kind, String message, Optional<LocalDate> dueDate,
                             String origin) {

    /** What a hook asks for. */
    public enum Kind {
        /** Propose this next step, from the stage's template. */
        NEXT_STEP,
        /** Prompt the rep to update the stakeholder map. */
        STAKEHOLDER_MAP_UPDATE,
        /** Notify the deal owner's manager. */
        MANAGER_NOTIFICATION
    }

    public WorkflowAction {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(origin, "origin");
    }
}
