package dev.salespipeline.core.forecast;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.Probability;

import java.util.Objects;
import java.util.Optional;

/**
 * One open deal in a forecast: its value, the probability the forecast uses, the rep's own
 * probability beside it (never overwritten), its category and its expected value.
 *
 * @param opportunityId the deal
 * @param value         its value
 * @param probability   the probability the forecast uses
 * @param repProbability the rep's hand-set probability, if any; null for none
 * @param category      its forecast category
 * @param expected      value × probability, rounded half-even
 */
public record ForecastLine(OpportunityId opportunityId, Money value, Probability probability,
                           Probability repProbability, ForecastCategory category, Money expected) {

    public ForecastLine {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(probability, "probability");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(expected, "expected");
    }

    public Optional<Probability> rep() {
        return Optional.ofNullable(repProbability);
    }
}
