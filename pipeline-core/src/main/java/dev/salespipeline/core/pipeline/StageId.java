package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.internal.Checks;

/**
 * Identifies a {@link Stage} within its pipeline, such as {@code proposal}. Rules and stored histories
 * refer to stages by this id, so it should not change once deals use it; the display name may.
 *
 * @param value letters, digits, {@code _ . -}; starts with a letter or digit; at most 64 characters
 */
public record StageId(String value) {

    public StageId {
        Checks.requireSimpleIdentifier(value, "stageId", PipelineId.MAX_LENGTH, PipelineId.SHAPE_TEXT);
    }

    public static StageId of(String value) {
        return new StageId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
