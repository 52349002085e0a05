package dev.salespipeline.benchmarks;

import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSet;
import dev.salespipeline.rules.RuleSources;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rebuilding the default rule set in a JVM that has built it before (a reload). The cold first build
 * is {@link ColdBuildBenchmark}, whose state builds nothing beforehand.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar RuleSetBenchmarks}.
 */
@State(Scope.Benchmark)
public class RuleSetBenchmarks {

    private PipelineRules rules;

    @Setup
    public void setUp() {
        rules = PipelineRules.load(RuleSources.defaults());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RuleSet warmReload() {
        return rules.reload();
    }
}
