package dev.salespipeline.core.forecast;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.Probability;

import java.util.Objects;

/**
 * Which category a deal is forecast in, by its probability: commit at or above {@code commitAtLeast},
 * best case at or above {@code bestCaseAtLeast}, pipeline above zero, otherwise omitted; deals that are
 * not open are always omitted.
 *
 * @param commitAtLeast   the commit threshold
 * @param bestCaseAtLeast the best-case threshold, not above the commit one
 */
public record ForecastRules(Probability commitAtLeast, Probability bestCaseAtLeast) {

    public ForecastRules {
        Objects.requireNonNull(commitAtLeast, "commitAtLeast");
        Objects.requireNonNull(bestCaseAtLeast, "bestCaseAtLeast");
        if (bestCaseAtLeast.compareTo(commitAtLeast) > 0) {
            throw new InvalidValueException("bestCaseAtLeast", bestCaseAtLeast,
                    "must not be above commitAtLeast (" + commitAtLeast + ")");
        }
    }

    /** Commit from 0.75, best case from 0.50. */
    public static ForecastRules defaults() {
        return new ForecastRules(Probability.of("0.75"), Probability.of("0.50"));
    }

    public ForecastCategory categoryOf(Opportunity deal, Probability probability) {
        if (!deal.isOpen() || probability.value().signum() == 0) {
            return ForecastCategory.OMITTED;
        }
        if (probability.compareTo(commitAtLeast) >= 0) {
            return ForecastCategory.COMMIT;
        }
        return probability.compareTo(bestCaseAtLeast) >= 0 ? ForecastCategory.BEST_CASE : ForecastCategory.PIPELINE;
    }
}
