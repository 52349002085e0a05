package dev.salespipeline.core.forecast;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.PipelineDefinition;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
 */
public final class Backtest {

    private Backtest() {
    }

    /**
     * One period's result: forecast (full and conservative), actual, and accuracy per currency:
     * 1 − |forecast − actual| ÷ actual, floored at 0, four decimal places; absent where nothing was won.
     */
    public record PeriodResult(LocalDate start, LocalDate end, MoneyTotals forecast, MoneyTotals conservative,
                               MoneyTotals actual, Map<Currency, BigDecimal> accuracy) {

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
            java.time.Instant madeAt = start.atStartOfDay(ZoneOffset.UTC).toInstant();
            Calibration calibration = Calibration.fromHistory(pipelines, deals, madeAt, priorWeight);
            Forecast forecast = Forecast.of(deals, start, last, madeAt, calibration::probabilityFor, rules,
                    Forecast.slipRate(deals, madeAt));
            java.time.Instant closedBy = next.atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
            MoneyTotals actual = Forecast.of(deals, start, last, closedBy, deal -> deal.stage().defaultWinProbability(),
                    rules, BigDecimal.ZERO).wonToDate();
            Map<Currency, BigDecimal> accuracy = new LinkedHashMap<>();
            actual.byCurrency().forEach((currency, won) -> {
                if (won.isPositive()) {
                    Money predicted = forecast.full().get(currency).orElse(Money.zero(currency));
                    BigDecimal error = predicted.minus(won).amount().abs().divide(won.amount(), 4, RoundingMode.HALF_EVEN);
                    accuracy.put(currency, BigDecimal.ONE.subtract(error).max(BigDecimal.ZERO).setScale(4));
                }
            });
            results.add(new PeriodResult(start, last, forecast.full(), forecast.conservative(), actual, accuracy));
        }
        return results;
    }
}
