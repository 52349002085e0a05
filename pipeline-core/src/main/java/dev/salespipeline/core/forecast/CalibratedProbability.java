package dev.salespipeline.core.forecast;

import dev.salespipeline.core.metrics.StageKey;
import dev.salespipeline.core.pipeline.Probability;

import java.util.Objects;

/**
 * A stage's win probability learned from closed deals: of the {@code reached} deals that got at
 * least as far as the stage and then closed, {@code won} were won. The calibrated value is smoothed
 * toward the configured default by a Beta prior of weight {@code priorWeight}:
 * {@code (won + priorWeight × default) ÷ (reached + priorWeight)}, so a small sample moves it little.
 *
 * @param stage       the stage
 * @param configured  the prior's mean: the stage's configured default, or for a segment the stage's
 *                    overall calibrated probability
 * @param calibrated  the smoothed probability
 * @param reached     closed deals that reached at least this stage (the sample size)
 * @param won         of those, the ones won
 */
public record CalibratedProbability(StageKey stage, Probability configured, Probability calibrated, int reached,
                                    int won) {

    public CalibratedProbability {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(calibrated, "calibrated");
    }
}
