package dev.salespipeline.core.pipeline;

/** Thrown when a stage id is not part of the pipeline it was looked up in. */
public final class UnknownStageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final PipelineId pipelineId;
    private final StageId stageId;

    public UnknownStageException(PipelineId pipelineId, StageId stageId, java.util.Collection<StageId> known) {
        super("Pipeline '" + pipelineId + "' has no stage '" + stageId + "'; its stages are " + known);
        this.pipelineId = pipelineId;
        this.stageId = stageId;
    }

    public PipelineId pipelineId() {
        return pipelineId;
    }

    public StageId stageId() {
        return stageId;
    }
}
