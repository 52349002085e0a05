package dev.salespipeline.rules.impact;

import dev.salespipeline.core.metrics.MoneyTotals;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The pipeline as it would stand if every recommendation of one rule set were followed: a deal
 * recommended for disqualification counts nothing, one recommended for regression counts at the
 * probability of the earliest stage it is sent back to, the others at their own.
 *
 * @param weighted    the open deals' value × probability, per currency
 * @param forecast    the full forecast of the period, per currency: won so far plus the open deals
 *                    expected to close in it, each at that probability
 * @param periodStart the forecast period's first day
 * @param periodEnd   its last day
 */
public record PipelineEffect(MoneyTotals weighted, MoneyTotals forecast, LocalDate periodStart, LocalDate periodEnd) {

    public PipelineEffect {
        Objects.requireNonNull(weighted, "weighted");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
    }
}
