package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.StageId;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an opportunity's append-only history. The opportunity's state is the fold of its
 * events ({@link Opportunity#restore}); every event carries the opportunity, its position in the
 * history (1, 2, 3…), when it happened and who did it.
 *
 * <p>All events are immutable records. Hosts store them and read them back; they should not build
 * them by hand except to restore a stored history.
 */
public sealed interface OpportunityEvent {

    OpportunityId opportunityId();

    /** Position in the history, starting at 1 with {@link Created}. */
    long sequence();

    Instant occurredAt();

    Actor actor();

    private static void requireCommon(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor) {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        if (sequence < 1) {
            throw new dev.salespipeline.core.InvalidValueException("sequence", sequence, "must be 1 or more");
        }
    }

    /** The opportunity was opened in its pipeline's first open stage. */
    record Created(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor,
                   PipelineId pipelineId, StageId stage, OpportunityDetails details) implements OpportunityEvent {
        public Created {
            requireCommon(opportunityId, sequence, occurredAt, actor);
            Objects.requireNonNull(pipelineId, "pipelineId");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(details, "details");
        }
    }

    /**
     * The rep changed descriptive fields; {@code details} is the complete new set.
     *
     * @param reason why, such as "buyer moved signing to next quarter"; may be empty
     */
    record DetailsChanged(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor,
                          OpportunityDetails details, String reason) implements OpportunityEvent {
        public DetailsChanged {
            requireCommon(opportunityId, sequence, occurredAt, actor);
            Objects.requireNonNull(details, "details");
            reason = Checks.requireText(reason, "reason").strip();
        }
    }

    /** A piece of evidence was recorded. */
    record EvidenceRecorded(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor,
                            Evidence evidence) implements OpportunityEvent {
        public EvidenceRecorded {
            requireCommon(opportunityId, sequence, occurredAt, actor);
            Objects.requireNonNull(evidence, "evidence");
        }
    }

    /** A piece of evidence stopped counting; it stays in the record as withdrawn. */
    record EvidenceWithdrawn(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor,
                             EvidenceId evidenceId, String reason) implements OpportunityEvent {
        public EvidenceWithdrawn {
            requireCommon(opportunityId, sequence, occurredAt, actor);
            Objects.requireNonNull(evidenceId, "evidenceId");
            reason = Checks.requireReason(reason, "reason");
        }
    }

    /** A touchpoint with the buyer was logged. */
    record ActivityLogged(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor,
                          Activity activity) implements OpportunityEvent {
        public ActivityLogged {
            requireCommon(opportunityId, sequence, occurredAt, actor);
            Objects.requireNonNull(activity, "activity");
        }
    }

    /**
     * The deal changed stage: advanced, won, regressed, moved to nurture, reactivated, lost,
     * disqualified or reopened, as {@code move} says.
     *
     * @param reason   why; required for every move but advance and win, and may be empty for those
     * @param gate     how the move got past its gate
     * @param inferred whether the move was inferred rather than recorded: an import of an export that
     *                 records where a deal ended (a won deal's close date, an open deal's current stage)
     *                 but not the stages it passed nor when it left {@code from}. Figures that need the
     *                 passage (calibration, conversion, time in stage, backtests, score training) leave
     *                 it out as unknown rather than count it as passed or failed
     */
    record StageChanged(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor,
                        StageMove move, StageId from, StageId to, String reason, GateRecord gate, boolean inferred)
            implements OpportunityEvent {
        public StageChanged {
            requireCommon(opportunityId, sequence, occurredAt, actor);
            Objects.requireNonNull(move, "move");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            reason = Checks.requireText(reason, "reason").strip();
            Objects.requireNonNull(gate, "gate");
        }

        /** A move as it was recorded, not inferred. */
        public StageChanged(OpportunityId opportunityId, long sequence, Instant occurredAt, Actor actor,
                            StageMove move, StageId from, StageId to, String reason, GateRecord gate) {
            this(opportunityId, sequence, occurredAt, actor, move, from, to, reason, gate, false);
        }
    }
}
