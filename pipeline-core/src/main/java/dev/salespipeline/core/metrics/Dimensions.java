package dev.salespipeline.core.metrics;

import dev.salespipeline.core.opportunity.Opportunity;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The dimensions {@link PipelineMetrics#breakdown} is usually asked for. */
public final class Dimensions {

    public static final Function<Opportunity, Collection<String>> PIPELINE = deal -> List.of(deal.pipeline().id().value());
    public static final Function<Opportunity, Collection<String>> OWNER = deal -> List.of(deal.details().owner());
    public static final Function<Opportunity, Collection<String>> SEGMENT = deal -> deal.details().segment().stream().toList();
    public static final Function<Opportunity, Collection<String>> REGION = deal -> deal.details().region().stream().toList();
    public static final Function<Opportunity, Collection<String>> CHANNEL = deal -> deal.details().channel().stream().toList();
    public static final Function<Opportunity, Collection<String>> PRODUCT = deal -> deal.details().products();

    private Dimensions() {
    }

    /**
     * Deal-size bands by upper bound (inclusive), in ascending order, in the deal's own currency:
     * {@code dealSizeBand(10_000, 100_000)} gives "≤ 10000", "≤ 100000" and "> 100000".
     */
    public static Function<Opportunity, Collection<String>> dealSizeBand(long... upperBounds) {
        Objects.requireNonNull(upperBounds, "upperBounds");
        long[] bounds = upperBounds.clone();
        for (int index = 1; index < bounds.length; index++) {
            if (bounds[index] <= bounds[index - 1]) {
                throw new dev.salespipeline.core.InvalidValueException("upperBounds", java.util.Arrays.toString(bounds),
                        "must be strictly ascending");
            }
        }
        return deal -> {
            BigDecimal amount = deal.details().value().amount().amount();
            for (long bound : bounds) {
                if (amount.compareTo(BigDecimal.valueOf(bound)) <= 0) {
                    return List.of("≤ " + bound);
                }
            }
            return List.of(bounds.length == 0 ? "all" : "> " + bounds[bounds.length - 1]);
        };
    }
}
