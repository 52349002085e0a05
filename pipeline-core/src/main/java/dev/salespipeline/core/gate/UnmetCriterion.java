package dev.salespipeline.core.gate;

import dev.salespipeline.core.internal.Checks;
import dev.salespipeline.core.pipeline.StageId;

import java.util.Objects;

/**
 * One exit criterion a deal has not met, explained for the rep.
 *
 * @param criterionId a stable id, such as {@code budget-range-confirmed}
 * @param message     what the buyer still has to do, in words a rep acts on
 * @param stage       the stage whose exit the criterion guards
 * @param origin      what raised it: a rule and its file, or the evaluator's name
 */
public record UnmetCriterion(String criterionId, String message, StageId stage, String origin) {

    public UnmetCriterion {
        criterionId = Checks.requireName(criterionId, "criterionId");
        message = Checks.requireName(message, "message");
        Objects.requireNonNull(stage, "stage");
        origin = Checks.requireName(origin, "origin");
    }
}
