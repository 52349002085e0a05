package dev.salespipeline.core.events;

import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.StageId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Something that happened to a deal, as listeners receive it. Immutable values; {@link #type()} names
 * the kind in the words of the issue tracker and the JSON schema ({@code advanced}, {@code alert-raised}…).
 */
public sealed interface PipelineEvent {

    OpportunityId opportunityId();

    /**
     * Who owned the deal when the event occurred (after it, for a change of owner): with
     * {@link #pipelineId()}, what a consumer needs to scope a stream by viewer
     * ({@link dev.salespipeline.core.view.Scope#admits(PipelineEvent)}).
     */
    String owner();

    /** The pipeline the deal runs in. */
    PipelineId pipelineId();

    Instant occurredAt();

    /** The kind of event, lower case with hyphens: the name hosts route on. */
    String type();

    /**
     * A committed change of the deal: one event of its history, and the deal as it stood right after it.
     * Its type follows the history event: {@code created}, {@code details-changed},
     * {@code evidence-recorded}, {@code evidence-withdrawn}, {@code activity-logged}, or for a stage
     * change its move: {@code advanced}, {@code won}, {@code regressed}, {@code nurtured},
     * {@code reactivated}, {@code lost}, {@code disqualified}, {@code reopened}.
     */
    record Changed(OpportunityEvent event, Opportunity after) implements PipelineEvent {
        public Changed {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(after, "after");
        }

        @Override
        public OpportunityId opportunityId() {
            return event.opportunityId();
        }

        @Override
        public String owner() {
            return after.details().owner();
        }

        @Override
        public PipelineId pipelineId() {
            return after.pipeline().id();
        }

        @Override
        public Instant occurredAt() {
            return event.occurredAt();
        }

        @Override
        public String type() {
            if (event instanceof OpportunityEvent.StageChanged changed) {
                return switch (changed.move()) {
                    case ADVANCE -> "advanced";
                    case WIN -> "won";
                    case REGRESS -> "regressed";
                    case NURTURE -> "nurtured";
                    case REACTIVATE -> "reactivated";
                    case LOSE -> "lost";
                    case DISQUALIFY -> "disqualified";
                    case REOPEN -> "reopened";
                };
            }
            String name = event.getClass().getSimpleName();
            return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
    }

    /** An advance the gate refused: nothing changed, but the team should know it was tried. */
    record AdvanceBlocked(OpportunityId opportunityId, String owner, PipelineId pipelineId, Instant occurredAt,
                          StageId from, StageId target, List<UnmetCriterion> unmetCriteria, String ruleSetVersion)
            implements PipelineEvent {
        public AdvanceBlocked {
            Objects.requireNonNull(opportunityId, "opportunityId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(target, "target");
            unmetCriteria = List.copyOf(unmetCriteria);
            Objects.requireNonNull(ruleSetVersion, "ruleSetVersion");
        }

        @Override
        public String type() {
            return "advance-blocked";
        }
    }

    /**
     * An alert that a sweep raised and the previous sweep of the deal had not, or raised at another
     * severity.
     */
    record AlertRaised(OpportunityId opportunityId, String owner, PipelineId pipelineId, Instant occurredAt, String kind,
                       String severity, LocalDate since, String message) implements PipelineEvent {
        public AlertRaised {
            Objects.requireNonNull(opportunityId, "opportunityId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String type() {
            return "alert-raised";
        }
    }

    /** An alert the previous sweep of the deal raised and this one did not: the cause went away. */
    record AlertCleared(OpportunityId opportunityId, String owner, PipelineId pipelineId, Instant occurredAt, String kind)
            implements PipelineEvent {
        public AlertCleared {
            Objects.requireNonNull(opportunityId, "opportunityId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public String type() {
            return "alert-cleared";
        }
    }

    /** The deal's computed win probability changed (after a recalibration, or a stage change). */
    record ProbabilityRecalculated(OpportunityId opportunityId, String owner, PipelineId pipelineId, Instant occurredAt,
                                   Probability before, Probability after) implements PipelineEvent {
        public ProbabilityRecalculated {
            Objects.requireNonNull(opportunityId, "opportunityId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(occurredAt, "occurredAt");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        @Override
        public String type() {
            return "probability-recalculated";
        }
    }
}
