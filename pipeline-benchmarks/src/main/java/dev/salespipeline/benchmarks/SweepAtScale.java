package dev.salespipeline.benchmarks;

import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
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
 * The portfolio sweep of issue #7 at 100k and 1M deals with 10 pieces of evidence each: every open
 * deal's next gate by the default rules against the plain-Java baseline in the same run, and the full
 * sweep (gates, alerts and regression/disqualification reviews), which has no baseline.
 *
 * <p>Variants show what each design choice buys: requests one by one on the calling thread
 * ({@code gateSweepDrools}), sweeps shared among the cores ({@code ...Parallel}), and the three
 * requests of a deal answered in one session run ({@code portfolioSweep...}).
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar SweepAtScale -f 1 -wi 1 -i 3
 * -jvmArgs -Xmx14g}.
 */
@State(Scope.Benchmark)
public class SweepAtScale {

    @Param({"10000", "100000", "1000000"})
    public int deals;

    private List<Opportunity> open;
    private List<GateRequest> gates;
    private PipelineRules rules;
    private PipelineRules oneThread;
    private PlainJavaGates plain;
    private StageAverages averages;

    @Setup
    public void setUp() {
        List<Opportunity> portfolio = SyntheticPortfolio.generate(deals, 42, Workload.NOW, 10);
        open = portfolio.stream().filter(Opportunity::isOpen).toList();
        gates = Workload.nextGates(open, open.size());
        rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC)).build();
        oneThread = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC))
                .sweepParallelism(1).build();
        plain = new PlainJavaGates();
        averages = StageAverages.configured();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void gateSweepDrools(Blackhole sink) {
        for (GateRequest request : gates) {
            sink.consume(rules.evaluate(request));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void gateSweepPlainJava(Blackhole sink) {
        for (GateRequest request : gates) {
            sink.consume(plain.evaluate(request));
        }
    }

    /** The next-gate sweep on every core, against the baseline on every core below. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object gateSweepDroolsParallel() {
        return rules.evaluateNextGates(open);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object gateSweepPlainJavaParallel() {
        return gates.parallelStream().map(plain::evaluate).toList();
    }

    /** Gates, alerts and reviews answered in one session run per deal, on every core. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object portfolioSweepDrools() {
        return rules.sweepPortfolio(open, averages);
    }

    /** The same on the calling thread alone: what the single pass gains without parallelism. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object portfolioSweepDroolsOneThread() {
        return oneThread.sweepPortfolio(open, averages);
    }

    /** Gates, alerts and reviews as three separate sweeps. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void fullSweepDrools(Blackhole sink) {
        sink.consume(rules.evaluateNextGates(open));
        sink.consume(rules.sweep(open, averages));
        sink.consume(rules.reviewAll(open));
    }
}
