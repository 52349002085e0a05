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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The analytics targets of issue #7 at their scale, on {@link SyntheticPortfolio}: metrics over 1M
 * deals and about 5M events, the as-of snapshot of every deal at a past instant, and the Monte Carlo
 * forecast over the open deals (10k trials).
 *
 * <p>Run: {@code java -Xmx12g -jar pipeline-benchmarks/target/benchmarks.jar ScaleBenchmarks -f 1 -wi 1 -i 3
 * -jvmArgs -Xmx12g}.
 */
@State(Scope.Benchmark)
public class ScaleBenchmarks {

    @Param({"100000", "1000000"})
    public int deals;

    private List<Opportunity> portfolio;
    private Instant halfYearAgo;
    private Forecast forecast;

    @Setup
    public void setUp() {
        portfolio = SyntheticPortfolio.generate(deals, 42, Workload.NOW);
        halfYearAgo = Workload.NOW.minus(Duration.ofDays(182));
        // Every open deal in the period, so the simulation draws for all of them.
        forecast = Forecast.of(portfolio, LocalDate.parse("2024-01-01"), LocalDate.parse("2027-12-31"), Workload.NOW,
                deal -> deal.stage().defaultWinProbability(), ForecastRules.defaults(), new BigDecimal("0.3"));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PipelineMetrics metricsAtScale() {
        return PipelineMetrics.of(portfolio, Workload.NOW);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void asOfSnapshotAtScale(Blackhole sink) {
        for (Opportunity deal : portfolio) {
            sink.consume(deal.asOf(halfYearAgo));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<Currency, ?> monteCarloAtScale() {
        return forecast.simulate(10_000, 42);
    }
}
