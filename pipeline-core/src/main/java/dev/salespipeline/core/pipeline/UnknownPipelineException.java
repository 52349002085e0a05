package dev.salespipeline.core.pipeline;

/** Thrown when a pipeline id is not in the catalogue it was looked up in. */
public final class UnknownPipelineException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final PipelineId pipelineId;

    public UnknownPipelineException(PipelineId pipelineId, java.util.Collection<PipelineId> known) {
        super("No pipeline '" + pipelineId + "' in the catalogue; it holds " + known);
        this.pipelineId = pipelineId;
    }

    public PipelineId pipelineId() {
        return pipelineId;
    }
}
