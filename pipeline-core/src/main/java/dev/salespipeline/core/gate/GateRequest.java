package dev.salespipeline.core.gate;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.SupportedTime;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.Gate;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;

import java.time.Instant;
import java.util.Objects;

/**
 * One gate to check: may this deal pass {@code gate} now, leaving its exiting stage for the next stage
 * on the track? When a deal skips stages, the transition service asks once per skipped gate.
 *
 * @param opportunity the deal as it is now (it may still be in an earlier stage than the gate's)
 * @param gate        the gate: the stage whose exit criteria apply, and the stage after it, whose
 *                    required fields apply
 * @param now         the time of the check, from the service's clock
 */
public record GateRequest(Opportunity opportunity, Gate gate, Instant now) {

    /**
     * @throws InvalidValueException when the gate is not a gate of the deal's pipeline, or {@code now} is
     *                               outside {@link SupportedTime}
     */
    public GateRequest {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(now, "now");
        SupportedTime.require(now, "now");
        // A request for another pipeline's stages would be decided by the wrong gate's criteria.
        PipelineDefinition pipeline = opportunity.pipeline();
        Stage exiting = gate.exiting();
        boolean isGate = exiting.isOpen() && pipeline.findStage(exiting.id()).filter(exiting::equals).isPresent()
                && pipeline.nextOnTrack(exiting.id()).equals(gate.entering());
        if (!isGate) {
            throw new InvalidValueException("gate", exiting.id() + " -> " + gate.entering().id(),
                    "must be a gate of the deal's pipeline '" + pipeline.id() + "': an open stage and the stage after"
                            + " it on the track");
        }
    }

    /** The stage whose exit criteria apply. */
    public Stage exiting() {
        return gate.exiting();
    }

    /** The stage after it, whose required fields apply. */
    public Stage entering() {
        return gate.entering();
    }
}
