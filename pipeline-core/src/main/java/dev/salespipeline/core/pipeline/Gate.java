package dev.salespipeline.core.pipeline;

import java.util.Objects;

/**
 * One gate of a pipeline: a deal leaving the open stage {@code exiting} for {@code entering}, the next
 * stage on the track (the won stage after the last open one). The exit criteria of {@code exiting} and
 * the required fields of {@code entering} apply. {@link PipelineDefinition#gateAfter} and
 * {@link PipelineDefinition#gatesBetween} give a pipeline's gates.
 *
 * @param exiting  the stage being left
 * @param entering the stage after it on the track
 */
public record Gate(Stage exiting, Stage entering) {

    public Gate {
        Objects.requireNonNull(exiting, "exiting");
        Objects.requireNonNull(entering, "entering");
    }

    @Override
    public String toString() {
        return "'" + exiting.id() + "' -> '" + entering.id() + "'";
    }
}
