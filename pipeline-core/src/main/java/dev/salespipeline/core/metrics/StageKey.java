package dev.salespipeline.core.metrics;

import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.StageId;

import java.util.Objects;

/**
 * A stage of a pipeline: metrics over several pipelines keep their stages apart even when the ids
 * coincide ("qualification" in two stage sets).
 *
 * @param pipeline the pipeline
 * @param stage    the stage within it
 */
public record StageKey(PipelineId pipeline, StageId stage) {

    public StageKey {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
    }

    @Override
    public String toString() {
        return pipeline + "/" + stage;
    }
}
