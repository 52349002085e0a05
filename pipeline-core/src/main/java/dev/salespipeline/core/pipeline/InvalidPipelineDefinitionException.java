package dev.salespipeline.core.pipeline;

import java.util.List;

/**
 * Thrown when a pipeline definition breaks a structural rule. It lists every problem at once, so a
 * definition can be fixed in one pass.
 */
public final class InvalidPipelineDefinitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final PipelineId pipelineId;
    private final transient List<String> problems;

    public InvalidPipelineDefinitionException(PipelineId pipelineId, List<String> problems) {
        super("Pipeline '" + pipelineId + "' is invalid:\n  - " + String.join("\n  - ", problems));
        this.pipelineId = pipelineId;
        this.problems = List.copyOf(problems);
    }

    public PipelineId pipelineId() {
        return pipelineId;
    }

    /** Each problem as one sentence, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
