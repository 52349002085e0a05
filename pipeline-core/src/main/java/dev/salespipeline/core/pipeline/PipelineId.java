package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.internal.Checks;

import java.util.regex.Pattern;

/**
 * Identifies a {@link PipelineDefinition} within a {@link PipelineCatalog}, such as {@code enterprise}.
 *
 * @param value letters, digits, {@code _ . -}; starts with a letter or digit; at most 64 characters
 */
public record PipelineId(String value) {

    static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    static final String SHAPE_TEXT = "1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit";

    public PipelineId {
        Checks.requireIdentifier(value, "pipelineId", SHAPE, SHAPE_TEXT);
    }

    public static PipelineId of(String value) {
        return new PipelineId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
