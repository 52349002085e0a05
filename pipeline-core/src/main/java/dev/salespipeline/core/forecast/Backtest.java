package dev.salespipeline.core.forecast;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.PipelineDefinition;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Forecasts made at the start of past periods, against what was actually won in them. Each forecast
 * uses only what was known then: the deals as of the period's start, probabilities calibrated from
 * the deals closed by then, and the slip rate measured by then. So the articles' "95% forecast
 * accuracy" can be measured on a host's own history.
 *
 * <p>A deal imported without stage history is, before its inferred move
 * ({@code StageChanged.inferred}), a placeholder: created with its final amount and its actual close
 * date. Forecasting it from that would read the outcome, so a deal whose state at a period's start
 * is not recorded is left out of that period's forecast and its actual alike, and counted.
 */
public final class Backtest {

    private Backtest() {
    }

    /**
     * One period's result: forecast (full and conservative), actual, and accuracy per currency:
     * 1 − |forecast − actual| ÷ actual, floored at 0, four decimal places; absent where nothing was won.
     * {@code unrecordedDeals} counts the deals open at the start whose state then is not recorded, left
     * out of both forecast and actual.
     */
    public record PeriodResult(LocalDate start, LocalDate end, MoneyTotals forecast, MoneyTotals conservative,
                               MoneyTotals actual, Map<Currency, BigDecimal> accuracy, int unrecordedDeals) {

        public PeriodResult {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(forecast, "forecast");
            Objects.requireNonNull(conservative, "conservative");
            Objects.requireNonNull(actual, "actual");
            accuracy = Map.copyOf(accuracy);
        }
    }

    /**
     * Backtests consecutive periods: each {@code [periodStarts[i], periodStarts[i+1] - 1 day]}, the last
     * ending the day before {@code end}.
     */
    public static List<PeriodResult> run(Collection<Opportunity> deals, Collection<PipelineDefinition> pipelines,
                                         List<LocalDate> periodStarts, LocalDate end, ForecastRules rules,
                                         BigDecimal priorWeight) {
        Objects.requireNonNull(deals, "deals");
        Objects.requireNonNull(periodStarts, "periodStarts");
        Objects.requireNonNull(end, "end");
        List<PeriodResult> results = new ArrayList<>();
        for (int index = 0; index < periodStarts.size(); index++) {
            LocalDate start = periodStarts.get(index);
            LocalDate next = index + 1 < periodStarts.size() ? periodStarts.get(index + 1) : end;
            if (!next.isAfter(start)) {
                throw new InvalidValueException("periodStarts", periodStarts, "must be ascending and before end");
            }
            LocalDate last = next.minusDays(1);
            Instant madeAt = start.atStartOfDay(ZoneOffset.UTC).toInstant();
            List<Opportunity> recorded = deals.stream().filter(deal -> recordedAt(deal, madeAt)).toList();
            Calibration calibration = Calibration.fromHistory(pipelines, deals, madeAt, priorWeight);
            Forecast forecast = Forecast.of(recorded, start, last, madeAt, calibration::probabilityFor, rules,
                    Forecast.slipRate(deals, madeAt));
            Instant closedBy = next.atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
            MoneyTotals actual = Forecast.of(recorded, start, last, closedBy, deal -> deal.stage().defaultWinProbability(),
                    rules, BigDecimal.ZERO).wonToDate();
            Map<Currency, BigDecimal> accuracy = new LinkedHashMap<>();
            actual.byCurrency().forEach((currency, won) -> {
                if (won.isPositive()) {
                    Money predicted = forecast.full().get(currency).orElse(Money.zero(currency));
                    BigDecimal error = predicted.minus(won).amount().abs().divide(won.amount(), 4, RoundingMode.HALF_EVEN);
                    accuracy.put(currency, BigDecimal.ONE.subtract(error).max(BigDecimal.ZERO).setScale(4));
                }
            });
            results.add(new PeriodResult(start, last, forecast.full(), forecast.conservative(), actual, accuracy,
                    deals.size() - recorded.size()));
        }
        return results;
    }

    /** Whether the deal's state at {@code instant} is recorded: it did not exist yet, or no inferred move follows. */
    private static boolean recordedAt(Opportunity deal, Instant instant) {
        if (deal.createdAt().isAfter(instant)) {
            return true;
        }
        for (StageChanged change : deal.stageChanges()) {
            if (change.inferred() && change.occurredAt().isAfter(instant)) {
                return false;
            }
        }
        return true;
    }
}
