package dev.salespipeline.core.scoring;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.Stakeholder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The characteristics a win-probability score reads from a deal at an instant, each a number with a
 * name a sales leader understands. Counts and ratios are capped, so one extreme deal cannot dominate.
 *
 * @param values one value per name in {@link #NAMES}, in that order
 */
public record DealFeatures(double[] values) {

    /** The feature names, in order. */
    public static final List<String> NAMES = List.of("stage position", "time in stage vs average", "evidence",
            "stakeholder roles", "days since last activity", "activities");

    public DealFeatures {
        Objects.requireNonNull(values, "values");
        if (values.length != NAMES.size()) {
            throw new dev.salespipeline.core.InvalidValueException("values", values.length,
                    "must hold " + NAMES.size() + " features");
        }
        values = values.clone();
    }

    /** The features of an open deal as it is, measured at {@code at}. */
    public static DealFeatures of(Opportunity deal, Instant at, StageAverages averages) {
        Objects.requireNonNull(deal, "deal");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(averages, "averages");
        int openStages = deal.pipeline().openStages().size();
        double position = Math.max(0, deal.pipeline().trackPosition(deal.stageId())) / (double) Math.max(1, openStages - 1);
        double average = Math.max(1, averages.averageFor(deal).toHours());
        double inStage = Math.min(5, Duration.between(deal.stageEnteredAt(), at).toHours() / average);
        double evidence = Math.min(30, deal.evidence().size());
        double roles = deal.details().stakeholders().stream().map(Stakeholder::role).distinct().count();
        double quiet = Math.min(60, Duration.between(deal.lastActivityAt().orElse(deal.createdAt()), at).toDays());
        double activities = Math.min(50, deal.activities().size());
        return new DealFeatures(new double[] {position, inStage, evidence, roles, quiet, activities});
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DealFeatures that && java.util.Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "DealFeatures" + java.util.Arrays.toString(values);
    }
}
