package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.internal.Checks;

/**
 * Identifies a {@link PipelineDefinition} within a {@link PipelineCatalog}, such as {@code enterprise}.
 *
 * @param value letters, digits, {@code _ . -}; starts with a letter or digit; at most 64 characters
 */
public record PipelineId(String value) {

    static final int MAX_LENGTH = 64;
    static final String SHAPE_TEXT = "1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit";

    public PipelineId {
        Checks.requireSimpleIdentifier(value, "pipelineId", MAX_LENGTH, SHAPE_TEXT);
    }

    public static PipelineId of(String value) {
        return new PipelineId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
