package dev.salespipeline.benchmarks;

import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.opportunity.Opportunity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Metrics, an as-of snapshot and the Monte Carlo forecast over the generated portfolio.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar AnalyticsBenchmarks}.
 */
@State(Scope.Benchmark)
public class AnalyticsBenchmarks {

    @Param("2000")
    public int deals;

    private List<Opportunity> portfolio;
    private Forecast forecast;
    private Instant halfYearAgo;

    @Setup
    public void setUp() {
        portfolio = Workload.portfolio(deals);
        halfYearAgo = Workload.NOW.minus(Duration.ofDays(182));
        forecast = Forecast.of(portfolio, LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-31"), Workload.NOW,
                deal -> deal.stage().defaultWinProbability(), ForecastRules.defaults(), new BigDecimal("0.3"));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PipelineMetrics metricsNow() {
        return PipelineMetrics.of(portfolio, Workload.NOW);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PipelineMetrics metricsAsOfHalfAYearAgo() {
        return PipelineMetrics.of(portfolio, halfYearAgo);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<Currency, ?> monteCarlo10kTrials() {
        return forecast.simulate(10_000, 42);
    }
}
