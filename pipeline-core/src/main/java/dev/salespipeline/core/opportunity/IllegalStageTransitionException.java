package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.pipeline.StageId;

/**
 * Thrown when a stage change is not legal for the deal's current stage: a move the
 * {@link StageMove} table does not allow, a change from a stage the deal is no longer in, a target
 * the pipeline lacks. Carries the opportunity, the move, and the from and to stages.
 */
public final class IllegalStageTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final OpportunityId opportunityId;
    private final StageMove move;
    private final StageId from;
    private final transient StageId to;

    /**
     * @param to the requested target stage; null when the pipeline has no stage for the move
     */
    public IllegalStageTransitionException(OpportunityId opportunityId, StageMove move, StageId from, StageId to,
                                           String why) {
        super("Opportunity '" + opportunityId + "' cannot " + move.name().toLowerCase(java.util.Locale.ROOT)
                + " from '" + from + "'" + (to == null ? "" : " to '" + to + "'") + ": " + why);
        this.opportunityId = opportunityId;
        this.move = move;
        this.from = from;
        this.to = to;
    }

    public OpportunityId opportunityId() {
        return opportunityId;
    }

    public StageMove move() {
        return move;
    }

    public StageId from() {
        return from;
    }

    /** The requested target, or null when the pipeline has no stage for the move. */
    public StageId to() {
        return to;
    }
}
