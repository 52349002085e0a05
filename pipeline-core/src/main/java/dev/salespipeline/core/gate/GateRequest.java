package dev.salespipeline.core.gate;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.SupportedTime;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;

import java.time.Instant;
import java.util.Objects;

/**
 * One gate to check: may this deal leave {@code exiting} for {@code entering}, the next stage on the
 * track? When a deal skips stages, the transition service asks once per skipped gate.
 *
 * @param opportunity the deal as it is now (it may still be in an earlier stage than {@code exiting})
 * @param exiting     the stage whose exit criteria apply
 * @param entering    the stage after it, whose required fields apply
 * @param now         the time of the check, from the service's clock
 * @throws InvalidValueException when the two stages are not a gate of the deal's pipeline (an open stage
 *                               and the stage after it on the track), or {@code now} is outside
 *                               {@link SupportedTime}
 */
public record GateRequest(Opportunity opportunity, Stage exiting, Stage entering, Instant now) {

    public GateRequest {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(exiting, "exiting");
        Objects.requireNonNull(entering, "entering");
        Objects.requireNonNull(now, "now");
        SupportedTime.require(now, "now");
        // A request for another pipeline's stages would be decided by the wrong gate's criteria.
        PipelineDefinition pipeline = opportunity.pipeline();
        boolean isGate = exiting.isOpen() && pipeline.findStage(exiting.id()).filter(exiting::equals).isPresent()
                && pipeline.nextOnTrack(exiting.id()).equals(entering);
        if (!isGate) {
            throw new InvalidValueException("exiting -> entering", exiting.id() + " -> " + entering.id(),
                    "must be a gate of the deal's pipeline '" + pipeline.id() + "': an open stage and the stage after"
                            + " it on the track");
        }
    }
}
