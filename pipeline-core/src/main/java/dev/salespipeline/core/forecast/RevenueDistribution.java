package dev.salespipeline.core.forecast;

import dev.salespipeline.core.money.Money;

import java.util.Objects;

/**
 * The simulated distribution of a period's revenue in one currency: P10 (nine in ten trials did
 * better), P50, P90 and the mean, from {@code trials} trials seeded with {@code seed}.
 *
 * @param p10    10th percentile (nearest rank)
 * @param p50    median
 * @param p90    90th percentile
 * @param mean   mean, rounded half-even
 * @param trials number of trials
 * @param seed   the seed that reproduces them
 */
public record RevenueDistribution(Money p10, Money p50, Money p90, Money mean, int trials, long seed) {

    public RevenueDistribution {
        Objects.requireNonNull(p10, "p10");
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p90, "p90");
        Objects.requireNonNull(mean, "mean");
    }
}
