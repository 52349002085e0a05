package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.InvalidValueException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pipelines a business runs at once (per product line, segment, region or channel), by id. Each
 * opportunity belongs to exactly one of them.
 *
 * <p>Immutable and thread-safe.
 */
public final class PipelineCatalog {

    private final Map<PipelineId, PipelineDefinition> pipelines;

    private PipelineCatalog(Map<PipelineId, PipelineDefinition> pipelines) {
        this.pipelines = pipelines;
    }

    /** A catalogue of these pipelines, in this order; ids must be unique. */
    public static PipelineCatalog of(PipelineDefinition... pipelines) {
        return of(List.of(pipelines));
    }

    public static PipelineCatalog of(Collection<PipelineDefinition> pipelines) {
        Objects.requireNonNull(pipelines, "pipelines");
        Map<PipelineId, PipelineDefinition> byId = new LinkedHashMap<>();
        for (PipelineDefinition pipeline : pipelines) {
            Objects.requireNonNull(pipeline, "pipelines must not contain null");
            if (byId.putIfAbsent(pipeline.id(), pipeline) != null) {
                throw new InvalidValueException("pipelines", pipeline.id(), "must have unique ids");
            }
        }
        return new PipelineCatalog(java.util.Collections.unmodifiableMap(byId));
    }

    /** The pipeline with this id; throws {@link UnknownPipelineException} when there is none. */
    public PipelineDefinition get(PipelineId id) {
        Objects.requireNonNull(id, "pipelineId");
        PipelineDefinition pipeline = pipelines.get(id);
        if (pipeline == null) {
            throw new UnknownPipelineException(id, pipelines.keySet());
        }
        return pipeline;
    }

    public PipelineDefinition get(String id) {
        return get(PipelineId.of(id));
    }

    /** Every pipeline, in the order given. */
    public Collection<PipelineDefinition> pipelines() {
        return pipelines.values();
    }

    @Override
    public String toString() {
        return "PipelineCatalog" + pipelines.keySet();
    }
}
