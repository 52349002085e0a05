package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageKind;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every legal kind of stage change, as data: which stage kinds it leaves and enters, which way it may
 * move along the track, whether it needs a reason and whether it must pass a gate. Anything not
 * listed here is illegal and throws {@link IllegalStageTransitionException}.
 */
public enum StageMove {
    /** Forward along the open stages; passes the gate of every stage it leaves or skips. */
    ADVANCE(EnumSet.of(StageKind.OPEN), StageKind.OPEN, Direction.FORWARD, false, true),
    /** From an open stage to won; passes the gate of every remaining stage. */
    WIN(EnumSet.of(StageKind.OPEN), StageKind.WON, Direction.FORWARD, false, true),
    /** Back to an earlier open stage, because an assumption proved wrong. */
    REGRESS(EnumSet.of(StageKind.OPEN), StageKind.OPEN, Direction.BACKWARD, true, false),
    /** Out of the active pipeline into nurture: not ready yet. */
    NURTURE(EnumSet.of(StageKind.OPEN), StageKind.NURTURE, Direction.ANY, true, false),
    /** From nurture back to an open stage no later than the last one the deal held. */
    REACTIVATE(EnumSet.of(StageKind.NURTURE), StageKind.OPEN, Direction.NOT_BEYOND_LAST_OPEN, true, false),
    /** The buyer chose not to buy, or chose someone else. */
    LOSE(EnumSet.of(StageKind.OPEN, StageKind.NURTURE), StageKind.LOST, Direction.ANY, true, false),
    /** Not a real opportunity: removed from the pipeline. */
    DISQUALIFY(EnumSet.of(StageKind.OPEN, StageKind.NURTURE), StageKind.DISQUALIFIED, Direction.ANY, true, false),
    /** A closed deal back to an open stage no later than the last one it held. */
    REOPEN(EnumSet.of(StageKind.WON, StageKind.LOST, StageKind.DISQUALIFIED), StageKind.OPEN,
            Direction.NOT_BEYOND_LAST_OPEN, true, false);

    private enum Direction { FORWARD, BACKWARD, NOT_BEYOND_LAST_OPEN, ANY }

    private final Set<StageKind> fromKinds;
    private final StageKind toKind;
    private final Direction direction;
    private final boolean reasonRequired;
    private final boolean gated;

    StageMove(Set<StageKind> fromKinds, StageKind toKind, Direction direction, boolean reasonRequired,
              boolean gated) {
        this.fromKinds = fromKinds;
        this.toKind = toKind;
        this.direction = direction;
        this.reasonRequired = reasonRequired;
        this.gated = gated;
    }

    /** Whether this move must be justified with a written reason. */
    public boolean requiresReason() {
        return reasonRequired;
    }

    /** Whether this move must pass the exit gates of the stages it leaves (or be overridden). */
    public boolean isGated() {
        return gated;
    }

    /** The kind of stage this move enters. */
    public StageKind targetKind() {
        return toKind;
    }

    /**
     * Why this move from {@code from} to {@code to} is illegal, or empty when it is legal.
     *
     * @param lastOpenStage the last open stage the deal held; bounds reactivation and reopening
     */
    Optional<String> violation(PipelineDefinition pipeline, Stage from, Stage to, Stage lastOpenStage) {
        if (!fromKinds.contains(from.kind())) {
            return Optional.of("a deal in a " + from.kind() + " stage cannot " + verb() + "; only deals in "
                    + fromKinds + " stages can");
        }
        if (to.kind() != toKind) {
            return Optional.of("the target of " + verb() + " must be a " + toKind + " stage, not " + to.kind());
        }
        int fromPosition = pipeline.trackPosition(from.id());
        int toPosition = pipeline.trackPosition(to.id());
        return switch (direction) {
            case FORWARD -> toPosition > fromPosition ? Optional.empty()
                    : Optional.of("advancing must move forward; use regress to move back");
            case BACKWARD -> toPosition < fromPosition ? Optional.empty()
                    : Optional.of("regression must move back to an earlier stage; use advance to move forward");
            case NOT_BEYOND_LAST_OPEN -> toPosition <= pipeline.trackPosition(lastOpenStage.id()) ? Optional.empty()
                    : Optional.of("it may return at most to '" + lastOpenStage.id()
                            + "', the last open stage it held; later stages must be earned through their gates");
            case ANY -> Optional.empty();
        };
    }

    private String verb() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
