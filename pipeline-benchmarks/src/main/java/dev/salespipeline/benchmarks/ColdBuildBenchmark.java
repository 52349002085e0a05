package dev.salespipeline.benchmarks;

import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The first build of the default rule set in a fresh JVM: one single shot per fork, nothing built
 * before it.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar ColdBuildBenchmark -f 5 -wi 0 -i 1}.
 */
public class ColdBuildBenchmark {

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PipelineRules coldBuild() {
        return PipelineRules.load(RuleSources.defaults());
    }
}
